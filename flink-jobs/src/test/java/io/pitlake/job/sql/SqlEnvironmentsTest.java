package io.pitlake.job.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.catalog.CatalogConfig;
import io.pitlake.catalog.Catalogs;
import io.pitlake.job.BackfillOptions;
import io.pitlake.job.RunMode;
import io.pitlake.table.PitlakeTables;
import io.pitlake.table.TableBootstrap;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlEnvironmentsTest {

  /**
   * Iceberg would size the scan of an empty table (no splits) at 1, and plan its splits while the
   * job is planned to find that out.
   */
  @Test
  void aScanRunsAtTheRunsParallelismWhateverItsSplits(@TempDir Path dir) {
    CatalogConfig catalog = CatalogConfig.embedded(dir);
    TableBootstrap.ensureTables(Catalogs.create(catalog), List.of(PitlakeTables.SILVER_BARS_DAILY));
    Configuration options = new Configuration();
    options.set(BackfillOptions.PARALLELISM, 3);
    StreamExecutionEnvironment env =
        SqlEnvironments.environment(RunMode.BATCH, new Configuration(), options);
    StreamTableEnvironment tableEnv = SqlEnvironments.create(env, catalog, RunMode.BATCH, options);

    tableEnv.toDataStream(tableEnv.from(PitlakeTables.SILVER_BARS_DAILY.id().toString()));

    List<Transformation<?>> sources = new ArrayList<>();
    Deque<Transformation<?>> todo = new ArrayDeque<>(env.getTransformations());
    while (!todo.isEmpty()) {
      Transformation<?> t = todo.pop();
      if (t.getInputs().isEmpty()) {
        sources.add(t);
      }
      todo.addAll(t.getInputs());
    }
    assertThat(sources).isNotEmpty().allSatisfy(s -> assertThat(s.getParallelism()).isEqualTo(3));
  }
}
