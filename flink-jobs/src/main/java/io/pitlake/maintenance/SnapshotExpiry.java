package io.pitlake.maintenance;

import io.pitlake.tag.ConsistentPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * Expires a table's snapshots older than the retention with Iceberg's {@code ExpireSnapshots},
 * which keeps every snapshot a tag or branch references and deletes the files only expired
 * snapshots referenced.
 *
 * <p>It also keeps the newest snapshot of each streaming Flink job that committed within the orphan
 * age, and every snapshot after it, by moving the cut-off back to that snapshot. A Flink sink
 * restored from a checkpoint finds the checkpoint its job last committed by walking back from the
 * current snapshot to a snapshot with its job and operator id ({@code SinkUtil
 * #getMaxCommittedCheckpointId}); were that snapshot expired, the walk would find none and the sink
 * would commit its checkpoint's files a second time. A job whose last commit is older than the
 * orphan age cannot be restored safely anyway (its uncommitted files count as orphans), so its
 * snapshots age out normally.
 */
final class SnapshotExpiry {

  /**
   * What an expiry did.
   *
   * @param cutoff snapshots older than this were expired (unless a ref keeps them)
   * @param expired snapshots removed
   * @param filesDeleted data, manifest and manifest-list files deleted with them
   */
  record Result(Instant cutoff, int expired, int filesDeleted) {}

  private SnapshotExpiry() {}

  static Result run(Table table, Instant now, Duration retention, Duration orphanAge) {
    table.refresh();
    Instant cutoff = cutoff(table, now, retention, orphanAge);
    int before = count(table);
    AtomicInteger deleted = new AtomicInteger();
    table
        .expireSnapshots()
        .expireOlderThan(cutoff.toEpochMilli())
        .cleanExpiredFiles(true)
        .deleteWith(
            path -> {
              table.io().deleteFile(path);
              deleted.incrementAndGet();
            })
        .commit();
    table.refresh();
    return new Result(cutoff, before - count(table), deleted.get());
  }

  /**
   * {@code now - retention}, moved back to the oldest of the newest snapshots of streaming jobs
   * (per job and sink operator) committed within the orphan age.
   */
  static Instant cutoff(Table table, Instant now, Duration retention, Duration orphanAge) {
    long cutoff = now.minus(retention).toEpochMilli();
    long restorable = now.minus(orphanAge).toEpochMilli();
    Map<String, Long> newestByJob = new HashMap<>();
    for (Snapshot s : table.snapshots()) {
      if (ConsistentPoint.streaming(s) && s.timestampMillis() >= restorable) {
        String job =
            s.summary().get(ConsistentPoint.JOB_ID) + "/" + s.summary().get("flink.operator-id");
        newestByJob.merge(job, s.timestampMillis(), Math::max);
      }
    }
    for (long newest : newestByJob.values()) {
      cutoff = Math.min(cutoff, newest);
    }
    return Instant.ofEpochMilli(cutoff);
  }

  private static int count(Table table) {
    int n = 0;
    for (Snapshot ignored : table.snapshots()) {
      n++;
    }
    return n;
  }
}
