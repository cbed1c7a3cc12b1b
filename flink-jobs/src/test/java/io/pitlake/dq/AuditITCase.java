package io.pitlake.dq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pitlake.catalog.Catalogs;
import io.pitlake.cli.Pitlake;
import io.pitlake.job.Backfill;
import io.pitlake.job.LakeTables;
import io.pitlake.job.RunMode;
import io.pitlake.job.ingest.VendorDataset;
import io.pitlake.job.sql.SqlEnvironments;
import io.pitlake.quarantine.WithheldBars;
import io.pitlake.simulator.BadBar;
import io.pitlake.simulator.BadBarKind;
import io.pitlake.simulator.PolygonSimulator;
import io.pitlake.table.Layer;
import io.pitlake.table.PitlakeTables;
import io.pitlake.table.TableSpec;
import io.pitlake.tag.ConsistentPoint;
import io.pitlake.tag.LakeTags;
import io.pitlake.testing.Lake;
import io.pitlake.testing.Runs;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.metrics.ScanMetricsResult;
import org.apache.iceberg.metrics.ScanReport;
import org.apache.iceberg.util.SnapshotUtil;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Write-audit-publish on the simulator's SPLT (4-for-1, ex 2024-06-10: a -75% day) and AAPL, whose
 * 2024-06-11 bar comes without a close (quarantined by silver, so a missing session): the week
 * blocks while the split is unannounced and the gap blocks, leaving main's silver and gold as they
 * were; once the split is known and the gap only warns, the same week publishes.
 */
class AuditITCase {

  @RegisterExtension static final MiniClusterExtension FLINK = Runs.miniCluster();

  static final List<String> SYMBOLS = List.of("AAPL", "SPLT");
  static final LocalDate GAP = LocalDate.parse("2024-06-11");

  /** The tables of a symbol-day's bars besides the daily bars, and the minutes' features. */
  static final List<TableSpec> DAYS_BARS =
      List.of(
          PitlakeTables.SILVER_VENDOR_BARS,
          PitlakeTables.SILVER_MINUTE_BARS,
          PitlakeTables.GOLD_BAR_FEATURES_MINUTE);

  @TempDir Path root;

  @Test
  @DisplayName("a missing session and an unannounced split block; a known split publishes")
  void blockedBuildLeavesMainAndAKnownSplitPublishes() throws Exception {
    try (PolygonSimulator polygon = simulatorWithAGap();
        Lake lake = new Lake(root.resolve("lake"));
        var closeable = Backfill.closeable(Catalogs.create(lake.config()))) {
      Catalog catalog = closeable.get();
      Configuration audited = Runs.options();
      audited.set(DqOptions.AUDIT, true);

      backfill(lake, polygon, "2024-05-20", "2024-06-07", audited);
      Table bars = catalog.loadTable(PitlakeTables.SILVER_BARS_DAILY.id());
      assertThat(bars.currentSnapshot().snapshotId())
          .as("a clean month publishes: main is the audited branch")
          .isEqualTo(bars.snapshot("audit").snapshotId());
      assertThat(bars.refs().keySet()).anyMatch(ref -> ref.startsWith("publish-"));
      assertThat(outcomes(lake)).containsOnly("pass");

      List<TableSpec> guarded =
          List.of(PitlakeTables.SILVER_BARS_DAILY, PitlakeTables.GOLD_BAR_FEATURES_DAILY);
      List<Long> mainBefore = snapshots(catalog, guarded);
      List<List<Map<String, Object>>> rowsBefore = new ArrayList<>();
      guarded.forEach(t -> rowsBefore.add(lake.rows(t)));

      assertThatThrownBy(() -> backfill(lake, polygon, "2024-06-10", "2024-06-13", audited))
          .isInstanceOf(AuditFailedException.class)
          .hasMessageContaining("gate session_coverage found 1 (AAPL 2024-06-11")
          .hasMessageContaining("gate unexplained_jump found 1 (SPLT 2024-06-10")
          .hasMessageContaining("dq.unexplained_jump.severity=warn in --config")
          .hasMessageContaining("gold.dq_results WHERE audit_id");
      assertThat(snapshots(catalog, guarded)).as("main unchanged").isEqualTo(mainBefore);
      for (int i = 0; i < guarded.size(); i++) {
        assertThat(lake.rows(guarded.get(i))).isEqualTo(rowsBefore.get(i));
      }
      bars.refresh();
      assertThat(sessions(bars, bars.snapshot("audit").snapshotId()))
          .as("the blocked build stays on its branch")
          .contains(LocalDate.parse("2024-06-10"));
      assertThat(lake.rows(PitlakeTables.GOLD_DQ_RESULTS))
          .filteredOn(r -> "blocked".equals(r.get("outcome")) && r.get("symbol") != null)
          .extracting(r -> r.get("gate") + " " + r.get("symbol") + " " + r.get("session_date"))
          .containsExactlyInAnyOrder(
              "session_coverage AAPL 2024-06-11", "unexplained_jump SPLT 2024-06-10");

      // The split becomes known; the gap is accepted as a warning: the same week publishes.
      splitsKnown(lake, polygon, SYMBOLS, audited);
      audited.set(Gate.SESSION_COVERAGE.severity(), Severity.WARN);
      backfill(lake, polygon, "2024-06-10", "2024-06-13", audited);
      bars.refresh();
      assertThat(sessions(bars, bars.currentSnapshot().snapshotId()))
          .contains(LocalDate.parse("2024-06-10"), LocalDate.parse("2024-06-13"));
      assertThat(lake.rows(PitlakeTables.GOLD_DQ_RESULTS))
          .filteredOn(r -> r.get("symbol") != null && !"blocked".equals(r.get("outcome")))
          .extracting(r -> r.get("gate") + " " + r.get("symbol") + " " + r.get("outcome"))
          .containsExactly("session_coverage AAPL warned");

      updateAndStreamingBuild(lake, catalog, audited);
    }
  }

  @Test
  @DisplayName(
      "quarantine withholds a missing session's and an unannounced split's symbols from their day"
          + " on and publishes the rest; the next update releases them")
  void quarantineWithholdsTheSymbolDaysAndTheNextUpdateReleasesThem() throws Exception {
    List<String> symbols = List.of("AAPL", "MSFT", "SPLT");
    try (PolygonSimulator polygon = simulatorWithAGap();
        Lake lake = new Lake(root.resolve("lake"));
        Lake fresh = new Lake(root.resolve("fresh"));
        Lake released = new Lake(root.resolve("released"));
        var closeable = Backfill.closeable(Catalogs.create(lake.config()))) {
      Catalog catalog = closeable.get();
      Configuration quarantining = Runs.options();
      quarantining.set(DqOptions.AUDIT, true);
      quarantining.set(Gate.SESSION_COVERAGE.severity(), Severity.QUARANTINE);
      quarantining.set(Gate.UNEXPLAINED_JUMP.severity(), Severity.QUARANTINE);
      LocalDate split = LocalDate.parse("2024-06-10");

      backfill(lake, polygon, symbols, "2024-05-20", "2024-06-13", quarantining, RunMode.BATCH);
      Table bars = catalog.loadTable(PitlakeTables.SILVER_BARS_DAILY.id());
      assertThat(bars.currentSnapshot().snapshotId())
          .as("published")
          .isEqualTo(bars.snapshot("audit").snapshotId());
      Map<String, LocalDate> newest = newestSession(lake, PitlakeTables.SILVER_BARS_DAILY);
      assertThat(newest)
          .as("main gains every other symbol-day; AAPL stops before its gap, SPLT before its jump")
          .containsEntry("MSFT", LocalDate.parse("2024-06-13"))
          .containsEntry("AAPL", split)
          .containsEntry("SPLT", LocalDate.parse("2024-06-07"));
      assertThat(newestSession(lake, PitlakeTables.GOLD_BAR_FEATURES_DAILY)).isEqualTo(newest);
      for (long id : SnapshotUtil.ancestorIds(bars.currentSnapshot(), bars::snapshot)) {
        assertThat(sessions(bars, id, "SPLT"))
            .as("no snapshot main ever held has a withheld bar")
            .allMatch(d -> d.isBefore(split));
        assertThat(sessions(bars, id, "AAPL")).allMatch(d -> !d.isAfter(split));
      }
      List<String> withheldDays =
          List.of(
              "SPLT 2024-06-10",
              "SPLT 2024-06-11",
              "SPLT 2024-06-12",
              "SPLT 2024-06-13",
              "AAPL 2024-06-12",
              "AAPL 2024-06-13");
      List<String> withholdings = quarantined(lake, WithheldBars.STAGE);
      assertThat(withholdings).extracting(AuditITCase::day).hasSameElementsAs(withheldDays);
      assertThat(withholdings)
          .hasSize(withheldDays.size())
          .allMatch(
              r ->
                  r.contains(
                      r.startsWith("SPLT")
                          ? "gate unexplained_jump (dq.unexplained_jump.severity=quarantine) on"
                              + " SPLT 2024-06-10"
                          : "gate session_coverage (dq.session_coverage.severity=quarantine) on"
                              + " AAPL 2024-06-11"));
      assertThat(lake.rows(PitlakeTables.GOLD_DQ_RESULTS))
          .filteredOn(r -> "quarantined".equals(r.get("outcome")) && r.get("symbol") != null)
          .extracting(r -> r.get("gate") + " " + r.get("symbol") + " " + r.get("session_date"))
          .containsExactlyInAnyOrder(
              "session_coverage AAPL 2024-06-11", "unexplained_jump SPLT 2024-06-10");
      Set<String> withheldKeys = WithheldBars.load(Catalogs.loader(lake.config()));
      assertThat(withheldKeys).hasSize(6);
      lake.copyBronzeTo(
          fresh,
          r ->
              !withheldKeys.contains(
                  WithheldBars.key(
                      (String) r.getField("symbol"),
                      (LocalDate) r.getField("session_date"),
                      (String) r.getField("payload"))));
      assertEqualsAFreshBuild(lake, fresh);

      // The days' other bars, the vendors' daily bars and the minutes (and the minutes' features),
      // built by an audited build of their layers, which judges no daily bar: withheld with them.
      Runs.ingestPolygon(
          lake,
          polygon,
          List.of(VendorDataset.POLYGON_GROUPED_DAILY, VendorDataset.POLYGON_AGGS_MINUTE),
          symbols,
          split,
          LocalDate.parse("2024-06-13"));
      Runs.buildSql(lake, quarantining, RunMode.BATCH, Layer.VENDOR_BARS, Layer.INTRADAY);
      List<String> published =
          List.of(
              "AAPL 2024-06-10",
              "MSFT 2024-06-10",
              "MSFT 2024-06-11",
              "MSFT 2024-06-12",
              "MSFT 2024-06-13");
      for (TableSpec table : DAYS_BARS) {
        assertThat(symbolDays(lake, table, symbols))
            .as(table.name() + " leaves the withheld days out and keeps the others")
            .doesNotContainAnyElementsOf(withheldDays)
            .containsAll(published);
      }

      // The split becomes known; the next update judges the withheld days again: SPLT's move is
      // explained, and the vendor's bar for AAPL's gap (fetched again in the lookback) closes it.
      splitsKnown(lake, polygon, symbols, Runs.options());
      Path config =
          config(
              "quarantine",
              "dq.session_coverage.severity=quarantine",
              "dq.unexplained_jump.severity=quarantine");
      Cli update = cli("update", "--audit", "--to", "2024-06-14", "--config", config.toString());
      assertThat(update.code()).as(update.err()).isEqualTo(Pitlake.EXIT_OK);
      assertThat(WithheldBars.load(Catalogs.loader(lake.config()))).as("all released").isEmpty();
      assertThat(quarantined(lake, WithheldBars.RELEASE_STAGE))
          .allMatch(r -> r.contains(" released by audit "))
          .extracting(AuditITCase::day)
          .containsExactlyInAnyOrderElementsOf(withheldDays);
      assertThat(newestSession(lake, PitlakeTables.GOLD_BAR_FEATURES_DAILY))
          .containsEntry("SPLT", LocalDate.parse("2024-06-14"))
          .containsEntry("AAPL", LocalDate.parse("2024-06-14"));
      for (TableSpec table : DAYS_BARS) {
        assertThat(symbolDays(lake, table, symbols))
            .as(table.name() + " gains the released days")
            .containsAll(withheldDays)
            .containsAll(published);
      }
      lake.copyBronzeTo(released, r -> true);
      assertEqualsAFreshBuild(lake, released);
    }
  }

  @Test
  @DisplayName(
      "the gates read a window of sessions, yet a run of missing sessions that begins before it is"
          + " found")
  void aGapThatBeginsBeforeTheGatesWindowIsFound() throws Exception {
    try (PolygonSimulator polygon = PolygonSimulator.builder().apiKey(Runs.KEY).build().start();
        Lake lake = new Lake(root.resolve("lake"))) {
      Configuration audited = Runs.options();
      audited.set(DqOptions.AUDIT, true);
      backfill(lake, polygon, List.of("AAPL"), "2024-05-20", "2024-05-31", audited, RunMode.BATCH);

      // A streaming run appends only the new sessions: the gates read from 2024-06-06 on
      // (dq.stale.sessions - 1 = 4 sessions before 2024-06-12), after the gap began.
      assertThatThrownBy(
              () ->
                  backfill(
                      lake,
                      polygon,
                      List.of("AAPL"),
                      "2024-06-12",
                      "2024-06-13",
                      audited,
                      RunMode.STREAMING))
          .isInstanceOf(AuditFailedException.class)
          .hasMessageContaining("gate session_coverage found 1 (AAPL 2024-06-03");
      try (var catalog = Backfill.closeable(Catalogs.create(lake.config()))) {
        assertThat(
                GateWindow.earliestAdded(
                    catalog.get().loadTable(PitlakeTables.SILVER_BARS_DAILY.id()), "audit"))
            .as("the blocked branch added only the new sessions: the window began after the gap")
            .contains(LocalDate.parse("2024-06-12"));
      }
      assertThat(lake.rows(PitlakeTables.GOLD_DQ_RESULTS))
          .filteredOn(r -> r.get("symbol") != null)
          .extracting(r -> r.get("gate") + " " + r.get("session_date") + " " + r.get("detail"))
          .containsExactly(
              "session_coverage 2024-06-03 7 NYSE session(s) without a bar, 2024-06-03 to"
                  + " 2024-06-11");
    }
  }

  @Test
  @DisplayName(
      "the gates' window of minute bars reads the same rows as its session_date filter and skips"
          + " the manifests of the months before it")
  void theMinutesWindowSkipsTheManifestsBeforeIt() throws Exception {
    TableSpec minutes = PitlakeTables.SILVER_MINUTE_BARS;
    try (PolygonSimulator polygon = PolygonSimulator.builder().apiKey(Runs.KEY).build().start();
        Lake lake = new Lake(root.resolve("lake"));
        var closeable = Backfill.closeable(Catalogs.create(lake.config()))) {
      Runs.ingestPolygon(
          lake,
          polygon,
          List.of(VendorDataset.POLYGON_AGGS_MINUTE),
          List.of("AAPL"),
          LocalDate.parse("2024-05-30"),
          LocalDate.parse("2024-06-04"));
      Runs.buildSql(lake, RunMode.BATCH, Layer.INTRADAY);
      // A manifest per month, as a month of live commits (one manifest each) leaves them.
      Table bars = closeable.get().loadTable(minutes.id());
      bars.rewriteManifests().clusterBy(file -> file.partition().get(0, Integer.class)).commit();
      LocalDate from = LocalDate.parse("2024-06-03");
      String table = minutes.id().toString();
      String windowed = "SELECT * FROM " + table + " WHERE " + SqlGates.window(minutes, from);
      List<Map<String, Object>> byDay =
          Runs.query(lake, "SELECT * FROM " + table + " WHERE session_date >= DATE '" + from + "'");
      assertThat(byDay)
          .as("June's minutes, fewer than the table's")
          .isNotEmpty()
          .hasSizeLessThan(Runs.query(lake, "SELECT * FROM " + table).size());
      assertThat(Runs.query(lake, windowed)).containsExactlyInAnyOrderElementsOf(byDay);

      String plan =
          SqlEnvironments.create(lake.config(), RunMode.BATCH, new Configuration(), Runs.options())
              .explainSql(windowed);
      assertThat(plan.lines().filter(l -> l.contains("TableSourceScan")))
          .as("the scan is given the event_time bound: %s", plan)
          .isNotEmpty()
          .allMatch(l -> l.matches(".*minute_bars.*filter=.*>=\\(event_time.*"));
      Expression day = Expressions.greaterThanOrEqual("session_date", from.toString());
      ScanMetricsResult dayScan = plan(bars, day);
      ScanMetricsResult windowScan =
          plan(
              bars,
              Expressions.and(
                  day,
                  Expressions.greaterThanOrEqual(
                      "event_time",
                      ChronoUnit.MICROS.between(Instant.EPOCH, GateWindow.startOf(from)))));
      assertThat(windowScan.scannedDataManifests().value())
          .as("May's manifest is skipped by its partitions' range, unread")
          .isLessThan(dayScan.scannedDataManifests().value());
      assertThat(windowScan.resultDataFiles().value())
          .as(
              "June's files alone, as session_date's statistics plan them once May's manifest is read")
          .isPositive()
          .isEqualTo(dayScan.resultDataFiles().value())
          .isLessThan(plan(bars, Expressions.alwaysTrue()).resultDataFiles().value());
    }
  }

  /** What planning a scan of {@code table}'s current snapshot with {@code filter} read and kept. */
  private static ScanMetricsResult plan(Table table, Expression filter) throws IOException {
    List<ScanReport> reports = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks =
        table
            .newScan()
            .filter(filter)
            .metricsReporter(r -> reports.add((ScanReport) r))
            .planFiles()) {
      tasks.forEach(t -> {});
    }
    return reports.get(0).scanMetrics();
  }

  /** {@code SYMBOL yyyy-MM-dd} of each row of {@code table} on main, for {@code symbols}. */
  private static Set<String> symbolDays(Lake lake, TableSpec table, List<String> symbols) {
    return lake.rows(table).stream()
        .filter(r -> symbols.contains((String) r.get("symbol")))
        .map(r -> r.get("symbol") + " " + r.get("session_date"))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** {@code SYMBOL yyyy-MM-dd} of a {@link #quarantined} row. */
  private static String day(String quarantined) {
    return quarantined.substring(0, quarantined.indexOf(' ', quarantined.indexOf(' ') + 1));
  }

  /** {@code lake}'s silver and gold bars equal a batch build of {@code fresh}'s bronze. */
  private static void assertEqualsAFreshBuild(Lake lake, Lake fresh) {
    Runs.buildSql(fresh, RunMode.BATCH);
    for (TableSpec table :
        List.of(PitlakeTables.SILVER_BARS_DAILY, PitlakeTables.GOLD_BAR_FEATURES_DAILY)) {
      assertThat(lake.rows(table)).as(table.name()).isEqualTo(fresh.rows(table));
    }
  }

  /** Each symbol's newest session in {@code table} on main. */
  private static Map<String, LocalDate> newestSession(Lake lake, TableSpec table) {
    Map<String, LocalDate> newest = new TreeMap<>();
    for (Map<String, Object> row : lake.rows(table)) {
      newest.merge(
          (String) row.get("symbol"),
          (LocalDate) row.get("session_date"),
          (a, b) -> a.isAfter(b) ? a : b);
    }
    return newest;
  }

  /**
   * {@code SYMBOL date reason} of the quarantine's rows of {@code stage}, each of which must hold
   * the bar's raw bronze payload.
   */
  private static List<String> quarantined(Lake lake, String stage) {
    List<Map<String, Object>> rows =
        lake.rows(PitlakeTables.SILVER_QUARANTINE).stream()
            .filter(r -> stage.equals(r.get("stage")))
            .toList();
    assertThat(rows)
        .extracting(r -> (String) r.get("payload"))
        .as("the raw bronze payload")
        .allMatch(payload -> payload.contains("\"c\":"));
    return rows.stream()
        .map(r -> r.get("symbol") + " " + r.get("session_date") + " " + r.get("reason"))
        .toList();
  }

  /**
   * {@code pitlake update --audit} on the same lake: blocked by a gate set to block everything it
   * judges ({@code main} unchanged, exit 1 naming the gate), then clean (published and tagged, the
   * older publish tags beyond {@code dq.publish-tags.retain} removed, a user's tag kept); then a
   * streaming {@code pitlake build --audit}, which rebuilds silver on the branch and publishes it.
   */
  private void updateAndStreamingBuild(Lake lake, Catalog catalog, Configuration audited)
      throws Exception {
    Table bars = catalog.loadTable(PitlakeTables.SILVER_BARS_DAILY.id());
    LakeTags.create(
        catalog, "research", ConsistentPoint.of(catalog, LakeTables.existingIds(catalog)));
    long mainBefore = bars.currentSnapshot().snapshotId();
    List<String> publishesBefore = publishTags(bars);
    Path strict = config("strict", "dq.stale_close.severity=block", "dq.stale.sessions=1");
    Cli blocked = cli("update", "--audit", "--to", "2024-06-21", "--config", strict.toString());
    assertThat(blocked.code()).as(blocked.err()).isEqualTo(Pitlake.EXIT_FAILED);
    assertThat(blocked.err())
        .containsPattern("pitlake: .*blocked the publish: gate stale_close found \\d+ \\(")
        .contains("dq.stale_close.severity=warn in --config")
        .contains("main is unchanged");
    bars.refresh();
    assertThat(bars.currentSnapshot().snapshotId()).as("main unchanged").isEqualTo(mainBefore);
    assertThat(sessions(bars, bars.snapshot("audit").snapshotId()))
        .contains(LocalDate.parse("2024-06-21"));

    Path relaxed =
        config("relaxed", "dq.session_coverage.severity=warn", "dq.publish-tags.retain=2");
    Cli clean = cli("update", "--audit", "--to", "2024-06-21", "--config", relaxed.toString());
    assertThat(clean.code()).as(clean.err()).isEqualTo(Pitlake.EXIT_OK);
    assertThat(clean.err()).contains("every table tagged 'publish-");
    bars.refresh();
    assertThat(sessions(bars, bars.currentSnapshot().snapshotId()))
        .contains(LocalDate.parse("2024-06-21"));
    assertThat(bars.currentSnapshot().snapshotId()).isEqualTo(bars.snapshot("audit").snapshotId());
    List<String> publishes = publishTags(bars);
    assertThat(publishes)
        .as("the newest two publishes keep their tags, on every table")
        .hasSize(2)
        .doesNotContainAnyElementsOf(publishesBefore);
    assertThat(LakeTags.list(catalog, LakeTables.existingIds(catalog), null))
        .extracting(LakeTags.Tagged::tag)
        .filteredOn(t -> t.startsWith("publish-"))
        .containsOnlyElementsOf(publishes);
    assertThat(bars.refs()).as("a user's tag is kept").containsKey("research");

    Set<String> buildTime = Set.of("ingested_at");
    List<Map<String, Object>> silver = lake.rows(PitlakeTables.SILVER_BARS_DAILY, buildTime);
    long updated = bars.currentSnapshot().snapshotId();
    Configuration streaming = new Configuration(audited);
    streaming.set(DqOptions.PUBLISH_TAGS_RETAIN, 2);
    Runs.buildSql(lake, streaming, RunMode.STREAMING, Layer.SILVER);
    bars.refresh();
    assertThat(bars.currentSnapshot().snapshotId())
        .as("the streaming build's branch is published")
        .isEqualTo(bars.snapshot("audit").snapshotId())
        .isNotEqualTo(updated);
    assertThat(publishTags(bars)).hasSize(2).contains(publishes.get(1));
    assertThat(lake.rows(PitlakeTables.SILVER_BARS_DAILY, buildTime))
        .as("rebuilt as it was")
        .containsExactlyInAnyOrderElementsOf(silver);
  }

  record Cli(int code, String err) {}

  /**
   * A {@code --config} file of {@code lines}, with the built-in simulator standing in for Polygon.
   */
  private Path config(String name, String... lines) throws IOException {
    return Files.writeString(
        root.resolve(name + ".properties"),
        "polygon.api-key-env=PITLAKE_TEST_NO_SUCH_VARIABLE\n" + String.join("\n", lines) + "\n");
  }

  private Cli cli(String... args) {
    List<String> command = new ArrayList<>(List.of(args));
    command.addAll(List.of("--warehouse", root.resolve("lake").toString()));
    StringWriter err = new StringWriter();
    int code =
        Pitlake.commandLine(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true))
            .execute(command.toArray(String[]::new));
    return new Cli(code, err.toString());
  }

  private static List<String> publishTags(Table table) {
    table.refresh();
    return table.refs().keySet().stream().filter(r -> r.startsWith("publish-")).sorted().toList();
  }

  /** The simulator's market, with AAPL's {@link #GAP} bar coming without a close. */
  private static PolygonSimulator simulatorWithAGap() {
    return PolygonSimulator.builder()
        .apiKey(Runs.KEY)
        .badBar(new BadBar("AAPL", GAP, BadBarKind.MISSING_CLOSE))
        .build()
        .start();
  }

  /** Polygon's splits of {@code symbols}, ingested and built into silver's corporate actions. */
  private static void splitsKnown(
      Lake lake, PolygonSimulator polygon, List<String> symbols, Configuration options)
      throws Exception {
    Runs.ingestPolygon(
        lake,
        polygon,
        List.of(VendorDataset.POLYGON_SPLITS),
        symbols,
        LocalDate.parse("2024-05-20"),
        LocalDate.parse("2024-06-13"));
    Runs.buildSql(lake, options, RunMode.BATCH, Layer.REFERENCE);
  }

  private static void backfill(
      Lake lake, PolygonSimulator polygon, String from, String to, Configuration options) {
    backfill(lake, polygon, SYMBOLS, from, to, options, RunMode.BATCH);
  }

  private static void backfill(
      Lake lake,
      PolygonSimulator polygon,
      List<String> symbols,
      String from,
      String to,
      Configuration options,
      RunMode mode) {
    new Backfill(new Configuration(), line -> {})
        .run(
            Runs.plan(
                lake,
                polygon,
                symbols,
                LocalDate.parse(from),
                LocalDate.parse(to),
                options,
                java.time.Clock.systemUTC()),
            mode);
  }

  /** The outcomes of every gate's summary rows. */
  private static List<Object> outcomes(Lake lake) {
    return lake.rows(PitlakeTables.GOLD_DQ_RESULTS).stream()
        .filter(r -> r.get("symbol") == null)
        .map(r -> r.get("outcome"))
        .toList();
  }

  private static List<Long> snapshots(Catalog catalog, List<TableSpec> tables) {
    return tables.stream()
        .map(t -> catalog.loadTable(t.id()).currentSnapshot().snapshotId())
        .toList();
  }

  private static List<LocalDate> sessions(Table table, long snapshot) throws Exception {
    return sessions(table, snapshot, Expressions.alwaysTrue());
  }

  private static List<LocalDate> sessions(Table table, long snapshot, String symbol)
      throws Exception {
    return sessions(table, snapshot, Expressions.equal("symbol", symbol));
  }

  private static List<LocalDate> sessions(Table table, long snapshot, Expression filter)
      throws Exception {
    List<LocalDate> sessions = new ArrayList<>();
    try (CloseableIterable<Record> rows =
        IcebergGenerics.read(table).useSnapshot(snapshot).where(filter).build()) {
      rows.forEach(r -> sessions.add((LocalDate) r.getField("session_date")));
    }
    return sessions;
  }
}
