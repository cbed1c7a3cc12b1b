package io.pitlake.adjustment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pitlake.job.Backfill;
import io.pitlake.job.RunMode;
import io.pitlake.job.ingest.RawIngestPlan;
import io.pitlake.job.ingest.VendorDataset;
import io.pitlake.simulator.AlpacaSimulator;
import io.pitlake.simulator.PolygonSimulator;
import io.pitlake.source.rest.Credentials;
import io.pitlake.table.Layer;
import io.pitlake.table.PitlakeTables;
import io.pitlake.table.TableSpec;
import io.pitlake.testing.DocumentedReads;
import io.pitlake.testing.KnownBy;
import io.pitlake.testing.Lake;
import io.pitlake.testing.Runs;
import io.pitlake.time.NyseCalendar;
import io.pitlake.vendor.alpaca.AlpacaOptions;
import io.pitlake.vendor.polygon.PolygonOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
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
 * Point-in-time price adjustment end to end: the simulators' 4-for-1 split (SPLT), 1-for-10 reverse
 * split (RSPL) and dividends (DIVC) ingested from Polygon and Alpaca with their bars, typed in
 * silver.corporate_actions and applied in gold.adjustment_factors, read as adjusted prices by the
 * documented query (sql/reads/bars_daily_adjusted.sql).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CorporateActionsITCase {

  @RegisterExtension static final MiniClusterExtension FLINK = Runs.miniCluster();

  static final List<String> SYMBOLS = List.of("SPLT", "RSPL", "DIVC");
  static final LocalDate FROM = LocalDate.of(2024, 1, 1);
  static final LocalDate TO = LocalDate.of(2024, 12, 31);
  static final String ALPACA_ID = "PKTESTKEY123";
  static final String ALPACA_SECRET = "alpaca-secret-3b9e1f04c2d8";
  static final Layer[] ADJUSTMENT_LAYERS = {Layer.SILVER, Layer.REFERENCE, Layer.ADJUSTED};
  static final List<TableSpec> BRONZE =
      List.of(
          PitlakeTables.BRONZE_POLYGON_AGGS,
          VendorDataset.POLYGON_SPLITS.table(),
          VendorDataset.POLYGON_DIVIDENDS.table(),
          VendorDataset.ALPACA_CORPORATE_ACTIONS.table());
  static final List<TableSpec> BUILT =
      List.of(PitlakeTables.SILVER_CORPORATE_ACTIONS, PitlakeTables.GOLD_ADJUSTMENT_FACTORS);
  static final String MALFORMED_ID = "E-malformed-split";

  @TempDir static Path root;

  PolygonSimulator polygon;
  AlpacaSimulator alpaca;
  Lake full;

  @BeforeAll
  void ingestAndBuild() throws Exception {
    polygon = PolygonSimulator.builder().apiKey(Runs.KEY).build().start();
    alpaca = AlpacaSimulator.builder().keyPair(ALPACA_ID, ALPACA_SECRET).build().start();
    full = new Lake(root.resolve("full"));
    Runs.backfill(full, polygon, SYMBOLS, FROM, TO, RunMode.BATCH);
    Configuration options = Runs.options();
    options.set(PolygonOptions.BASE_URL, polygon.baseUrl());
    options.set(AlpacaOptions.BASE_URL, alpaca.baseUrl());
    Path polygonKey = Files.writeString(root.resolve("polygon.key"), Runs.KEY);
    Path alpacaKey = Files.writeString(root.resolve("alpaca.key"), ALPACA_ID + ":" + ALPACA_SECRET);
    new Backfill(new Configuration(), line -> {})
        .ingest(
            new RawIngestPlan(
                full.config(),
                List.of(
                    VendorDataset.POLYGON_SPLITS,
                    VendorDataset.POLYGON_DIVIDENDS,
                    VendorDataset.ALPACA_CORPORATE_ACTIONS),
                SYMBOLS,
                List.of(),
                FROM,
                TO,
                Map.of(
                    "polygon", Credentials.fromFile(polygonKey),
                    "alpaca", Credentials.fromFile(alpacaKey)),
                options));
    appendMalformedSplit(full);
    Runs.buildSql(full, RunMode.BATCH, Layer.REFERENCE, Layer.ADJUSTED);
  }

  @AfterAll
  void stop() throws Exception {
    polygon.close();
    alpaca.close();
    full.close();
  }

  @Test
  @DisplayName("silver.corporate_actions types both vendors' actions with their rules' instants")
  void silverHoldsBothVendorsActions() {
    List<Map<String, Object>> actions = full.rows(PitlakeTables.SILVER_CORPORATE_ACTIONS);
    Map<String, Object> split =
        only(actions, r -> r.get("vendor").equals("polygon") && r.get("symbol").equals("SPLT"));
    assertThat(split.get("action_type")).isEqualTo("forward_split");
    assertThat(split.get("split_from")).isEqualTo(1.0);
    assertThat(split.get("split_to")).isEqualTo(4.0);
    assertThat(split.get("ex_date")).isEqualTo(LocalDate.of(2024, 6, 10));
    assertThat(split.get("available_at")).isEqualTo(Instant.parse("2024-06-10T04:00:00Z"));
    Map<String, Object> dividend =
        only(
            actions,
            r ->
                r.get("vendor").equals("polygon")
                    && LocalDate.of(2024, 6, 13).equals(r.get("ex_date")));
    assertThat(dividend.get("action_type")).isEqualTo("cash_dividend");
    assertThat(dividend.get("cash_amount")).isEqualTo(0.24);
    assertThat(dividend.get("declaration_date")).isEqualTo(LocalDate.of(2024, 5, 21));
    assertThat(dividend.get("available_at"))
        .as("end of the declaration day in New York")
        .isEqualTo(Instant.parse("2024-05-22T04:00:00Z"));
    assertThat(actions)
        .filteredOn(r -> r.get("vendor").equals("alpaca"))
        .extracting(r -> r.get("action_type"))
        .contains("forward_split", "reverse_split", "cash_dividend");
    Map<String, Object> reverse =
        only(actions, r -> r.get("vendor").equals("alpaca") && r.get("symbol").equals("RSPL"));
    assertThat(reverse.get("split_from")).isEqualTo(10.0);
    assertThat(reverse.get("split_to")).isEqualTo(1.0);
    assertThat(actions)
        .as("insert-only: no end column, derived at read instead")
        .allSatisfy(r -> assertThat(r).doesNotContainKey("superseded_at"));
  }

  @Test
  @DisplayName("a split with a zero ratio is quarantined with its reason and payload, not adjusted")
  void malformedActionIsQuarantined() {
    assertThat(full.rows(PitlakeTables.SILVER_QUARANTINE))
        .filteredOn(r -> r.get("source").equals("polygon.splits"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat((String) r.get("reason")).startsWith("split ratio not positive");
              assertThat((String) r.get("payload")).contains(MALFORMED_ID);
              assertThat(r.get("stage")).isEqualTo("silver");
            });
    assertThat(full.rows(PitlakeTables.SILVER_CORPORATE_ACTIONS))
        .noneMatch(r -> r.get("action_id").equals(MALFORMED_ID));
  }

  @Test
  @DisplayName("adjusted prices at each decision time use exactly the actions known and ex by then")
  void adjustedPricesUseExactlyTheActionsKnownThen() {
    List<Map<String, Object>> bars = full.rows(PitlakeTables.SILVER_BARS_DAILY);
    List<Map<String, Object>> actions =
        full.rows(PitlakeTables.SILVER_CORPORATE_ACTIONS).stream()
            .filter(r -> r.get("vendor").equals("polygon"))
            .toList();
    Prices adjusted = Prices.of(full);
    List<Instant> decisions =
        List.of(
            Instant.parse("2024-01-15T12:00:00Z"),
            Instant.parse("2024-03-14T03:59:59.999Z"),
            Instant.parse("2024-03-14T04:00:00Z"),
            Instant.parse("2024-05-21T12:00:00Z"),
            Instant.parse("2024-06-01T12:00:00Z"),
            Instant.parse("2024-06-10T03:59:59.999Z"),
            Instant.parse("2024-06-10T04:00:00Z"),
            Instant.parse("2024-06-13T04:00:00Z"),
            Instant.parse("2024-08-20T04:00:00Z"),
            Instant.parse("2024-11-05T12:00:00Z"),
            Instant.parse("2024-11-15T04:00:00Z"),
            Instant.parse("2025-01-02T00:00:00Z"));
    int checked = 0;
    for (Instant t : decisions) {
      for (Map<String, Object> bar : bars(bars, t)) {
        String symbol = (String) bar.get("symbol");
        LocalDate session = (LocalDate) bar.get("session_date");
        List<Map<String, Object>> rows =
            adjusted.asOf(t).stream()
                .filter(
                    r -> r.get("symbol").equals(symbol) && r.get("session_date").equals(session))
                .toList();
        assertThat(rows).as("%s %s as of %s", symbol, session, t).hasSize(1);
        Map<String, Object> row = rows.get(0);
        double[] expected = expectedFactors(actions, bars, symbol, session, t);
        assertThat(row.get("close")).isEqualTo(bar.get("close"));
        assertThat(row.get("bar_version")).isEqualTo(bar.get("version"));
        assertThat((Double) row.get("split_factor"))
            .as("split factor of %s %s as of %s", symbol, session, t)
            .isCloseTo(expected[0], within(1e-12));
        assertThat((Double) row.get("total_factor"))
            .as("total factor of %s %s as of %s", symbol, session, t)
            .isCloseTo(expected[1], within(1e-12));
        assertThat((Double) row.get("split_adj_close"))
            .isEqualTo((Double) bar.get("close") * (Double) row.get("split_factor"));
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(1500);

    // The split is announced 2024-05-20 but Polygon dates it by its ex date: before 00:00 New
    // York of 2024-06-10 no price moves; from then on everything before it is divided by 4.
    LocalDate beforeSplit = LocalDate.of(2024, 6, 7);
    assertThat(factorAsOf(adjusted, "SPLT", beforeSplit, "2024-06-10T03:59:59.999Z")).isEqualTo(1);
    assertThat(factorAsOf(adjusted, "SPLT", beforeSplit, "2024-06-10T04:00:00Z")).isEqualTo(0.25);
    assertThat(factorAsOf(adjusted, "RSPL", LocalDate.of(2024, 8, 19), "2025-01-02T00:00:00Z"))
        .isEqualTo(10);
    // DIVC's dividend is declared (and known) on 2024-05-21 but adjusts only from its ex date.
    LocalDate beforeDividend = LocalDate.of(2024, 6, 12);
    assertThat(actions(actions, Instant.parse("2024-06-01T12:00:00Z")))
        .anyMatch(r -> LocalDate.of(2024, 6, 13).equals(r.get("ex_date")));
    assertThat(rowAsOf(adjusted, "DIVC", LocalDate.of(2024, 5, 31), "2024-06-01T12:00:00Z"))
        .extracting(r -> r.get("total_factor"))
        .isEqualTo(1.0);
    Map<String, Object> exDay = rowAsOf(adjusted, "DIVC", beforeDividend, "2024-06-13T04:00:00Z");
    double close = (Double) exDay.get("close");
    assertThat((Double) exDay.get("total_factor")).isCloseTo(1 - 0.24 / close, within(1e-15));
    assertThat(exDay.get("split_factor")).isEqualTo(1.0);
    assertThat(rowAsOf(adjusted, "DIVC", beforeDividend, "2024-06-13T03:59:59.999Z"))
        .extracting(r -> r.get("total_factor"))
        .isEqualTo(1.0);
  }

  @Test
  @DisplayName(
      "ex-close dividends: earlier prices x close(e)/(close(e)+D), known only once bar e is, in"
          + " batch and streaming")
  void exCloseDividendsWaitForTheExDateBar() throws Exception {
    Configuration exClose = Runs.options();
    exClose.set(AdjustmentOptions.DIVIDEND_METHOD, DividendMethod.EX_CLOSE);
    try (Lake batch = new Lake(root.resolve("ex-close-batch"));
        Lake streaming = new Lake(root.resolve("ex-close-streaming"))) {
      for (TableSpec table : BRONZE) {
        full.copyTo(batch, table, record -> true);
        full.copyTo(streaming, table, record -> true);
      }
      Backfill build = new Backfill(new Configuration(), line -> {});
      build.buildSql(batch.config(), exClose, RunMode.BATCH, ADJUSTMENT_LAYERS);
      build.buildSql(streaming.config(), exClose, RunMode.STREAMING, ADJUSTMENT_LAYERS);

      // DIVC pays 0.24 ex 2024-06-13 (the simulator's catalogue). Bar e is known at its close
      // plus after-hours and the publication delay: 2024-06-13 20:15 New York = 2024-06-14T00:15Z.
      Prices adjusted = Prices.of(batch);
      List<Map<String, Object>> bars = batch.rows(PitlakeTables.SILVER_BARS_DAILY);
      LocalDate before = LocalDate.of(2024, 6, 12);
      double exDateClose =
          (Double)
              bars(bars, Instant.parse("2024-06-20T00:00:00Z")).stream()
                  .filter(
                      r ->
                          r.get("symbol").equals("DIVC")
                              && r.get("session_date").equals(LocalDate.of(2024, 6, 13)))
                  .findFirst()
                  .orElseThrow()
                  .get("close");
      assertThat(rowAsOf(adjusted, "DIVC", before, "2024-06-14T00:14:59.999Z"))
          .extracting(r -> r.get("total_factor"))
          .isEqualTo(1.0);
      Map<String, Object> known = rowAsOf(adjusted, "DIVC", before, "2024-06-14T00:15:00Z");
      assertThat((Double) known.get("total_factor"))
          .isCloseTo(exDateClose / (exDateClose + 0.24), within(1e-15));
      // The default (crsp) in the class's lake: from 00:00 New York of e, by close(e-1).
      double crsp =
          (Double)
              rowAsOf(Prices.of(full), "DIVC", before, "2024-06-14T00:15:00Z").get("total_factor");
      assertThat((Double) known.get("total_factor")).isNotEqualTo(crsp);
      // Splits do not depend on the method.
      assertThat(factorAsOf(adjusted, "SPLT", LocalDate.of(2024, 6, 7), "2024-06-10T04:00:00Z"))
          .isEqualTo(0.25);
      for (TableSpec table : BUILT) {
        assertThat(streaming.rows(table))
            .as(table.name())
            .isNotEmpty()
            .isEqualTo(batch.rows(table));
      }
    }
  }

  @Test
  @DisplayName("split-adjusted closes equal the vendor's own adjusted=true series to 1e-9")
  void splitAdjustedClosesEqualTheVendorsAdjustedSeries() throws Exception {
    // The documented read (sql/reads/bars_daily_adjusted.sql) as of now: the newest prices.
    List<Map<String, Object>> newest =
        Runs.query(full, DocumentedReads.adjustedAsOf(Instant.parse("2100-01-01T00:00:00Z")));
    HttpClient http = HttpClient.newHttpClient();
    for (String symbol : SYMBOLS) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          polygon.baseUrl()
                              + "/v2/aggs/ticker/"
                              + symbol
                              + "/range/1/day/"
                              + FROM
                              + "/"
                              + TO
                              + "?adjusted=true&limit=50000"))
                  .header("Authorization", "Bearer " + Runs.KEY)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode results = new ObjectMapper().readTree(response.body()).get("results");
      Map<LocalDate, Double> pitlake =
          newest.stream()
              .filter(r -> r.get("symbol").equals(symbol))
              .collect(
                  Collectors.toMap(
                      r -> (LocalDate) r.get("session_date"),
                      r -> (Double) r.get("split_adj_close")));
      assertThat(pitlake).as(symbol).hasSize(results.size());
      for (JsonNode bar : results) {
        LocalDate session =
            Instant.ofEpochMilli(bar.get("t").asLong()).atZone(NyseCalendar.ZONE).toLocalDate();
        double vendor = bar.get("c").asDouble();
        assertThat(pitlake.get(session))
            .as("%s %s", symbol, session)
            .isCloseTo(vendor, within(1e-9 * vendor));
      }
    }
  }

  @Test
  @DisplayName("streaming SQL over the same bronze gives the batch actions, factors and bars")
  void streamingEqualsBatch() throws Exception {
    try (Lake streaming = new Lake(root.resolve("streaming"))) {
      for (TableSpec table : BRONZE) {
        full.copyTo(streaming, table, record -> true);
      }
      Runs.buildSql(streaming, RunMode.STREAMING, ADJUSTMENT_LAYERS);
      for (TableSpec table : BUILT) {
        assertThat(streaming.rows(table)).as(table.name()).isNotEmpty().isEqualTo(full.rows(table));
      }
    }
  }

  @Test
  @DisplayName("the documented adjusted-prices query returns the rule's prices at every instant")
  void documentedQueryReadsTheRule() throws Exception {
    Prices rule = Prices.of(full);
    for (String t :
        List.of(
            "2024-03-14T03:59:59.999Z",
            "2024-06-10T04:00:00Z",
            "2024-06-13T04:00:00Z",
            "2024-11-15T04:00:00Z",
            "2025-01-02T00:00:00Z")) {
      Instant at = Instant.parse(t);
      List<Map<String, Object>> expected = rule.asOf(at);
      List<Map<String, Object>> read =
          Runs.query(full, DocumentedReads.adjustedAsOf(at)).stream()
              .map(
                  r ->
                      Map.of(
                          "symbol", r.get("symbol"),
                          "session_date", r.get("session_date"),
                          "bar_version", r.get("bar_version"),
                          "close", r.get("close"),
                          "split_factor", r.get("split_factor"),
                          "total_factor", r.get("total_factor"),
                          "split_adj_close", r.get("split_adj_close"),
                          "total_adj_close", r.get("total_adj_close")))
              .toList();
      assertThat(read).as("as of %s", t).isNotEmpty().containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  @Test
  @DisplayName("a run on the inputs known by T gives exactly the full run's rows known by T")
  void prefixRunEqualsFullRunUpToT() throws Exception {
    List<Instant> cuts =
        List.of(
            Instant.parse("2024-06-01T12:00:00Z"), // DIVC's dividend declared, not yet ex
            Instant.parse("2024-06-10T04:00:00Z"), // the instant SPLT's split starts to adjust
            Instant.parse("2024-11-05T12:00:00Z")); // the special dividend declared, not yet ex
    int i = 0;
    for (Instant cut : cuts) {
      try (Lake prefix = new Lake(root.resolve("prefix-" + i++))) {
        for (TableSpec table : BRONZE) {
          full.copyTo(prefix, table, record -> !Lake.availableAt(record).isAfter(cut));
        }
        Runs.buildSql(prefix, RunMode.BATCH, ADJUSTMENT_LAYERS);
        for (TableSpec table : BUILT) {
          // Both tables are insert-only: the rows known by the cut, exactly as written.
          assertThat(KnownBy.written(prefix.rows(table), cut))
              .as("%s known by %s", table.name(), cut)
              .isNotEmpty()
              .isEqualTo(KnownBy.written(full.rows(table), cut));
        }
      }
    }
  }

  /**
   * The factors of a session as of t, computed directly: the product over the Polygon actions in
   * effect at t (their version known by t and not superseded, and their ex date reached) whose ex
   * date is after the session.
   */
  private static double[] expectedFactors(
      List<Map<String, Object>> actions,
      List<Map<String, Object>> bars,
      String symbol,
      LocalDate session,
      Instant t) {
    double split = 1;
    double total = 1;
    for (Map<String, Object> action : actions(actions, t)) {
      LocalDate ex = (LocalDate) action.get("ex_date");
      Instant knownFrom = adjustsFrom(action);
      if (!action.get("symbol").equals(symbol) || !ex.isAfter(session) || knownFrom.isAfter(t)) {
        continue;
      }
      if (action.get("cash_amount") != null) {
        Map<String, Object> previous =
            bars(bars, knownFrom).stream()
                .filter(b -> b.get("symbol").equals(symbol))
                .filter(b -> ((LocalDate) b.get("session_date")).isBefore(ex))
                .max(java.util.Comparator.comparing(b -> (LocalDate) b.get("session_date")))
                .orElseThrow();
        total *= 1 - (Double) action.get("cash_amount") / (Double) previous.get("close");
      } else {
        double factor = (Double) action.get("split_from") / (Double) action.get("split_to");
        split *= factor;
        total *= factor;
      }
    }
    return new double[] {split, total};
  }

  /**
   * When a Polygon action starts to adjust, stated here from TABLES.md's rules rather than taken
   * from the product: a dividend is known at the end (24:00 New York) of its declaration date, a
   * split (which carries no announcement date) at 00:00 New York of its ex date; either adjusts
   * from the later of that and 00:00 New York of its ex date. The simulators publish each action
   * once, so the rule, not a later fetch, dates every version; the action's own {@code
   * available_at} must agree.
   */
  private static Instant adjustsFrom(Map<String, Object> action) {
    ZoneId newYork = ZoneId.of("America/New_York");
    LocalDate ex = (LocalDate) action.get("ex_date");
    LocalDate declared = (LocalDate) action.get("declaration_date");
    Instant exStart = ex.atStartOfDay(newYork).toInstant();
    Instant known =
        action.get("cash_amount") != null && declared != null
            ? declared.plusDays(1).atStartOfDay(newYork).toInstant()
            : exStart;
    assertThat(action.get("available_at")).as("%s", action.get("action_id")).isEqualTo(known);
    return known.isAfter(exStart) ? known : exStart;
  }

  /** silver.bars_daily as known at t. */
  private static List<Map<String, Object>> bars(List<Map<String, Object>> bars, Instant t) {
    return KnownBy.newest(bars, t, "symbol", "session_date");
  }

  /** silver.corporate_actions as known at t. */
  private static List<Map<String, Object>> actions(List<Map<String, Object>> actions, Instant t) {
    return KnownBy.newest(actions, t, "vendor", "action_id");
  }

  /**
   * Adjusted prices as a backtest at t reads them, by the documented rule, stated here on the
   * tables' rows: each session's newest bar version known at t (silver) times the factors of the
   * row that covers the session in its symbol's newest factor set known at t (gold), else 1.
   */
  record Prices(List<Map<String, Object>> bars, List<Map<String, Object>> factors) {

    static Prices of(Lake lake) {
      return new Prices(
          lake.rows(PitlakeTables.SILVER_BARS_DAILY),
          lake.rows(PitlakeTables.GOLD_ADJUSTMENT_FACTORS));
    }

    List<Map<String, Object>> asOf(Instant t) {
      Map<String, Instant> sets = new java.util.HashMap<>();
      for (Map<String, Object> f : factors) {
        Instant at = (Instant) f.get("available_at");
        if (!at.isAfter(t)) {
          sets.merge((String) f.get("symbol"), at, (x, y) -> x.isAfter(y) ? x : y);
        }
      }
      List<Map<String, Object>> rows = new java.util.ArrayList<>();
      for (Map<String, Object> bar : KnownBy.newest(bars, t, "symbol", "session_date")) {
        String symbol = (String) bar.get("symbol");
        LocalDate session = (LocalDate) bar.get("session_date");
        Map<String, Object> covering =
            factors.stream()
                .filter(f -> f.get("symbol").equals(symbol))
                .filter(f -> f.get("available_at").equals(sets.get(symbol)))
                .filter(f -> f.get("ex_date") != null)
                .filter(f -> session.isBefore((LocalDate) f.get("ex_date")))
                .filter(
                    f ->
                        f.get("session_from") == null
                            || !session.isBefore((LocalDate) f.get("session_from")))
                .findFirst()
                .orElse(Map.of("split_factor", 1.0, "total_factor", 1.0));
        double close = (Double) bar.get("close");
        double split = (Double) covering.get("split_factor");
        double total = (Double) covering.get("total_factor");
        rows.add(
            Map.of(
                "symbol", symbol,
                "session_date", session,
                "bar_version", bar.get("version"),
                "close", close,
                "split_factor", split,
                "total_factor", total,
                "split_adj_close", close * split,
                "total_adj_close", close * total));
      }
      return rows;
    }
  }

  private static Map<String, Object> rowAsOf(
      Prices adjusted, String symbol, LocalDate session, String t) {
    return adjusted.asOf(Instant.parse(t)).stream()
        .filter(r -> r.get("symbol").equals(symbol) && r.get("session_date").equals(session))
        .findFirst()
        .orElse(null);
  }

  private static double factorAsOf(Prices adjusted, String symbol, LocalDate session, String t) {
    return (Double) rowAsOf(adjusted, symbol, session, t).get("split_factor");
  }

  private static Map<String, Object> only(
      List<Map<String, Object>> rows, java.util.function.Predicate<Map<String, Object>> match) {
    List<Map<String, Object>> matching = rows.stream().filter(match).toList();
    assertThat(matching).hasSize(1);
    return matching.get(0);
  }

  /** A bronze split whose ratio is 0: it parses, so ingest keeps it, and silver must refuse it. */
  private static void appendMalformedSplit(Lake lake) {
    TableSpec table = VendorDataset.POLYGON_SPLITS.table();
    Map<String, Object> template = lake.rows(table).get(0);
    Record record = Lake.newRecord(table);
    Map<String, Object> values = new HashMap<>(template);
    values.put("observation_key", MALFORMED_ID);
    values.put("version", 1);
    values.put("payload_hash", "malformed");
    values.put(
        "payload",
        "{\"execution_date\":\"2024-07-01\",\"id\":\""
            + MALFORMED_ID
            + "\",\"split_from\":0,\"split_to\":2,\"ticker\":\"SPLT\"}");
    values.put("event_time", Instant.parse("2024-07-01T04:00:00Z"));
    values.put("available_at", Instant.parse("2024-07-01T04:00:00Z"));
    for (String column : Set.copyOf(values.keySet())) {
      Object value = values.get(column);
      record.setField(
          column, value instanceof Instant instant ? instant.atOffset(ZoneOffset.UTC) : value);
    }
    lake.append(table, List.of(record));
  }
}
