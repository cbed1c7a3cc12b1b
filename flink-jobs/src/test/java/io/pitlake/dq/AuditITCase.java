package io.pitlake.dq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pitlake.catalog.Catalogs;
import io.pitlake.job.Backfill;
import io.pitlake.job.RunMode;
import io.pitlake.job.ingest.VendorDataset;
import io.pitlake.simulator.BadBar;
import io.pitlake.simulator.BadBarKind;
import io.pitlake.simulator.PolygonSimulator;
import io.pitlake.table.PitlakeTables;
import io.pitlake.table.TableSpec;
import io.pitlake.testing.Lake;
import io.pitlake.testing.Runs;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
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

  @TempDir Path root;

  @Test
  @DisplayName("a missing session and an unannounced split block; a known split publishes")
  void blockedBuildLeavesMainAndAKnownSplitPublishes() throws Exception {
    try (PolygonSimulator polygon =
            PolygonSimulator.builder()
                .apiKey(Runs.KEY)
                .badBar(new BadBar("AAPL", GAP, BadBarKind.MISSING_CLOSE))
                .build()
                .start();
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
      Runs.ingestPolygon(
          lake,
          polygon,
          List.of(VendorDataset.POLYGON_SPLITS),
          SYMBOLS,
          LocalDate.parse("2024-05-20"),
          LocalDate.parse("2024-06-13"));
      Runs.buildSql(lake, audited, RunMode.BATCH, Backfill.Layer.REFERENCE);
      audited.set(Gate.SESSION_COVERAGE.severity(), Severity.WARN);
      backfill(lake, polygon, "2024-06-10", "2024-06-13", audited);
      bars.refresh();
      assertThat(sessions(bars, bars.currentSnapshot().snapshotId()))
          .contains(LocalDate.parse("2024-06-10"), LocalDate.parse("2024-06-13"));
      assertThat(lake.rows(PitlakeTables.GOLD_DQ_RESULTS))
          .filteredOn(r -> r.get("symbol") != null && !"blocked".equals(r.get("outcome")))
          .extracting(r -> r.get("gate") + " " + r.get("symbol") + " " + r.get("outcome"))
          .containsExactly("session_coverage AAPL warned");
    }
  }

  private static void backfill(
      Lake lake, PolygonSimulator polygon, String from, String to, Configuration options) {
    new Backfill(new Configuration(), line -> {})
        .run(
            Runs.plan(
                lake,
                polygon,
                SYMBOLS,
                LocalDate.parse(from),
                LocalDate.parse(to),
                options,
                java.time.Clock.systemUTC()),
            RunMode.BATCH);
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
    List<LocalDate> sessions = new ArrayList<>();
    try (CloseableIterable<Record> rows =
        IcebergGenerics.read(table).useSnapshot(snapshot).build()) {
      rows.forEach(r -> sessions.add((LocalDate) r.getField("session_date")));
    }
    return sessions;
  }
}
