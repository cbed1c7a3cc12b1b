package io.pitlake.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.pitlake.job.ingest.RawIngestPlan;
import io.pitlake.job.ingest.VendorDataset;
import io.pitlake.simulator.PolygonSimulator;
import io.pitlake.simulator.sec.SecSimulator;
import io.pitlake.simulator.sec.SimulatedCiks;
import io.pitlake.source.rest.Credentials;
import io.pitlake.table.PitlakeTables;
import io.pitlake.testing.Lake;
import io.pitlake.testing.Runs;
import io.pitlake.vendor.polygon.PolygonOptions;
import io.pitlake.vendor.sec.SecOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The research panel across corporate actions, in 2024 of the simulators: OLDC's rename to NEWC
 * (2024-09-03, EDGAR filer {@link SimulatedCiks#RENAMED_CIK}), SPLT's 4-for-1 split (ex
 * 2024-06-10), RSPL's 1-for-10 reverse split and DIVC's dividends, with Polygon's ticker details
 * and events (the security master), splits and dividends (the adjustment factors) and the renamed
 * company's SEC filings.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PanelActionsITCase {

  @RegisterExtension static final MiniClusterExtension FLINK = Runs.miniCluster();

  static final List<String> SYMBOLS = List.of("OLDC", "NEWC", "SPLT", "RSPL", "DIVC");
  static final LocalDate FROM = LocalDate.of(2024, 1, 1);
  static final LocalDate TO = LocalDate.of(2024, 12, 31);
  static final LocalDate RENAMED = LocalDate.of(2024, 9, 3);

  static final List<VendorDataset> POLYGON =
      List.of(
          VendorDataset.POLYGON_TICKER_DETAILS,
          VendorDataset.POLYGON_TICKER_EVENTS,
          VendorDataset.POLYGON_SPLITS,
          VendorDataset.POLYGON_DIVIDENDS);

  @TempDir static Path root;

  PolygonSimulator polygon;
  SecSimulator sec;
  Lake full;

  @BeforeAll
  void ingestAndBuild() throws Exception {
    polygon = PolygonSimulator.builder().apiKey(Runs.KEY).build().start();
    sec = SecSimulator.builder().renamedFiler(true).build().start();
    full = new Lake(root.resolve("full"));
    Runs.backfill(full, polygon, SYMBOLS, FROM, TO, RunMode.BATCH);
    Configuration options = Runs.options();
    options.set(PolygonOptions.BASE_URL, polygon.baseUrl());
    options.set(SecOptions.BASE_URL, sec.baseUrl());
    options.set(SecOptions.FILES_BASE_URL, sec.baseUrl());
    options.set(SecOptions.USER_AGENT, "pitlake tests admin@pitlake.example");
    Path polygonKey = Files.writeString(root.resolve("polygon.key"), Runs.KEY);
    Backfill ingest = new Backfill(new Configuration(), line -> {});
    ingest.ingest(
        new RawIngestPlan(
            full.config(),
            POLYGON,
            SYMBOLS,
            List.of(),
            FROM,
            TO,
            Map.of("polygon", Credentials.fromFile(polygonKey)),
            options));
    ingest.ingest(
        new RawIngestPlan(
            full.config(),
            PanelITCase.SEC,
            List.of(),
            List.of(Long.toString(SimulatedCiks.RENAMED_CIK)),
            FROM,
            TO,
            Map.of(),
            options));
    PanelITCase.build(full, RunMode.BATCH);
  }

  @AfterAll
  void stop() throws Exception {
    polygon.close();
    sec.close();
    full.close();
  }

  @Test
  @DisplayName("the renamed company keeps its CIK and fundamentals under the old and new ticker")
  void renamedCompanyKeepsItsFundamentals() {
    List<Map<String, Object>> panel = full.rows(PitlakeTables.GOLD_PANEL_DAILY);
    List<Map<String, Object>> oldTicker = bySymbol(panel, "OLDC");
    List<Map<String, Object>> newTicker = bySymbol(panel, "NEWC");
    assertThat(oldTicker).isNotEmpty();
    assertThat(newTicker).isNotEmpty();
    assertThat(oldTicker)
        .allSatisfy(r -> assertThat((LocalDate) r.get("session_date")).isBefore(RENAMED));
    assertThat(newTicker)
        .allSatisfy(r -> assertThat((LocalDate) r.get("session_date")).isAfterOrEqualTo(RENAMED));

    // SEC's company_tickers.json lists only NEWC, so before the master knew OLDC (its first
    // month-end snapshot, known 2024-02-01) OLDC rows have no CIK; from then on they have NEWC's.
    Instant masterKnown = Instant.parse("2024-02-01T05:00:00Z");
    for (Map<String, Object> row : oldTicker) {
      Instant barKnown = (Instant) row.get("bar_available_at");
      assertThat(row.get("cik"))
          .as("OLDC %s", row.get("session_date"))
          .isEqualTo(barKnown.isBefore(masterKnown) ? null : SimulatedCiks.RENAMED_CIK);
    }
    assertThat(newTicker)
        .allSatisfy(r -> assertThat(r.get("cik")).isEqualTo(SimulatedCiks.RENAMED_CIK));

    Map<String, Object> lastOld = oldTicker.get(oldTicker.size() - 1);
    Map<String, Object> firstNew = newTicker.get(0);
    assertThat(lastOld.get("fundamentals_available_at")).isNotNull();
    for (String column :
        List.of(
            "fundamentals_available_at",
            "fiscal_quarter_end",
            "revenue_ttm",
            "shares_outstanding")) {
      assertThat(firstNew.get(column))
          .as("%s across the rename (no filing in between)", column)
          .isEqualTo(lastOld.get(column));
    }
    assertThat(oldTicker.stream().filter(r -> r.get("revenue_ttm") != null))
        .hasSizeGreaterThan(100);
  }

  @Test
  @DisplayName("returns are total returns: a split or dividend on the ex date is no jump")
  void returnsAreTotalReturnsAcrossActions() {
    List<Map<String, Object>> actions =
        full.rows(PitlakeTables.SILVER_CORPORATE_ACTIONS).stream()
            .filter(a -> a.get("vendor").equals("polygon"))
            .toList();
    assertThat(actions).extracting(a -> a.get("symbol")).contains("SPLT", "RSPL", "DIVC");
    Map<String, Map<LocalDate, Double>> closes = closes();
    int checked = 0;
    for (Map<String, Object> row : full.rows(PitlakeTables.GOLD_PANEL_DAILY)) {
      String symbol = (String) row.get("symbol");
      LocalDate session = (LocalDate) row.get("session_date");
      Map<LocalDate, Double> series = closes.get(symbol);
      Optional<LocalDate> previous =
          series.keySet().stream().filter(session::isAfter).max(Comparator.naturalOrder());
      if (previous.isEmpty()) {
        continue;
      }
      double close = series.get(session);
      double before = series.get(previous.get());
      double ratio = 1;
      for (Map<String, Object> action : actions) {
        if (action.get("symbol").equals(symbol) && session.equals(action.get("ex_date"))) {
          ratio *=
              action.get("cash_amount") != null
                  ? 1 - (Double) action.get("cash_amount") / before
                  : (Double) action.get("split_from") / (Double) action.get("split_to");
          checked++;
        }
      }
      assertThat((Double) row.get("ret_1d"))
          .as("%s %s", symbol, session)
          .isCloseTo(close / (before * ratio) - 1, within(1e-12));
    }
    assertThat(checked).as("ex-date rows checked").isGreaterThanOrEqualTo(3);

    LocalDate exDate = LocalDate.of(2024, 6, 10);
    double split = ret1d(full.rows(PitlakeTables.GOLD_PANEL_DAILY), "SPLT", exDate);
    double raw = ret1d(full.rows(PitlakeTables.GOLD_BAR_FEATURES_DAILY), "SPLT", exDate);
    assertThat(raw).as("raw close to raw close across a 4-for-1 split").isLessThan(-0.6);
    assertThat(split).isBetween(-0.2, 0.2);
    double rawVol = volAfter(full.rows(PitlakeTables.GOLD_BAR_FEATURES_DAILY), "SPLT", exDate);
    double vol = volAfter(full.rows(PitlakeTables.GOLD_PANEL_DAILY), "SPLT", exDate);
    assertThat(vol).isLessThan(rawVol / 3);
  }

  @Test
  @DisplayName("streaming SQL over the same bronze gives the batch build's panel")
  void streamingEqualsBatch() throws Exception {
    try (Lake streaming = new Lake(root.resolve("streaming"))) {
      copyBronze(full, streaming, r -> true);
      PanelITCase.build(streaming, RunMode.STREAMING);

      assertThat(streaming.rows(PitlakeTables.GOLD_PANEL_DAILY))
          .hasSizeGreaterThan(500)
          .isEqualTo(full.rows(PitlakeTables.GOLD_PANEL_DAILY));
    }
  }

  @Test
  @DisplayName("a build on the inputs known by T gives exactly the full panel rows known by T")
  void prefixBuildEqualsFullBuildUpToT() throws Exception {
    PanelITCase.assertPrefixBuildsEqualFullBuild(
        full,
        root,
        List.of(Instant.parse("2024-06-10T15:00:00Z"), Instant.parse("2024-09-20T21:00:00Z")),
        PanelActionsITCase::copyBronze);
  }

  private Map<String, Map<LocalDate, Double>> closes() {
    Map<String, Map<LocalDate, Double>> closes = new HashMap<>();
    for (Map<String, Object> bar : full.rows(PitlakeTables.SILVER_BARS_DAILY)) {
      closes
          .computeIfAbsent((String) bar.get("symbol"), s -> new HashMap<>())
          .put((LocalDate) bar.get("session_date"), (Double) bar.get("close"));
    }
    return closes;
  }

  private static List<Map<String, Object>> bySymbol(List<Map<String, Object>> rows, String symbol) {
    return rows.stream()
        .filter(r -> r.get("symbol").equals(symbol))
        .sorted(Comparator.comparing(r -> (LocalDate) r.get("session_date")))
        .toList();
  }

  private static double ret1d(List<Map<String, Object>> rows, String symbol, LocalDate session) {
    return rows.stream()
        .filter(r -> r.get("symbol").equals(symbol) && r.get("session_date").equals(session))
        .map(r -> (Double) r.get("ret_1d"))
        .findFirst()
        .orElseThrow();
  }

  /** vol_21d ten sessions after {@code session}, when the window holds its return. */
  private static double volAfter(List<Map<String, Object>> rows, String symbol, LocalDate session) {
    return rows.stream()
        .filter(r -> r.get("symbol").equals(symbol))
        .filter(r -> ((LocalDate) r.get("session_date")).isAfter(session.plusDays(13)))
        .sorted(Comparator.comparing(r -> (LocalDate) r.get("session_date")))
        .map(r -> (Double) r.get("vol_21d"))
        .findFirst()
        .orElseThrow();
  }

  private static void copyBronze(Lake from, Lake to, java.util.function.Predicate<Record> keep) {
    PanelITCase.copyBronze(from, to, keep);
    for (VendorDataset dataset : POLYGON) {
      from.copyTo(to, dataset.table(), keep);
    }
  }
}
