package io.pitlake.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.pitlake.job.RunMode;
import io.pitlake.job.ingest.VendorDataset;
import io.pitlake.options.pricing.BlackScholes;
import io.pitlake.options.pricing.IvReason;
import io.pitlake.options.pricing.OptionInputs;
import io.pitlake.options.pricing.PricingOptions;
import io.pitlake.options.pricing.VolatilitySurface;
import io.pitlake.simulator.PolygonSimulator;
import io.pitlake.simulator.SimulatedOptionChains;
import io.pitlake.table.Layer;
import io.pitlake.table.PitlakeTables;
import io.pitlake.table.TableSpec;
import io.pitlake.testing.KnownBy;
import io.pitlake.testing.Lake;
import io.pitlake.testing.Runs;
import io.pitlake.time.NyseCalendar;
import io.pitlake.vendor.polygon.PolygonDatasets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * gold.option_features_daily and gold.iv_surface_daily over the Polygon simulator's chains, whose
 * every bar is priced by Black-Scholes-Merton at a known volatility: SPLT (its 4-for-1 split of
 * 2024-06-10 adjusts the contracts alive across it) and DIVC (a dividend going ex 2024-06-13,
 * declared 2024-05-21, after the first sessions of contracts expiring after it) and F (about $50,
 * where the simulator's seven strikes around the money straddle the forward on most days; SPLT's
 * and DIVC's thousands of dollars per share leave their $10 grid on one side of it within days),
 * options from 2024-05-13 to 2024-06-21 on stock bars from 2024-03-01.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OptionsGoldITCase {

  @RegisterExtension static final MiniClusterExtension FLINK = Runs.miniCluster();

  static final List<String> SYMBOLS = List.of("SPLT", "DIVC", "F");

  /** The symbol whose price (about $50) its seven strikes of $2.50 straddle most days. */
  static final String SURFACE = "F";

  static final LocalDate OPTIONS_FROM = LocalDate.of(2024, 5, 13);
  static final LocalDate OPTIONS_TO = LocalDate.of(2024, 6, 21);
  static final LocalDate BARS_FROM = LocalDate.of(2024, 3, 1);
  static final LocalDate EX_DIVIDEND = LocalDate.of(2024, 6, 13);

  /**
   * The 30-day ATM IV against the surface's own value at k = 0 and 30 days, half a vol point: the
   * surface's smile (0.25·k²) is read linearly between the nearest solved strikes on either side of
   * the forward (up to about 0.1 apart in k, a few 1e-3 at most), and √t linearly in total variance
   * between the expiries around 30 days (up to four weeks apart, about 5e-4).
   */
  static final double SURFACE_TOLERANCE = 5e-3;

  static final Layer[] LAYERS = {Layer.SILVER, Layer.REFERENCE, Layer.OPTIONS};

  static final List<TableSpec> BRONZE =
      List.of(
          PitlakeTables.BRONZE_POLYGON_AGGS,
          VendorDataset.POLYGON_SPLITS.table(),
          VendorDataset.POLYGON_DIVIDENDS.table(),
          PolygonDatasets.OPTIONS_CONTRACTS.table(),
          PolygonDatasets.OPTIONS_AGGS_DAY.table());

  static final List<TableSpec> GOLD =
      List.of(PitlakeTables.GOLD_OPTION_FEATURES_DAILY, PitlakeTables.GOLD_IV_SURFACE_DAILY);

  @TempDir static Path root;

  PolygonSimulator polygon;
  Lake full;

  @BeforeAll
  void ingestAndBuild() throws Exception {
    polygon = PolygonSimulator.builder().apiKey(Runs.KEY).build().start();
    full = new Lake(root.resolve("full"));
    Runs.backfill(full, polygon, SYMBOLS, BARS_FROM, OPTIONS_TO, RunMode.BATCH);
    Runs.ingestPolygon(
        full,
        polygon,
        List.of(VendorDataset.POLYGON_SPLITS, VendorDataset.POLYGON_DIVIDENDS),
        SYMBOLS,
        BARS_FROM,
        LocalDate.of(2024, 12, 31));
    Runs.ingestPolygon(
        full,
        polygon,
        List.of(PolygonDatasets.OPTIONS_CONTRACTS, PolygonDatasets.OPTIONS_AGGS_DAY),
        SYMBOLS,
        OPTIONS_FROM,
        OPTIONS_TO);
    Runs.buildSql(full, options(), RunMode.BATCH, LAYERS);
  }

  /** The simulator prices at its constant rate: the build is told it. */
  static Configuration options() {
    Configuration options = Runs.options();
    options.set(PricingOptions.RISK_FREE_RATE, SimulatedOptionChains.RATE);
    return options;
  }

  @AfterAll
  void stop() throws Exception {
    polygon.close();
    full.close();
  }

  @Test
  @DisplayName(
      "the newest row of every contract and session recovers the simulator's volatility to 1e-6,"
          + " or says why it has none; features are NULL on the expiration day")
  void ivRecoversTheSimulatorsVolatility() {
    SimulatedOptionChains chains = polygon.optionChains();
    Collection<Map<String, Object>> newest = newest(full.rows(features()));
    int solved = 0;
    int continued = 0;
    for (Map<String, Object> row : newest) {
      SimulatedOptionChains.Contract contract =
          chains.contract((String) row.get("option_ticker")).orElseThrow();
      LocalDate session = (LocalDate) row.get("session_date");
      assertThat(row.get("strike")).isEqualTo(contract.strike());
      assertThat(row.get("shares_per_contract")).isEqualTo((double) contract.sharesPerContract());
      if (session.equals(contract.expiry())) {
        assertThat(row).containsEntry("iv_reason", IvReason.EXPIRED.name());
        assertThat(row.get("years_to_expiry")).isNull();
        assertThat(row.get("moneyness")).isNull();
        assertThat(row.get("iv")).isNull();
      } else if (row.get("iv") != null) {
        assertThat((Double) row.get("iv"))
            .as("%s", row)
            .isCloseTo(chains.volatility(contract, session), within(1e-6));
        assertThat(row.get("delta")).isNotNull();
        solved++;
        continued += contract.continues() == null ? 0 : 1;
      } else if (!IvReason.NO_TRADE.name().equals(row.get("iv_reason"))) {
        // A far wing, or a price at its bound in double precision: the true vega says so.
        OptionInputs truth = chains.inputs(contract, session);
        assertThat(row.get("iv_reason"))
            .as("%s", row)
            .isIn(IvReason.VEGA_BELOW_FLOOR.name(), IvReason.BELOW_INTRINSIC.name());
        assertThat(BlackScholes.vega(truth, chains.volatility(contract, session)) / truth.spot())
            .as("%s", row)
            .isLessThan(1e-5);
      }
    }
    assertThat(solved).isGreaterThan(newest.size() / 2);
    assertThat(continued).as("the split's new tickers, priced in their own basis").isPositive();
  }

  @Test
  @DisplayName(
      "a dividend declared after a session gives that session's rows a new version when it is"
          + " known; before, they price without it")
  void aDividendLearnedLateIsANewVersion() {
    Instant declared = declared();
    // At the declaration's instant the day's listings are known too: the sessions before that
    // day have a new version for the dividend alone.
    LocalDate declaredOn = LocalDate.ofInstant(declared.minusMillis(1), NyseCalendar.ZONE);
    List<Map<String, Object>> rows = full.rows(features());
    List<Map<String, Object>> revised =
        rows.stream()
            .filter(r -> r.get("available_at").equals(declared))
            .filter(r -> ((LocalDate) r.get("session_date")).isBefore(declaredOn))
            .toList();
    assertThat(revised)
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.get("underlying")).isEqualTo("DIVC"))
        .allSatisfy(
            r -> assertThat((LocalDate) r.get("expiration_date")).isAfterOrEqualTo(EX_DIVIDEND))
        .allSatisfy(
            r ->
                assertThat(rows)
                    .as("an earlier version, priced without the dividend")
                    .anySatisfy(
                        earlier -> {
                          assertThat(earlier.get("option_ticker"))
                              .isEqualTo(r.get("option_ticker"));
                          assertThat(earlier.get("session_date")).isEqualTo(r.get("session_date"));
                          assertThat((Instant) earlier.get("available_at")).isBefore(declared);
                          assertThat((Double) earlier.get("spot"))
                              .isGreaterThan((Double) r.get("spot"));
                        }));
  }

  @Test
  @DisplayName(
      "the 30-day ATM IV matches the simulator's surface at 30 days; the split's return does not"
          + " show in the realized volatility")
  void surfaceMatchesTheSimulator() {
    io.pitlake.simulator.VolatilitySurface surface = polygon.optionChains().surface();
    Collection<Map<String, Object>> rows =
        newestBy(full.rows(PitlakeTables.GOLD_IV_SURFACE_DAILY), "underlying", "session_date");
    int checked = 0;
    for (Map<String, Object> row : rows) {
      if (row.get("atm_iv_30d") != null) {
        double truth =
            surface.volatility((String) row.get("underlying"), 0, VolatilitySurface.THIRTY_DAYS);
        assertThat((Double) row.get("atm_iv_30d"))
            .as("%s", row)
            .isCloseTo(truth, within(SURFACE_TOLERANCE));
        checked++;
      }
      if (row.get("rv_21d") != null) {
        assertThat((Double) row.get("rv_21d")).as("%s", row).isBetween(0.0, 1.0);
      }
    }
    assertThat(checked)
        .isGreaterThan(
            (int) rows.stream().filter(r -> r.get("underlying").equals(SURFACE)).count() / 2);
    assertThat(rows).anySatisfy(r -> assertThat(r.get("skew_25d_30d")).isNotNull());
    assertThat(rows).anySatisfy(r -> assertThat(r.get("rv_21d")).isNotNull());
  }

  @Test
  @DisplayName("streaming SQL over the same bronze gives the batch rows, both gold tables")
  void streamingEqualsBatch() throws Exception {
    try (Lake streaming = new Lake(root.resolve("streaming"))) {
      for (TableSpec table : BRONZE) {
        full.copyTo(streaming, table, record -> true);
      }
      Runs.buildSql(streaming, options(), RunMode.STREAMING, LAYERS);
      for (TableSpec table : GOLD) {
        assertThat(streaming.rows(table)).as(table.name()).isNotEmpty().isEqualTo(full.rows(table));
      }
    }
  }

  @Test
  @DisplayName(
      "a run on the inputs known by T gives exactly the full run's rows known by T, both gold"
          + " tables: before and at the dividend's declaration")
  void prefixRunEqualsFullRunUpToT() throws Exception {
    Instant declared = declared();
    int i = 0;
    for (Instant cut : List.of(declared.minusMillis(1), declared)) {
      try (Lake prefix = new Lake(root.resolve("prefix-" + i++))) {
        for (TableSpec table : BRONZE) {
          full.copyTo(prefix, table, record -> !Lake.availableAt(record).isAfter(cut));
        }
        Runs.buildSql(prefix, options(), RunMode.BATCH, LAYERS);
        for (TableSpec table : GOLD) {
          assertThat(KnownBy.written(prefix.rows(table), cut))
              .as("%s known by %s", table.name(), cut)
              .isNotEmpty()
              .isEqualTo(KnownBy.written(full.rows(table), cut));
        }
      }
    }
  }

  /** When DIVC's dividend going ex on {@link #EX_DIVIDEND} was first known. */
  private Instant declared() {
    return full.rows(PitlakeTables.SILVER_CORPORATE_ACTIONS).stream()
        .filter(r -> EX_DIVIDEND.equals(r.get("ex_date")))
        .map(r -> (Instant) r.get("available_at"))
        .min(Comparator.naturalOrder())
        .orElseThrow();
  }

  private static TableSpec features() {
    return PitlakeTables.GOLD_OPTION_FEATURES_DAILY;
  }

  /** Per contract and session, the row with the latest available_at. */
  private static Collection<Map<String, Object>> newest(List<Map<String, Object>> rows) {
    return newestBy(rows, "option_ticker", "session_date");
  }

  private static Collection<Map<String, Object>> newestBy(
      List<Map<String, Object>> rows, String... key) {
    return rows.stream()
        .collect(
            Collectors.toMap(
                r -> Set.of(key).stream().map(k -> k + "=" + r.get(k)).sorted().toList(),
                r -> r,
                (a, b) ->
                    ((Instant) a.get("available_at")).isAfter((Instant) b.get("available_at"))
                        ? a
                        : b))
        .values();
  }
}
