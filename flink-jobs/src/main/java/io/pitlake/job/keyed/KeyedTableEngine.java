package io.pitlake.job.keyed;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

/**
 * Runs a {@link KeyedComputation} once per key, after the key's whole input arrived: its rows wait
 * in keyed state and a timer at the final watermark computes them, in batch as in a bounded
 * streaming run (pitlake's batch runs do not sort keyed inputs, {@code SqlEnvironments}), so every
 * key's rows are held until the input ends. Either way each key is computed once, from all its
 * rows, so the output is insert-only (no retraction ever follows a row) and the same in both modes.
 * An unbounded input never ends: such a table is not part of a live run.
 */
final class KeyedTableEngine extends KeyedProcessFunction<String, Row, Row> {

  private static final long serialVersionUID = 1L;

  /** The final watermark's time: a timer there fires when a bounded input ends. */
  private static final long END_OF_INPUT = Long.MAX_VALUE;

  private final KeyedComputation computation;
  private final TypeInformation<Row> inputType;

  private transient ListState<Row> inputs;
  private transient Counter emitted;

  KeyedTableEngine(KeyedComputation computation, TypeInformation<Row> inputType) {
    this.computation = computation;
    this.inputType = inputType;
  }

  @Override
  public void open(OpenContext openContext) {
    computation.open(getRuntimeContext().getGlobalJobParameters());
    inputs = getRuntimeContext().getListState(new ListStateDescriptor<>("inputs", inputType));
    emitted = getRuntimeContext().getMetricGroup().addGroup("keyedTable").counter("rowsEmitted");
  }

  @Override
  public void processElement(Row row, Context ctx, Collector<Row> out) throws Exception {
    inputs.add(row);
    ctx.timerService().registerEventTimeTimer(END_OF_INPUT);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Row> out) throws Exception {
    List<Row> rows = new ArrayList<>();
    inputs.get().forEach(rows::add);
    inputs.clear();
    computation.compute(
        rows,
        row -> {
          out.collect(row);
          emitted.inc();
        });
  }
}
