import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.state.IncrementalKeyedStateHandle.HandleAndLocalPath;
import org.apache.flink.runtime.state.IncrementalRemoteKeyedStateHandle;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.apache.flink.runtime.state.StateObject;

/**
 * What a checkpoint holds, by operator: the full state size of each operator (keyed, operator and
 * coordinator state; for RocksDB's incremental checkpoints, every SST file the checkpoint
 * references, shared files of earlier checkpoints included, each once), and the total, which is
 * the checkpoint's size as Flink's web UI reports it ("full checkpoint data size"). Operators are
 * named as the checkpoint records them: by their {@code uid}, or by their name and generated id
 * where the job set no uid. For RocksDB's keyed state it also shows the SST files (the state's
 * data, compacted or not) apart from the {@code MANIFEST} (RocksDB's log of file changes, uploaded
 * whole with every incremental checkpoint; {@code io.pitlake.job.RocksDbManifestBound}).
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
    long total = 0;
    List<String[]> rows = new ArrayList<>();
    for (OperatorState op : metadata.getOperatorStates()) {
      long keyed = 0;
      long sst = 0;
      long manifest = 0;
      long operator = 0;
      for (OperatorSubtaskState subtask : op.getSubtaskStates().values()) {
        for (KeyedStateHandle h : subtask.getManagedKeyedState()) {
          keyed += h.getStateSize();
          if (h instanceof IncrementalRemoteKeyedStateHandle rocksdb) {
            sst += sizeOfFiles(rocksdb.getSharedState(), ".sst");
            manifest += sizeOfFiles(rocksdb.getPrivateState(), "MANIFEST");
          }
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
              name(op),
              Long.toString(size),
              Long.toString(keyed),
              Long.toString(operator),
              Long.toString(coordinator),
              Long.toString(sst),
              Long.toString(manifest)
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
        "  %-50s %9s %9s %9s %9s %9s %9s%n",
        "operator",
        "total KB",
        "keyed KB",
        "SST KB",
        "MANIFEST",
        "op KB",
        "coord KB");
    for (String[] r : rows) {
      System.out.printf(
          "  %-50s %9.1f %9.1f %9.1f %9.1f %9.1f %9.1f%n",
          r[0],
          Long.parseLong(r[1]) / 1024.0,
          Long.parseLong(r[2]) / 1024.0,
          Long.parseLong(r[5]) / 1024.0,
          Long.parseLong(r[6]) / 1024.0,
          Long.parseLong(r[3]) / 1024.0,
          Long.parseLong(r[4]) / 1024.0);
    }
    return total;
  }

  /**
   * The operator's uid as the job set it, which the checkpoint records; without one, its name
   * (Iceberg's SQL sinks set none) and the start of its generated id, since such names repeat.
   */
  private static String name(OperatorState op) {
    return op.getOperatorUid()
        .filter(uid -> !uid.isEmpty())
        .orElseGet(
            () ->
                op.getOperatorName().orElse("?")
                    + " #"
                    + HexFormat.of().formatHex(op.getOperatorID().getBytes()).substring(0, 6));
  }

  /** The size of a RocksDB checkpoint's files whose names contain {@code part}. */
  private static long sizeOfFiles(List<HandleAndLocalPath> files, String part) {
    long size = 0;
    for (HandleAndLocalPath file : files) {
      if (file.getLocalPath().contains(part)) {
        size += file.getStateSize();
      }
    }
    return size;
  }

  private static long sizeOf(Iterable<? extends StateObject> handles) {
    long size = 0;
    for (StateObject h : handles) {
      size += h.getStateSize();
    }
    return size;
  }
}
