package io.pitlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.catalog.Catalogs;
import io.pitlake.job.RunMode;
import io.pitlake.job.sql.SqlEnvironments;
import io.pitlake.simulator.PolygonSimulator;
import io.pitlake.simulator.Revision;
import io.pitlake.table.PitlakeTables;
import io.pitlake.testing.Lake;
import io.pitlake.testing.MutableClock;
import io.pitlake.testing.Runs;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tag makes a backtest's input reproducible: after the lake is tagged, a second backfill brings
 * new sessions and a vendor's revision of a tagged bar, and a read at the tag still returns exactly
 * the rows the lake held when it was tagged, in Flink SQL ({@code pitlake query --tag}, through
 * Flink and through Iceberg directly).
 */
class TagITCase {

  @RegisterExtension static final MiniClusterExtension FLINK = Runs.miniCluster();

  static final List<String> SYMBOLS = List.of("AAPL", "MSFT");
  static final LocalDate FROM = LocalDate.of(2024, 1, 1);
  static final LocalDate TAGGED_TO = LocalDate.of(2024, 6, 28);
  static final LocalDate TO = LocalDate.of(2024, 9, 30);
  static final LocalDate REVISED = LocalDate.of(2024, 5, 15);
  static final Instant REVISION_AT = Instant.parse("2025-03-01T00:00:00Z");

  /** One query per layer, every column but the fetch time, in a stable order. */
  static final List<String> READS =
      List.of(
          "SELECT symbol, session_date, version, c, available_at, payload_hash"
              + " FROM bronze.polygon_aggs ORDER BY symbol, session_date, version",
          "SELECT symbol, session_date, version, `open`, `close`, volume, available_at"
              + " FROM silver.bars_daily ORDER BY symbol, session_date, version",
          "SELECT symbol, session_date, available_at, `close`, ret_1d, ret_21d, vol_21d"
              + " FROM gold.bar_features_daily ORDER BY symbol, session_date, available_at",
          "SELECT COUNT(*) FROM silver.news");

  @TempDir Path dir;

  @Test
  @DisplayName(
      "after new and revised data, a read at the tag returns exactly the rows at tagging time")
  void aTaggedReadReturnsTheRowsAtTaggingTime() throws Exception {
    MutableClock vendorClock = new MutableClock(Instant.parse("2025-01-02T00:00:00Z"));
    String warehouse = dir.resolve("lake").toString();
    try (PolygonSimulator simulator =
            PolygonSimulator.builder()
                .seed(7)
                .apiKey(Runs.KEY)
                .clock(vendorClock)
                .revision(new Revision("AAPL", REVISED, REVISION_AT))
                .build()
                .start();
        Lake lake = new Lake(dir.resolve("lake"))) {
      Runs.backfill(lake, simulator, SYMBOLS, FROM, TAGGED_TO, RunMode.BATCH);
      List<List<Row>> atTagging = new ArrayList<>();
      for (String sql : READS) {
        atTagging.add(rows(lake, sql, null));
      }

      var created = PitlakeCliTest.run("tag", "create", "backtest-1", "--warehouse", warehouse);
      assertThat(created.code()).as(created.err()).isEqualTo(Pitlake.EXIT_OK);
      assertThat(created.out()).contains("tagged ").contains(" tables 'backtest-1'");
      var again = PitlakeCliTest.run("tag", "create", "backtest-1", "--warehouse", warehouse);
      assertThat(again.code()).isEqualTo(Pitlake.EXIT_USAGE);
      assertThat(again.err().strip())
          .startsWith("pitlake: tag 'backtest-1' already exists")
          .contains("'pitlake tag delete backtest-1'")
          .doesNotContain("\n");

      vendorClock.set(REVISION_AT.plus(Duration.ofDays(1)));
      Runs.backfill(lake, simulator, SYMBOLS, FROM, TO, RunMode.BATCH);
      assertThat(
              lake.rows(PitlakeTables.SILVER_BARS_DAILY).stream()
                  .filter(
                      r -> r.get("session_date").equals(REVISED) && r.get("symbol").equals("AAPL")))
          .as("the revision is a second version now")
          .hasSize(2);

      for (int i = 0; i < READS.size(); i++) {
        assertThat(rows(lake, READS.get(i), "backtest-1"))
            .as("at the tag: %s", READS.get(i))
            .isEqualTo(atTagging.get(i));
      }
      assertThat(rows(lake, READS.get(1), null))
          .as("the current read has the new sessions and the revision")
          .hasSizeGreaterThan(atTagging.get(1).size());

      // The CLI: a one-table query read through Iceberg directly, and through Flink.
      String latest =
          "SELECT symbol, session_date, version, close FROM silver.bars_daily WHERE symbol ="
              + " 'AAPL' AND session_date >= DATE '2024-05-14' ORDER BY session_date, version"
              + " LIMIT 3";
      var direct =
          PitlakeCliTest.run("query", "--tag", "backtest-1", "--warehouse", warehouse, latest);
      var flink =
          PitlakeCliTest.run(
              "query", "--tag", "backtest-1", "--flink", "--warehouse", warehouse, latest);
      assertThat(direct.code()).as(direct.err()).isEqualTo(Pitlake.EXIT_OK);
      assertThat(direct.out())
          .isEqualTo(flink.out())
          .containsPattern("AAPL\\s+2024-05-15\\s+1\\s")
          .doesNotContainPattern("AAPL\\s+2024-05-15\\s+2\\s");
      var now = PitlakeCliTest.run("query", "--warehouse", warehouse, latest);
      assertThat(now.out()).containsPattern("AAPL\\s+2024-05-15\\s+2\\s");

      var list = PitlakeCliTest.run("tag", "list", "--warehouse", warehouse);
      assertThat(list.code()).as(list.err()).isEqualTo(Pitlake.EXIT_OK);
      assertThat(list.out())
          .containsPattern("backtest-1\\s+silver\\.bars_daily\\s+\\d+\\s+\\S+Z\\s+-\\s+248")
          .containsPattern("backtest-1\\s+silver\\.news\\s+\\d+\\s+\\S+Z\\s+-\\s+0");

      var unknown = PitlakeCliTest.run("query", "--tag", "nope", "--warehouse", warehouse, latest);
      assertThat(unknown.code()).isEqualTo(Pitlake.EXIT_USAGE);
      assertThat(unknown.err().strip())
          .isEqualTo(
              "pitlake: no tag 'nope' in the lake: 'pitlake tag list' shows the tags, 'pitlake"
                  + " tag create nope' makes it");

      // A table without the tag (created after it, or a create that stopped half way).
      var catalog = Catalogs.create(lake.config());
      try (var closing = io.pitlake.job.Backfill.closeable(catalog)) {
        catalog
            .loadTable(PitlakeTables.SILVER_NEWS.id())
            .manageSnapshots()
            .removeTag("backtest-1")
            .commit();
      }
      var missing =
          PitlakeCliTest.run(
              "query", "--tag", "backtest-1", "--warehouse", warehouse, READS.get(3));
      assertThat(missing.code()).as(missing.err()).isEqualTo(Pitlake.EXIT_USAGE);
      assertThat(missing.err()).contains("silver.news has no tag 'backtest-1'");
      var deleted = PitlakeCliTest.run("tag", "delete", "backtest-1", "--warehouse", warehouse);
      assertThat(deleted.out()).startsWith("removed tag 'backtest-1' from ");
    }
  }

  private static List<Row> rows(Lake lake, String sql, String tag) throws Exception {
    Configuration options = Runs.options();
    TableEnvironment env =
        tag == null
            ? SqlEnvironments.create(lake.config(), RunMode.BATCH, new Configuration(), options)
            : SqlEnvironments.atTag(lake.config(), new Configuration(), options, tag);
    TableResult result = env.executeSql(sql);
    List<Row> rows = new ArrayList<>();
    try (CloseableIterator<Row> it = result.collect()) {
      it.forEachRemaining(rows::add);
    }
    return rows;
  }
}
