import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.apache.flink.runtime.state.StateObject;
import org.apache.flink.streaming.api.graph.StreamGraphHasherV2;

/**
 * What a checkpoint holds, by operator: the full state size of each operator (keyed, operator and
 * coordinator state; for RocksDB's incremental checkpoints, every SST file the checkpoint
 * references, shared files of earlier checkpoints included, each once), and the total, which is
 * the checkpoint's size as Flink's web UI reports it ("full checkpoint data size"). Operators with a
 * {@code uid} are named by it; the others (SQL operators, Iceberg's sinks) by their generated id.
 * Run with the JDK's source launcher on pitlake's classpath ({@code bench/bounded-memory.sh} does):
 *
 * <pre>java -cp "$(cat flink-jobs/target/flink-classpath.txt):flink-jobs/target/pitlake.jar" \
 *   bench/CheckpointBreakdown.java CHK_DIR
 * java ... bench/CheckpointBreakdown.java --totals CHK_DIR...   # one line each: CHK_DIR bytes</pre>
 *
 * <p>Why from the metadata and not the directory: a checkpoint directory also holds the SST files
 * of a checkpoint still being written and of subsumed ones not yet deleted, so its size is not the
 * checkpoint's.
 */
public final class CheckpointBreakdown {

  /**
   * Every uid pitlake's bars job and live intraday feeds set, to name the operators that have one
   * (the feeds' uids end in their vendor's name, {@code WebSocketIngestJob}).
   */
  private static final List<String> UIDS = uids();

  private static List<String> uids() {
    List<String> uids =
        new ArrayList<>(
            List.of(
                "polygon.aggs_day-rest",
                "normalize-polygon.aggs_day",
                "version-polygon.aggs_day",
                "watermark-polygon.aggs_day",
                "rows-polygon.aggs_day",
                "bar-features",
                "keyed-view",
                "live-expiry",
                "minute-features"));
    for (String vendor : List.of("polygon", "alpaca")) {
      String name = vendor + "-ws";
      uids.add(vendor + "-websocket");
      for (String prefix :
          List.of("gap-fill-", "gap-bars-", "outage-rows-", "normalize-", "dedup-trades-")) {
        uids.add(prefix + name);
      }
      uids.addAll(
          List.of(
              "version-" + name,
              "bronze-" + name + "-rows",
              "unrecorded-rejects-" + name,
              "quarantine-rows-" + name));
    }
    return uids;
  }

  private CheckpointBreakdown() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      throw new IllegalArgumentException(
          "usage: CheckpointBreakdown CHK_DIR, or CheckpointBreakdown --totals CHK_DIR...");
    }
    if (args[0].equals("--totals")) {
      for (int i = 1; i < args.length; i++) {
        System.out.println(args[i] + " " + breakdown(Path.of(args[i]), false));
      }
      return;
    }
    breakdown(Path.of(args[0]), true);
  }

  /** The checkpoint's full size in bytes; with {@code print}, its table by operator too. */
  private static long breakdown(Path dir, boolean print) throws IOException {
    CheckpointMetadata metadata;
    try (InputStream in = Files.newInputStream(dir.resolve("_metadata"))) {
      metadata =
          Checkpoints.loadCheckpointMetadata(
              new DataInputStream(in), CheckpointBreakdown.class.getClassLoader(), dir.toString());
    }
    Map<OperatorID, String> names = new LinkedHashMap<>();
    for (String uid : UIDS) {
      names.put(new OperatorID(StreamGraphHasherV2.generateUserSpecifiedHash(uid)), uid);
    }
    long total = 0;
    List<String[]> rows = new ArrayList<>();
    for (OperatorState op : metadata.getOperatorStates()) {
      long keyed = 0;
      long operator = 0;
      int subtasks = 0;
      for (OperatorSubtaskState subtask : op.getSubtaskStates().values()) {
        subtasks++;
        for (KeyedStateHandle h : subtask.getManagedKeyedState()) {
          keyed += h.getStateSize();
        }
        for (KeyedStateHandle h : subtask.getRawKeyedState()) {
          keyed += h.getStateSize();
        }
        operator += sizeOf(subtask.getManagedOperatorState());
        operator += sizeOf(subtask.getRawOperatorState());
      }
      long coordinator = op.getCoordinatorState() == null ? 0 : op.getCoordinatorState().getStateSize();
      long size = op.getStateSize();
      total += size;
      if (size > 0) {
        rows.add(
            new String[] {
              names.getOrDefault(
                  op.getOperatorID(), HexFormat.of().formatHex(op.getOperatorID().getBytes())),
              Long.toString(size),
              Long.toString(keyed),
              Long.toString(operator),
              Long.toString(coordinator),
              Integer.toString(subtasks)
            });
      }
    }
    if (!print) {
      return total;
    }
    rows.sort(Comparator.comparingLong((String[] r) -> Long.parseLong(r[1])).reversed());
    System.out.printf(
        "checkpoint %d: %.2f MB in %d operators with state%n",
        metadata.getCheckpointId(), total / 1048576.0, rows.size());
    System.out.printf(
        "  %-34s %10s %10s %10s %10s%n", "operator", "total KB", "keyed KB", "op KB", "coord KB");
    for (String[] r : rows) {
      System.out.printf(
          "  %-34s %10.1f %10.1f %10.1f %10.1f%n",
          r[0],
          Long.parseLong(r[1]) / 1024.0,
          Long.parseLong(r[2]) / 1024.0,
          Long.parseLong(r[3]) / 1024.0,
          Long.parseLong(r[4]) / 1024.0);
    }
    return total;
  }

  private static long sizeOf(Iterable<? extends StateObject> handles) {
    long size = 0;
    for (StateObject h : handles) {
      size += h.getStateSize();
    }
    return size;
  }
}
