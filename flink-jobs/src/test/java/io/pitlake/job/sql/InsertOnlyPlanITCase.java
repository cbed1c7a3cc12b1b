package io.pitlake.job.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.catalog.CatalogConfig;
import io.pitlake.catalog.Catalogs;
import io.pitlake.job.Backfill;
import io.pitlake.job.RunMode;
import io.pitlake.table.PitlakeTables;
import io.pitlake.table.TableBootstrap;
import io.pitlake.testing.Runs;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.ExplainDetail;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bars chain plans insert-only in streaming: every sink (silver.bars_daily, quarantine,
 * gold.bar_features_daily) receives only inserts, so tables without identifier fields are written
 * with plain appends and no retraction is ever appended as a row (STACK-NOTES §8's trap).
 */
class InsertOnlyPlanITCase {

  @TempDir Path warehouse;

  @Test
  @DisplayName("EXPLAIN CHANGELOG_MODE of the streaming bars chain shows only [I] at every sink")
  void streamingBarsChainIsInsertOnly() throws Exception {
    CatalogConfig catalog = CatalogConfig.embedded(warehouse);
    try (var closeable = (AutoCloseable) Catalogs.create(catalog)) {
      TableBootstrap.ensureTables(
          (org.apache.iceberg.catalog.Catalog) closeable, PitlakeTables.all());
    }
    Configuration options = Runs.options();
    StreamTableEnvironment tableEnv =
        SqlEnvironments.create(
            SqlEnvironments.environment(RunMode.STREAMING, new Configuration(), options),
            catalog,
            RunMode.STREAMING,
            options);
    StatementSet set = tableEnv.createStatementSet();
    SqlRunner runner = new SqlRunner(tableEnv, RunMode.STREAMING, true, options, null);
    for (Backfill.Layer layer : Backfill.Layer.BARS) {
      for (String file : layer.files()) {
        runner.addTo(set, SqlScript.load(file));
      }
    }

    String plan = set.explain(ExplainDetail.CHANGELOG_MODE);
    // Each node of the optimized plan states the changes it emits; a sink emits none ([NONE]).
    List<String> nodes = plan.lines().filter(l -> l.contains("changelogMode=")).toList();
    assertThat(nodes)
        .as("optimized plan:%n%s", plan)
        .filteredOn(l -> l.strip().startsWith("Sink("))
        .hasSize(4)
        .extracting(l -> l.replaceAll(".*table=\\[pitlake\\.([a-z_.]+)\\].*", "$1"))
        .containsExactlyInAnyOrder(
            "silver.bars_daily",
            "silver.quarantine",
            "gold.bar_features_daily",
            "silver.quarantine");
    assertThat(nodes)
        .as("optimized plan:%n%s", plan)
        .allSatisfy(l -> assertThat(l).containsPattern("changelogMode=\\[(I|NONE)\\]"));
  }
}
