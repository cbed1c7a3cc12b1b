package io.pitlake.job.keyed;

import static org.apache.flink.util.Preconditions.checkState;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.graph.StreamConfig;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.types.Row;

/**
 * Runs a {@link KeyedComputation} once per key, after the whole input arrived: rows wait in keyed
 * state and {@link #endInput} computes every key, in batch as in a bounded streaming run (pitlake's
 * batch runs do not sort keyed inputs, {@code SqlEnvironments}), so every key's rows are held until
 * the input ends. Each key is computed once, from all its rows, so the output is insert-only (no
 * retraction ever follows a row) and the same in both modes. An unbounded input never ends: such a
 * table is not part of a live run.
 *
 * <p>Why the end of input and not a timer at the final watermark, as before: in batch, rows that
 * came out of the input view's joins reached the engine after the final watermark had fired its
 * timers, so they were never computed ({@code gold.panel_daily}'s view, whose inputs are mostly
 * joins, lost some symbols' fundamentals; {@code PanelITCase} and {@code PanelActionsITCase}
 * failed). With sorted batch inputs ({@code execution.sorted-inputs.enabled}) Flink keeps one key's
 * state at a time, so there would be nothing left to compute at the end: the engine refuses to run
 * then.
 */
final class KeyedTableEngine extends AbstractStreamOperator<Row>
    implements OneInputStreamOperator<Row, Row>, BoundedOneInput {

  private static final long serialVersionUID = 1L;

  private static final String INPUTS = "inputs";

  private final String view;
  private final KeyedComputation computation;
  private final TypeInformation<Row> inputType;

  private transient ListState<Row> inputs;
  private transient Counter emitted;

  KeyedTableEngine(String view, KeyedComputation computation, TypeInformation<Row> inputType) {
    this.view = view;
    this.computation = computation;
    this.inputType = inputType;
  }

  @Override
  public void open() throws Exception {
    super.open();
    for (StreamConfig.InputConfig input : config.getInputs(getUserCodeClassloader())) {
      checkState(
          !StreamConfig.requiresSorting(input),
          "keyed view %s cannot run on sorted batch inputs, which keep one key's rows at a time:"
              + " set %s: false (pitlake's jobs do)",
          view,
          ExecutionOptions.SORT_INPUTS.key());
    }
    computation.open(getRuntimeContext().getGlobalJobParameters());
    inputs = getRuntimeContext().getListState(new ListStateDescriptor<>(INPUTS, inputType));
    emitted = getMetricGroup().addGroup("keyedTable").counter("rowsEmitted");
  }

  @Override
  public void processElement(StreamRecord<Row> element) throws Exception {
    inputs.add(element.getValue());
  }

  @Override
  public void endInput() throws Exception {
    List<Object> keys;
    try (var stream = getKeyedStateBackend().getKeys(INPUTS, VoidNamespace.INSTANCE)) {
      keys = new ArrayList<>(stream.toList());
    }
    StreamRecord<Row> record = new StreamRecord<>(null);
    for (Object key : keys) {
      setCurrentKey(key);
      List<Row> rows = new ArrayList<>();
      inputs.get().forEach(rows::add);
      inputs.clear();
      computation.compute(
          rows,
          row -> {
            output.collect(record.replace(row));
            emitted.inc();
          });
    }
  }
}
