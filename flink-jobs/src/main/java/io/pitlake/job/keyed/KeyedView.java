package io.pitlake.job.keyed;

import static org.apache.flink.util.Preconditions.checkArgument;

import java.util.List;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;

/**
 * A view whose rows a {@link KeyedComputation} computes per key from another view: how a SQL file
 * gets an ordered, per-key computation whose streaming plan stays insert-only (Flink SQL's joins
 * and aggregations over a stream retract, and process table functions cannot run in batch on Flink
 * 2.1). The file defines the input view with insert-only SQL (projections, filters, {@code UNION
 * ALL}) and reads the output view by name; {@code SqlRunner} registers it the first time a
 * statement names it.
 *
 * @param name the output view the SQL reads
 * @param input the view (defined earlier in the same file) whose rows are the input
 * @param keys the input's columns that make the key; each key is computed on its own
 */
public record KeyedView(
    String name, String input, List<String> keys, KeyedComputation computation) {

  public KeyedView {
    checkArgument(!keys.isEmpty(), "%s needs at least one key column", name);
    keys = List.copyOf(keys);
  }

  /** Creates the view {@link #name} in {@code tableEnv} from the view {@link #input} there. */
  public void register(StreamTableEnvironment tableEnv) {
    Table in = tableEnv.from(input);
    for (String key : keys) {
      checkArgument(
          in.getResolvedSchema().getColumn(key).isPresent(),
          "%s has no column %s, the key of %s: define it in the SQL file",
          input,
          key,
          name);
    }
    DataStream<Row> rows = tableEnv.toDataStream(in);
    List<String> keyColumns = keys;
    KeySelector<Row, String> key =
        row -> {
          StringBuilder k = new StringBuilder();
          for (String column : keyColumns) {
            k.append(row.getField(column)).append('\u0000');
          }
          return k.toString();
        };
    DataStream<Row> out =
        rows.keyBy(key)
            .transform(
                name,
                computation.outputType(),
                new KeyedTableEngine(name, computation, rows.getType()))
            .uid(name);
    tableEnv.createTemporaryView(name, tableEnv.fromDataStream(out));
  }
}
