package io.pitlake.job.sql;

import static org.apache.flink.util.Preconditions.checkArgument;

import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.data.RowData;

/**
 * A view the planner computes as written, once, whatever its readers select: its input view passes
 * through a stream of the planner's own rows ({@link RowData}, so nothing is converted), where the
 * planner's pushdown of each reader's projections and filters ends. Without it, silver's trades
 * were typed twice: each {@code INSERT} of {@code sql/silver/trades.sql} pushed its own columns and
 * filters into the shared query, the quarantine's {@code pitlake_unrecorded_reject(quarantine_id)}
 * below the {@code trade_fields} Correlate (it reads only bronze's columns), so the two plans
 * differed, the planner could not reuse one for both, every trade's JSON was parsed twice and its
 * quarantine id hashed. The file defines the input view with SQL and reads the output view by name;
 * {@code SqlRunner} registers it the first time a statement names it, in batch and in streaming.
 *
 * @param name the output view the SQL reads
 * @param input the view (defined earlier in the same file) whose rows it holds
 */
public record FencedView(String name, String input) {

  public FencedView {
    checkArgument(
        !name.equals(input), "%s cannot fence itself: give its input view a name apart", name);
  }

  /**
   * Every fenced view a SQL file can name: {@code sql/silver/trades.sql}'s typed and checked
   * trades, read by both of its {@code INSERT}s, and its rejects, so the quarantine's id is hashed
   * and looked up for rejects only.
   */
  static List<FencedView> all() {
    return List.of(
        new FencedView("trades_checked", "trade_checks"),
        new FencedView("trades_rejected", "trade_rejects"));
  }

  /** Creates the view {@link #name} in {@code tableEnv} from the view {@link #input} there. */
  public void register(StreamTableEnvironment tableEnv) {
    Table in = tableEnv.from(input);
    DataStream<RowData> rows =
        tableEnv.toDataStream(
            in, in.getResolvedSchema().toPhysicalRowDataType().bridgedTo(RowData.class));
    tableEnv.createTemporaryView(name, tableEnv.fromDataStream(rows));
  }
}
