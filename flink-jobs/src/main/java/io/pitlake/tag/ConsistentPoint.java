package io.pitlake.tag;

import io.pitlake.job.LakeTables;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Finds one consistent point of the lake: a snapshot per table such that every table holds exactly
 * what it held at one moment of its writers.
 *
 * <p>The JDBC catalog has no multi-table commit, and a streaming job commits each of its tables on
 * its own when a checkpoint completes ({@code IcebergFilesCommitter#notifyCheckpointComplete}, one
 * operator per table). So while {@code pitlake live} runs, bronze may already hold checkpoint 42
 * while gold still holds 41. The checkpoint id is in every snapshot the job commits ({@value
 * #CHECKPOINT_ID}, with {@value #JOB_ID}); within one job, checkpoint k of every table holds what
 * passed every operator before the same barrier, so the snapshots of one checkpoint are consistent
 * across tables.
 *
 * <p>The rule: a table is written by streaming job J when the newest snapshot that changed its rows
 * (compactions, {@code replace}, change none) carries J's id and a real checkpoint id (a batch job
 * commits once, with {@code Long.MAX_VALUE}). For each such J, C is the smallest of those newest
 * checkpoint ids: every table of J has committed everything up to C. Each table of J is tagged at
 * its state after checkpoint C: the parent of its oldest commit of J above C, or its current
 * snapshot when it has none. A table with nothing new for some checkpoints commits nothing for them
 * (the sink writes an empty snapshot only every {@code flink.max-continuous-empty-commits}
 * checkpoints, 10 by default), so C lags the newest checkpoint by at most that many commit
 * intervals, and never takes a checkpoint some table has not committed. Tables no streaming job
 * writes are tagged at their current snapshot.
 *
 * <p>Batch jobs ({@code backfill}, {@code build}, {@code ingest}) commit their tables one after the
 * other at the end, in a second or less: a tag taken in that second may hold some of a batch job's
 * tables and not others. Tag between batch runs (a later publish step orders its tags after its
 * commits).
 */
public final class ConsistentPoint {

  /** The snapshot summary key of the Flink job that committed it. */
  public static final String JOB_ID = "flink.job-id";

  /** The snapshot summary key of the newest checkpoint a Flink sink's commit holds. */
  public static final String CHECKPOINT_ID = "flink.max-committed-checkpoint-id";

  private ConsistentPoint() {}

  /** The point of the given tables, as they are now. */
  public static TagPoint of(Catalog catalog, List<TableIdentifier> tables) {
    Map<TableIdentifier, Table> loaded = new HashMap<>();
    Map<String, Long> newestByJob = new HashMap<>();
    Map<TableIdentifier, String> jobOf = new HashMap<>();
    for (TableIdentifier id : tables) {
      Table table = catalog.loadTable(id);
      loaded.put(id, table);
      Snapshot changed = LakeTables.newestChange(table);
      if (changed != null && streaming(changed)) {
        String job = changed.summary().get(JOB_ID);
        jobOf.put(id, job);
        newestByJob.merge(job, checkpoint(changed), Math::min);
      }
    }
    List<TagPoint.Choice> choices = new ArrayList<>();
    for (TableIdentifier id : tables) {
      Table table = loaded.get(id);
      String job = jobOf.get(id);
      if (job == null) {
        Snapshot current = table.currentSnapshot();
        choices.add(
            new TagPoint.Choice(id, current == null ? null : current.snapshotId(), null, null));
      } else {
        long checkpoint = newestByJob.get(job);
        choices.add(
            new TagPoint.Choice(id, afterCheckpoint(table, job, checkpoint), job, checkpoint));
      }
    }
    return new TagPoint(choices);
  }

  /**
   * The table's snapshot after checkpoint {@code checkpoint} of {@code job}: the parent of the
   * oldest of the job's commits above it, or the current snapshot when there is none.
   */
  private static long afterCheckpoint(Table table, String job, long checkpoint) {
    Snapshot tagged = table.currentSnapshot();
    for (Snapshot s = tagged; s != null; s = parent(table, s)) {
      if (!job.equals(s.summary().get(JOB_ID))) {
        continue;
      }
      if (checkpoint(s) <= checkpoint) {
        break;
      }
      // Checkpoint ids grow along one job's commits: everything older is at or below this one.
      Snapshot before = parent(table, s);
      if (before == null) {
        throw new IllegalStateException(
            String.format(
                "%s has no snapshot at checkpoint %d of Flink job %s (its first commit came"
                    + " after it, snapshot %d): run 'pitlake tag create' again after the job's next"
                    + " checkpoints",
                table.name(), checkpoint, job, s.snapshotId()));
      }
      tagged = before;
    }
    return tagged.snapshotId();
  }

  /** Whether a streaming Flink job committed the snapshot at one of its checkpoints. */
  public static boolean streaming(Snapshot snapshot) {
    Map<String, String> summary = snapshot.summary();
    return summary.get(JOB_ID) != null
        && summary.get(CHECKPOINT_ID) != null
        && checkpoint(snapshot) != Long.MAX_VALUE;
  }

  public static long checkpoint(Snapshot snapshot) {
    return Long.parseLong(snapshot.summary().get(CHECKPOINT_ID));
  }

  @Nullable
  private static Snapshot parent(Table table, Snapshot snapshot) {
    return snapshot.parentId() == null ? null : table.snapshot(snapshot.parentId());
  }
}
