package io.pitlake.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.features.library.FeatureVectorTest;
import io.pitlake.features.library.ReferenceFeatures;
import io.pitlake.job.RunMode;
import io.pitlake.job.ingest.VendorDataset;
import io.pitlake.simulator.PolygonSimulator;
import io.pitlake.table.FeatureColumns;
import io.pitlake.table.Layer;
import io.pitlake.table.PitlakeTables;
import io.pitlake.table.TableSpec;
import io.pitlake.testing.KnownBy;
import io.pitlake.testing.Lake;
import io.pitlake.testing.Runs;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * gold.features_daily end to end on the simulator's lake: SPLT's 4-for-1 split and DIVC's dividends
 * ingested from Polygon with their bars, the factors built in gold.adjustment_factors and the
 * features in the adjusted layer; Polygon's ticker details give the security master, whose first
 * monthly snapshot (2024-01-31) is known only after January's rows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FeaturesDailyITCase {

  @RegisterExtension static final MiniClusterExtension FLINK = Runs.miniCluster();

  static final List<String> SYMBOLS = List.of("SPLT", "DIVC");
  static final LocalDate FROM = LocalDate.of(2024, 1, 1);
  static final LocalDate TO = LocalDate.of(2024, 12, 31);
  static final LocalDate SPLIT_EX = LocalDate.of(2024, 6, 10);
  static final Layer[] LAYERS = {Layer.SILVER, Layer.REFERENCE, Layer.ADJUSTED, Layer.FEATURES};
  static final List<TableSpec> BRONZE =
      List.of(
          PitlakeTables.BRONZE_POLYGON_AGGS,
          VendorDataset.POLYGON_SPLITS.table(),
          VendorDataset.POLYGON_DIVIDENDS.table(),
          VendorDataset.POLYGON_TICKER_DETAILS.table());

  @TempDir static Path root;

  PolygonSimulator polygon;
  Lake full;

  @BeforeAll
  void ingestAndBuild() throws Exception {
    polygon = PolygonSimulator.builder().apiKey(Runs.KEY).build().start();
    full = new Lake(root.resolve("full"));
    Runs.backfill(full, polygon, SYMBOLS, FROM, TO, RunMode.BATCH);
    Runs.ingestPolygon(
        full,
        polygon,
        List.of(
            VendorDataset.POLYGON_SPLITS,
            VendorDataset.POLYGON_DIVIDENDS,
            VendorDataset.POLYGON_TICKER_DETAILS),
        SYMBOLS,
        FROM,
        TO);
    Runs.buildSql(full, RunMode.BATCH, Layer.REFERENCE, Layer.ADJUSTED, Layer.FEATURES);
  }

  @AfterAll
  void stop() throws Exception {
    polygon.close();
    full.close();
  }

  @Test
  @DisplayName("one row per bar known, in the session's basis: the split day's return is a return")
  void rowsAreInTheSessionsBasis() {
    List<Map<String, Object>> rows = full.rows(PitlakeTables.GOLD_FEATURES_DAILY);
    assertThat(rows.stream().map(r -> r.get("symbol")).distinct())
        .containsExactlyInAnyOrderElementsOf(SYMBOLS);
    assertThat(rows.size())
        .isGreaterThanOrEqualTo(full.rows(PitlakeTables.SILVER_BARS_DAILY).size());
    Map<String, Object> exDay =
        rows.stream()
            .filter(r -> r.get("symbol").equals("SPLT") && r.get("session_date").equals(SPLIT_EX))
            .max(Comparator.comparing(r -> (Instant) r.get("available_at")))
            .orElseThrow();
    assertThat(Math.abs((Double) exDay.get("ret_1d"))).isLessThan(0.2);
    assertThat((Double) exDay.get("rsi_14")).isBetween(0.0, 100.0);
  }

  @Test
  @DisplayName("every sampled row equals the reference on the series as known at its instant")
  void rowsEqualTheReferenceAsKnownThen() {
    List<Map<String, Object>> bars = full.rows(PitlakeTables.SILVER_BARS_DAILY);
    List<Map<String, Object>> factors = full.rows(PitlakeTables.GOLD_ADJUSTMENT_FACTORS);
    List<Map<String, Object>> rows = new ArrayList<>(full.rows(PitlakeTables.GOLD_FEATURES_DAILY));
    rows.sort(Comparator.comparing(Object::toString));
    int checked = 0;
    for (int i = 0; i < rows.size(); i += Math.max(1, rows.size() / 40)) {
      Map<String, Object> row = rows.get(i);
      assertThat(agreesWithReference(row, bars, factors)).as("%s", row).isTrue();
      checked++;
    }
    for (Map<String, Object> row : rows) {
      LocalDate session = (LocalDate) row.get("session_date");
      if (!session.isBefore(SPLIT_EX) && session.isBefore(SPLIT_EX.plusDays(20))) {
        assertThat(agreesWithReference(row, bars, factors)).as("%s", row).isTrue();
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(40);
  }

  @Test
  @DisplayName(
      "security_id is the master's as known at the row's instant: NULL before its first snapshot"
          + " was known, the symbol's security from then on")
  void securityIdAsKnownAtTheRowsInstant() {
    List<Map<String, Object>> master = full.rows(PitlakeTables.SILVER_SECURITY_MASTER);
    List<Map<String, Object>> rows = full.rows(PitlakeTables.GOLD_FEATURES_DAILY);
    for (String symbol : SYMBOLS) {
      List<Map<String, Object>> states =
          master.stream().filter(m -> m.get("ticker").equals(symbol)).toList();
      assertThat(states).extracting(m -> m.get("security_id")).doesNotContainNull();
      Object security = states.get(0).get("security_id");
      Instant known =
          states.stream()
              .map(m -> (Instant) m.get("available_at"))
              .min(Comparator.naturalOrder())
              .orElseThrow();
      List<Map<String, Object>> ofSymbol =
          rows.stream().filter(r -> r.get("symbol").equals(symbol)).toList();
      assertThat(ofSymbol)
          .filteredOn(r -> ((Instant) r.get("available_at")).isBefore(known))
          .as("%s's rows before %s", symbol, known)
          .hasSizeGreaterThan(15)
          .allSatisfy(r -> assertThat(r.get("security_id")).isNull());
      assertThat(ofSymbol)
          .filteredOn(r -> !((Instant) r.get("available_at")).isBefore(known))
          .hasSizeGreaterThan(200)
          .allSatisfy(r -> assertThat(r.get("security_id")).isEqualTo(security));
    }
  }

  @Test
  @DisplayName("streaming SQL over the same bronze gives the batch rows")
  void streamingEqualsBatch() throws Exception {
    try (Lake streaming = new Lake(root.resolve("streaming"))) {
      for (TableSpec table : BRONZE) {
        full.copyTo(streaming, table, record -> true);
      }
      Runs.buildSql(streaming, RunMode.STREAMING, LAYERS);
      assertThat(streaming.rows(PitlakeTables.GOLD_FEATURES_DAILY))
          .isNotEmpty()
          .isEqualTo(full.rows(PitlakeTables.GOLD_FEATURES_DAILY));
    }
  }

  @Test
  @DisplayName("a run on the inputs known by T gives exactly the full run's rows known by T")
  void prefixRunEqualsFullRunUpToT() throws Exception {
    List<Instant> cuts =
        List.of(
            Instant.parse("2024-06-10T04:00:00Z"), // the instant SPLT's split starts to adjust
            Instant.parse("2024-09-03T12:00:00Z"));
    int i = 0;
    for (Instant cut : cuts) {
      try (Lake prefix = new Lake(root.resolve("prefix-" + i++))) {
        for (TableSpec table : BRONZE) {
          full.copyTo(prefix, table, record -> !Lake.availableAt(record).isAfter(cut));
        }
        Runs.buildSql(prefix, RunMode.BATCH, LAYERS);
        assertThat(KnownBy.written(prefix.rows(PitlakeTables.GOLD_FEATURES_DAILY), cut))
            .as("known by %s", cut)
            .isNotEmpty()
            .isEqualTo(KnownBy.written(full.rows(PitlakeTables.GOLD_FEATURES_DAILY), cut));
      }
    }
  }

  /**
   * Whether every feature of {@code row} equals the reference on its symbol's bars in effect at its
   * instant (the highest version known per session, up to its session) and the factor set newest at
   * that instant, each ex date's factor its row's product over the next row's.
   */
  private static boolean agreesWithReference(
      Map<String, Object> row, List<Map<String, Object>> bars, List<Map<String, Object>> factors) {
    String symbol = (String) row.get("symbol");
    Instant at = (Instant) row.get("available_at");
    LocalDate session = (LocalDate) row.get("session_date");
    TreeMap<Integer, Map<String, Object>> known = new TreeMap<>();
    for (Map<String, Object> b : bars) {
      if (b.get("symbol").equals(symbol)
          && !((Instant) b.get("available_at")).isAfter(at)
          && !((LocalDate) b.get("session_date")).isAfter(session)) {
        known.merge(
            (Integer) b.get("session_index"),
            b,
            (x, y) -> (Integer) x.get("version") >= (Integer) y.get("version") ? x : y);
      }
    }
    List<ReferenceFeatures.Bar> series = new ArrayList<>();
    for (Map<String, Object> b : known.values()) {
      Double vwap = (Double) b.get("vwap");
      series.add(
          new ReferenceFeatures.Bar(
              (Integer) b.get("session_index"),
              (LocalDate) b.get("session_date"),
              (Double) b.get("open"),
              (Double) b.get("high"),
              (Double) b.get("low"),
              (Double) b.get("close"),
              (Double) b.get("volume"),
              vwap == null ? Double.NaN : vwap));
    }
    Instant setAt =
        factors.stream()
            .filter(f -> f.get("symbol").equals(symbol))
            .map(f -> (Instant) f.get("available_at"))
            .filter(t -> !t.isAfter(at))
            .max(Comparator.naturalOrder())
            .orElse(null);
    List<Map<String, Object>> set =
        factors.stream()
            .filter(f -> f.get("symbol").equals(symbol) && f.get("available_at").equals(setAt))
            .filter(f -> f.get("ex_date") != null)
            .sorted(Comparator.comparing(f -> (LocalDate) f.get("ex_date")))
            .toList();
    List<ReferenceFeatures.Action> actions = new ArrayList<>();
    for (int k = 0; k < set.size(); k++) {
      double next = k + 1 < set.size() ? (Double) set.get(k + 1).get("total_factor") : 1;
      actions.add(
          new ReferenceFeatures.Action(
              (LocalDate) set.get(k).get("ex_date"),
              (Double) set.get(k).get("total_factor") / next));
    }
    Map<String, Double> expected = ReferenceFeatures.row(series, series.size() - 1, actions);
    for (String column : FeatureColumns.ALL) {
      Double value = (Double) row.get(column);
      if (!FeatureVectorTest.agree(value == null ? Double.NaN : value, expected.get(column))) {
        return false;
      }
    }
    return true;
  }
}
