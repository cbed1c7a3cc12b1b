package io.pitlake.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.pitlake.simulator.BadBar;
import io.pitlake.simulator.BadBarKind;
import io.pitlake.simulator.PolygonSimulator;
import io.pitlake.simulator.Revision;
import io.pitlake.simulator.SimulatedBar;
import io.pitlake.table.PitlakeTables;
import io.pitlake.testing.Lake;
import io.pitlake.testing.MutableClock;
import io.pitlake.testing.Runs;
import io.pitlake.time.NyseCalendar;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spine end to end: 3 symbols x 1 year from the simulator over loopback HTTP, through the REST
 * source, into real Iceberg tables, then silver and gold by the SQL files. The tests run in order
 * on one lake: first run, re-run, then a run after the vendor revised a bar.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackfillITCase {

  @RegisterExtension static final MiniClusterExtension FLINK = Runs.miniCluster();

  static final List<String> SYMBOLS = List.of("AAPL", "MSFT", "NVDA", "ZZZ");
  static final LocalDate FROM = LocalDate.of(2024, 1, 1);
  static final LocalDate TO = LocalDate.of(2024, 12, 31);
  static final LocalDate REVISED = LocalDate.of(2024, 5, 15);
  static final Instant REVISION_AT = Instant.parse("2025-03-01T00:00:00Z");
  static final NyseCalendar NYSE = NyseCalendar.instance();
  static final Duration DELAY = Duration.ofMinutes(15);

  @TempDir static Path warehouse;

  final MutableClock vendorClock = new MutableClock(Instant.parse("2025-01-02T00:00:00Z"));
  PolygonSimulator simulator;
  Lake lake;

  @BeforeAll
  void start() {
    simulator =
        PolygonSimulator.builder()
            .seed(7)
            .apiKey(Runs.KEY)
            .clock(vendorClock)
            .revision(new Revision("AAPL", REVISED, REVISION_AT))
            .badBar(new BadBar("AAPL", LocalDate.of(2024, 3, 15), BadBarKind.HIGH_BELOW_LOW))
            .badBar(new BadBar("MSFT", LocalDate.of(2024, 6, 3), BadBarKind.MISSING_CLOSE))
            .badBar(new BadBar("NVDA", LocalDate.of(2024, 7, 4), BadBarKind.CLOSED_DAY))
            .malformedPage("ZZZ")
            .build()
            .start();
    lake = new Lake(warehouse);
  }

  @AfterAll
  void stop() throws Exception {
    simulator.close();
    lake.close();
  }

  @Test
  @Order(1)
  @DisplayName("a backfill stores every session once, quarantines every bad input and builds gold")
  void firstRun() throws Exception {
    Backfill.Result result = Runs.backfill(lake, simulator, SYMBOLS, FROM, TO, RunMode.BATCH);

    int sessions = NYSE.sessions(FROM, TO).size();
    assertThat(sessions).isEqualTo(252);
    assertThat(result.rows("bronze.polygon_aggs")).isEqualTo(3 * sessions + 1);
    assertThat(result.rows("silver.bars_daily")).isEqualTo(3 * sessions - 2);
    assertThat(result.rows("gold.bar_features_daily")).isEqualTo(3 * sessions - 2);

    for (var table :
        List.of(PitlakeTables.SILVER_BARS_DAILY, PitlakeTables.GOLD_BAR_FEATURES_DAILY)) {
      assertThat(lake.summary(table))
          .as("a batch run rebuilds %s with plain data files", table.id())
          .containsEntry("total-delete-files", "0")
          .containsEntry("total-records", String.valueOf(result.rows(table.id().toString())));
    }

    List<Map<String, Object>> silver = lake.rows(PitlakeTables.SILVER_BARS_DAILY);
    for (Map<String, Object> row : silver) {
      LocalDate session = (LocalDate) row.get("session_date");
      assertThat(row.get("available_at"))
          .as("available_at of %s", row)
          .isEqualTo(NYSE.extendedClose(session).plus(DELAY));
      assertThat(row.get("event_time"))
          .isEqualTo(session.atStartOfDay(NyseCalendar.ZONE).toInstant());
      assertThat(row.get("version")).isEqualTo(1);
      assertThat(row)
          .as("insert-only silver carries no superseded_at")
          .doesNotContainKey("superseded_at");
    }
    Map<Object, Set<LocalDate>> datesBySymbol =
        silver.stream()
            .collect(
                Collectors.groupingBy(
                    r -> r.get("symbol"),
                    Collectors.mapping(
                        r -> (LocalDate) r.get("session_date"), Collectors.toSet())));
    Set<LocalDate> all = Set.copyOf(NYSE.sessions(FROM, TO));
    assertThat(datesBySymbol.get("NVDA")).isEqualTo(all);
    assertThat(datesBySymbol.get("AAPL"))
        .hasSize(sessions - 1)
        .doesNotContain(LocalDate.of(2024, 3, 15));
    assertThat(datesBySymbol.get("MSFT"))
        .hasSize(sessions - 1)
        .doesNotContain(LocalDate.of(2024, 6, 3));

    List<Map<String, Object>> quarantine = lake.rows(PitlakeTables.SILVER_QUARANTINE);
    assertThat(quarantine)
        .extracting(r -> r.get("symbol") + " " + r.get("stage") + " " + r.get("reason"))
        .hasSize(4)
        .contains(
            "AAPL silver high h below low l",
            "MSFT silver missing or non-numeric field c (close)",
            "NVDA silver bar on a day the NYSE was closed");
    Map<String, Object> page =
        quarantine.stream().filter(r -> "ZZZ".equals(r.get("symbol"))).findFirst().orElseThrow();
    assertThat(page.get("stage")).isEqualTo("ingest");
    assertThat((String) page.get("payload")).contains("<html>");
    for (Map<String, Object> row : quarantine) {
      assertThat(row.toString()).doesNotContain(Runs.KEY);
    }
    for (Map<String, Object> row : lake.rows(PitlakeTables.BRONZE_POLYGON_AGGS)) {
      assertThat((String) row.get("request_url"))
          .doesNotContain(Runs.KEY)
          .startsWith("http://127.0.0.1:");
    }
  }

  @Test
  @Order(2)
  @DisplayName("gold features equal an independent computation from the simulator's closes")
  void goldFeaturesMatchAnIndependentComputation() {
    List<Map<String, Object>> gold = lake.rows(PitlakeTables.GOLD_BAR_FEATURES_DAILY);
    LocalDate day = LocalDate.of(2024, 12, 31);
    Map<String, Object> row = goldRow(gold, "NVDA", day);
    List<LocalDate> sessions = NYSE.sessions(LocalDate.of(2024, 11, 1), day);
    List<Double> closes = new ArrayList<>();
    for (LocalDate s : sessions.subList(sessions.size() - 22, sessions.size())) {
      closes.add(simulator.bar("NVDA", s, vendorClock.instant()).c());
    }
    double close = closes.get(21);
    assertThat((double) row.get("close")).isEqualTo(close);
    assertThat((double) row.get("ret_1d")).isCloseTo(close / closes.get(20) - 1, within(1e-12));
    assertThat((double) row.get("ret_5d")).isCloseTo(close / closes.get(16) - 1, within(1e-12));
    assertThat((double) row.get("ret_21d")).isCloseTo(close / closes.get(0) - 1, within(1e-12));
    double[] logReturns = new double[21];
    double mean = 0;
    for (int i = 0; i < 21; i++) {
      logReturns[i] = Math.log(closes.get(i + 1) / closes.get(i));
      mean += logReturns[i] / 21;
    }
    double variance = 0;
    for (double r : logReturns) {
      variance += (r - mean) * (r - mean) / 20;
    }
    assertThat((double) row.get("vol_21d")).isCloseTo(Math.sqrt(variance), within(1e-12));
    assertThat(row.get("returns_in_window")).isEqualTo(21);
    assertThat(row.get("available_at")).isEqualTo(NYSE.extendedClose(day).plus(DELAY));
    SimulatedBar bar = simulator.bar("NVDA", day, vendorClock.instant());
    assertThat((double) row.get("dollar_volume")).isCloseTo(bar.vw() * bar.v(), within(1e-3));

    Map<String, Object> first = goldRow(gold, "NVDA", LocalDate.of(2024, 1, 2));
    assertThat(first.get("ret_1d")).isNull();
    assertThat(first.get("vol_21d")).isNull();
    assertThat(first.get("returns_in_window")).isEqualTo(0);
    Map<String, Object> afterGap = goldRow(gold, "AAPL", LocalDate.of(2024, 3, 18));
    assertThat(afterGap.get("ret_1d")).as("the previous bar was quarantined").isNull();
    // The missing 03-15 bar removes two returns from the window: into it and out of it.
    assertThat(afterGap.get("returns_in_window")).isEqualTo(19);
  }

  @Test
  @Order(3)
  @DisplayName("running the same backfill again leaves every table with the same rows")
  void secondRunAddsNothing() throws Exception {
    var bronze = lake.rows(PitlakeTables.BRONZE_POLYGON_AGGS);
    var silver = lake.rows(PitlakeTables.SILVER_BARS_DAILY);
    var gold = lake.rows(PitlakeTables.GOLD_BAR_FEATURES_DAILY);
    Set<String> quarantineWithoutTimes = Set.of("ingested_at", "available_at");
    var quarantine = lake.rows(PitlakeTables.SILVER_QUARANTINE, quarantineWithoutTimes);

    Runs.backfill(lake, simulator, SYMBOLS, FROM, TO, RunMode.BATCH);

    assertThat(lake.rows(PitlakeTables.BRONZE_POLYGON_AGGS)).isEqualTo(bronze);
    assertThat(lake.rows(PitlakeTables.SILVER_BARS_DAILY)).isEqualTo(silver);
    assertThat(lake.rows(PitlakeTables.GOLD_BAR_FEATURES_DAILY)).isEqualTo(gold);
    assertThat(lake.rows(PitlakeTables.SILVER_QUARANTINE, quarantineWithoutTimes))
        .isEqualTo(quarantine);
  }

  @Test
  @Order(4)
  @DisplayName("a bar the vendor revised becomes exactly one new version; history stays")
  void revisedBarBecomesOneNewVersion() throws Exception {
    var bronzeBefore = lake.rows(PitlakeTables.BRONZE_POLYGON_AGGS);
    var goldBefore = lake.rows(PitlakeTables.GOLD_BAR_FEATURES_DAILY);
    vendorClock.set(REVISION_AT.plus(Duration.ofDays(1)));
    Instant runStart = Instant.now();

    Runs.backfill(lake, simulator, SYMBOLS, FROM, TO, RunMode.BATCH);

    var bronze = lake.rows(PitlakeTables.BRONZE_POLYGON_AGGS);
    assertThat(bronze).hasSize(bronzeBefore.size() + 1).containsAll(bronzeBefore);
    List<Map<String, Object>> versions =
        lake.rows(PitlakeTables.SILVER_BARS_DAILY).stream()
            .filter(r -> r.get("symbol").equals("AAPL") && r.get("session_date").equals(REVISED))
            .toList();
    assertThat(versions).extracting(r -> r.get("version")).containsExactly(1, 2);
    Map<String, Object> v1 = versions.get(0);
    Map<String, Object> v2 = versions.get(1);
    Instant revisedAt = (Instant) v2.get("available_at");
    assertThat(revisedAt).isAfterOrEqualTo(runStart).isEqualTo(v2.get("ingested_at"));
    // Insert-only: v1 is never rewritten; as of T the newest is the highest version known by T.
    assertThat(newestAsOf(versions, revisedAt.minusMillis(1))).isSameAs(v1);
    assertThat(newestAsOf(versions, revisedAt)).isSameAs(v2);
    assertThat(lake.summary(PitlakeTables.SILVER_BARS_DAILY))
        .containsEntry("total-delete-files", "0");
    assertThat(v1.get("available_at")).isEqualTo(NYSE.extendedClose(REVISED).plus(DELAY));
    assertThat(v2.get("close"))
        .isEqualTo(simulator.bar("AAPL", REVISED, vendorClock.instant()).c());
    assertThat(v2.get("close")).isNotEqualTo(v1.get("close"));

    var gold = lake.rows(PitlakeTables.GOLD_BAR_FEATURES_DAILY);
    assertThat(gold).containsAll(goldBefore);
    List<Map<String, Object>> added = new ArrayList<>(gold);
    added.removeAll(goldBefore);
    // The revised close enters the windows of 22 sessions: 21 through its own return, and the 22nd
    // through the next session's return (it is that return's previous close) and ret_21d.
    int first = NYSE.sessionIndex(REVISED);
    assertThat(added)
        .hasSize(22)
        .allSatisfy(r -> assertThat(r.get("available_at")).isEqualTo(revisedAt))
        .extracting(r -> (LocalDate) r.get("session_date"))
        .containsExactlyInAnyOrderElementsOf(
            java.util.stream.IntStream.range(first, first + 22).mapToObj(NYSE::sessionAt).toList());
    assertThat(goldRow(added, "AAPL", REVISED).get("close")).isEqualTo(v2.get("close"));
  }

  static Map<String, Object> newestAsOf(List<Map<String, Object>> versions, Instant t) {
    return versions.stream()
        .filter(r -> !((Instant) r.get("available_at")).isAfter(t))
        .max(java.util.Comparator.comparingInt(r -> (Integer) r.get("version")))
        .orElseThrow();
  }

  static Map<String, Object> goldRow(List<Map<String, Object>> gold, String symbol, LocalDate day) {
    return gold.stream()
        .filter(r -> r.get("symbol").equals(symbol) && r.get("session_date").equals(day))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no gold row for " + symbol + " " + day));
  }
}
