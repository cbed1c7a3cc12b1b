package io.pitlake.job.keyed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pitlake.job.RunMode;
import io.pitlake.job.sql.SqlEnvironments;
import io.pitlake.testing.Runs;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.ExplainDetail;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A keyed view computes each key once from all of its rows, in both runtime modes, and its
 * streaming plan is insert-only where the same computation as a SQL aggregation would retract.
 */
class KeyedViewITCase {

  /** Per key: the running sum of its values in value order, one row per input row. */
  record RunningSum() implements KeyedComputation {
    @Override
    public TypeInformation<Row> outputType() {
      return Types.ROW_NAMED(
          new String[] {"k", "v", "running"}, Types.STRING, Types.INT, Types.INT);
    }

    @Override
    public void compute(List<Row> inputs, Consumer<Row> out) {
      List<Row> sorted = new ArrayList<>(inputs);
      sorted.sort(Comparator.comparing(r -> (Integer) r.getField("v")));
      int sum = 0;
      for (Row r : sorted) {
        sum += (Integer) r.getField("v");
        out.accept(Row.of(r.getField("k"), r.getField("v"), sum));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(RunMode.class)
  void eachKeyIsComputedOnceFromAllItsRowsAndThePlanIsInsertOnly(RunMode mode) throws Exception {
    // pitlake's job settings: batch keyed inputs unsorted, no batch state backend.
    StreamExecutionEnvironment env =
        SqlEnvironments.environment(mode, new Configuration(), Runs.options());
    env.setParallelism(2);
    StreamTableEnvironment tableEnv = StreamTableEnvironment.create(env);
    tableEnv.executeSql(
        "CREATE TEMPORARY VIEW sums_input AS SELECT * FROM (VALUES ('a', 3), ('b', 10), ('a', 1),"
            + " ('a', 2), ('b', 20)) AS t (k, v)");
    new KeyedView("sums", "sums_input", List.of("k"), new RunningSum()).register(tableEnv);

    List<String> rows = new ArrayList<>();
    try (CloseableIterator<Row> it = tableEnv.sqlQuery("SELECT * FROM sums").execute().collect()) {
      it.forEachRemaining(
          r ->
              rows.add(
                  r.getKind().shortString() + r.getField(0) + r.getField(1) + "=" + r.getField(2)));
    }
    assertThat(rows)
        .containsExactlyInAnyOrder("+Ia1=1", "+Ia2=3", "+Ia3=6", "+Ib10=10", "+Ib20=30");
    if (mode == RunMode.STREAMING) {
      String plan = tableEnv.sqlQuery("SELECT * FROM sums").explain(ExplainDetail.CHANGELOG_MODE);
      assertThat(plan).contains("changelogMode=[I]").doesNotContain("UB").doesNotContain("UA");
    }
  }

  @Test
  void sortedBatchInputsAreRefusedWithTheSettingToChange() {
    Configuration conf = new Configuration();
    conf.set(ExecutionOptions.RUNTIME_MODE, RunMode.BATCH.runtimeMode());
    conf.set(ExecutionOptions.SORT_INPUTS, true);
    StreamTableEnvironment tableEnv =
        StreamTableEnvironment.create(StreamExecutionEnvironment.getExecutionEnvironment(conf));
    tableEnv.executeSql(
        "CREATE TEMPORARY VIEW sorted_input AS SELECT * FROM (VALUES ('a', 1)) AS t (k, v)");
    new KeyedView("sorted_sums", "sorted_input", List.of("k"), new RunningSum()).register(tableEnv);

    assertThatThrownBy(() -> tableEnv.sqlQuery("SELECT * FROM sorted_sums").execute().await())
        .hasStackTraceContaining(
            "keyed view sorted_sums cannot run on sorted batch inputs, which keep one key's rows at"
                + " a time: set execution.sorted-inputs.enabled: false");
  }
}
