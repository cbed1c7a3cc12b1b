package io.pitlake.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.catalog.Catalogs;
import io.pitlake.job.ingest.RawIngestPlan;
import io.pitlake.job.ingest.VendorDataset;
import io.pitlake.job.sql.SqlScript;
import io.pitlake.simulator.PolygonSimulator;
import io.pitlake.source.rest.Credentials;
import io.pitlake.table.Layer;
import io.pitlake.table.PitlakeTables;
import io.pitlake.testing.Lake;
import io.pitlake.testing.Runs;
import io.pitlake.vendor.polygon.PolygonOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch build of tables whose inputs have not changed since their last build commits nothing, and
 * a changed input rebuilds exactly the tables that read it, directly or through another table of
 * the build: counted in snapshots of real Iceberg tables, the insert-only bars chain and keyed
 * reference tables alike.
 */
class IncrementalBuildITCase {

  @RegisterExtension static final MiniClusterExtension FLINK = Runs.miniCluster();

  static final Layer[] LAYERS = {Layer.SILVER, Layer.GOLD, Layer.REFERENCE, Layer.ADJUSTED};
  static final LocalDate FROM = LocalDate.of(2024, 1, 1);

  @TempDir Path root;

  @Test
  @DisplayName("a second build commits no snapshot; a changed input rebuilds only what reads it")
  void unchangedInputsCommitNothing() throws Exception {
    try (PolygonSimulator polygon = PolygonSimulator.builder().apiKey(Runs.KEY).build().start();
        Lake lake = new Lake(root.resolve("lake"))) {
      Runs.backfill(lake, polygon, List.of("AAPL"), FROM, LocalDate.of(2024, 3, 28), RunMode.BATCH);
      ingestTickerEvents(lake, polygon, "OLDC");
      List<String> first = build(lake);
      Map<String, Integer> built = snapshots(lake);

      assertThat(first)
          .as("a table that stays empty because its inputs are")
          .contains(
              "[build] silver/news.sql: 0 rows (skipped: its table and its inputs"
                  + " bronze.alpaca_news, bronze.polygon_news are empty)");
      assertThat(built).containsEntry("silver.news", 0).containsEntry("silver.ticker_history", 1);

      List<String> again = build(lake);

      assertThat(snapshots(lake))
          .as("snapshots after a build of unchanged inputs, which printed %s", again)
          .isEqualTo(built);
      assertThat(again)
          .contains("[build] nothing to build: every table is up to date, no job runs")
          .anyMatch(
              l ->
                  l.startsWith("[build] silver/ticker_history.sql: ")
                      && l.endsWith(
                          " rows (skipped: bronze.polygon_ticker_events and its SQL unchanged"
                              + " since its last build)"));
      assertThat(lake.rows(PitlakeTables.SILVER_BARS_DAILY)).hasSize(61);

      ingestTickerEvents(lake, polygon, "NEWC", "SPLT");
      List<String> lines = build(lake);

      assertThat(lines)
          .as("the files that read bronze.polygon_ticker_events, directly or through silver")
          .contains(
              "[build] one batch job: silver/ticker_history.sql, silver/security_master.sql,"
                  + " gold/universe_daily.sql");
      assertThat(changed(built, snapshots(lake)))
          .as(
              "security_master has no ticker details to build from: an empty overwrite commits nothing")
          .containsExactly("silver.ticker_history");
      Map<String, Integer> afterEvents = snapshots(lake);

      Runs.backfill(lake, polygon, List.of("AAPL"), FROM, LocalDate.of(2024, 4, 30), RunMode.BATCH);
      Map<String, Integer> afterBackfill = snapshots(lake);
      List<String> afterBackfillBuild = build(lake);

      assertThat(changed(afterBackfill, snapshots(lake)))
          .as("the backfill's own silver and gold are not a build's: they and what reads them run")
          .contains("silver.bars_daily", "gold.bar_features_daily")
          .doesNotContain("silver.news", "silver.ticker_history", "silver.security_master");
      assertThat(afterBackfillBuild)
          .as("what reads silver bars runs, though without actions it writes nothing")
          .anyMatch(
              l ->
                  l.startsWith("[build] one batch job: ")
                      && l.contains("gold/adjustment_factors.sql")
                      && l.contains("gold/price_dq.sql"));
      assertThat(lake.rows(PitlakeTables.SILVER_BARS_DAILY))
          .as("April's 21 sessions besides the first quarter's 61 (and any revised versions)")
          .hasSizeGreaterThanOrEqualTo(82);
      assertThat(changed(afterEvents, afterBackfill)).contains("silver.bars_daily");
      Map<String, Integer> rebuilt = snapshots(lake);
      build(lake);
      assertThat(snapshots(lake)).isEqualTo(rebuilt);
    }
  }

  private static List<String> build(Lake lake) {
    List<String> lines = new ArrayList<>();
    new Backfill(new Configuration(), lines::add)
        .buildSql(lake.config(), Runs.options(), RunMode.BATCH, LAYERS);
    return lines;
  }

  private void ingestTickerEvents(Lake lake, PolygonSimulator polygon, String... symbols)
      throws Exception {
    Configuration options = Runs.options();
    options.set(PolygonOptions.BASE_URL, polygon.baseUrl());
    Path key = Files.writeString(root.resolve("polygon.key"), Runs.KEY);
    new Backfill(new Configuration(), line -> {})
        .ingest(
            new RawIngestPlan(
                lake.config(),
                List.of(VendorDataset.POLYGON_TICKER_EVENTS),
                List.of(symbols),
                List.of(),
                FROM,
                LocalDate.of(2024, 12, 31),
                Map.of("polygon", Credentials.fromFile(key)),
                options));
  }

  /** Each product table of the build's layers: how many snapshots it has. */
  private static Map<String, Integer> snapshots(Lake lake) {
    Map<String, Integer> counts = new TreeMap<>();
    try (var catalog = Backfill.closeable(Catalogs.create(lake.config()))) {
      for (Layer layer : Arrays.asList(LAYERS)) {
        for (String file : layer.files()) {
          String table = SqlScript.load(file).table();
          int n = 0;
          for (var ignored : catalog.get().loadTable(TableIdentifier.parse(table)).snapshots()) {
            n++;
          }
          counts.put(table, n);
        }
      }
    }
    return counts;
  }

  private static List<String> changed(Map<String, Integer> before, Map<String, Integer> after) {
    return before.keySet().stream()
        .filter(t -> !before.get(t).equals(after.get(t)))
        .sorted()
        .toList();
  }
}
