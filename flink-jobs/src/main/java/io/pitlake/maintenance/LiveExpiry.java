package io.pitlake.maintenance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Collection;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.flink.maintenance.api.ExpireSnapshots;
import org.apache.iceberg.flink.maintenance.api.TableMaintenance;

/**
 * Snapshot expiry inside {@code pitlake live}, by Iceberg's Flink {@link TableMaintenance}: every
 * checkpoint that wrote rows is a snapshot of each table it wrote (about a thousand a trading day
 * per intraday table at a 1-minute interval), and each commit writes a {@code metadata.json} that
 * lists every retained snapshot, so a live job that never expires them makes each commit slower and
 * larger. It expires snapshots older than {@link MaintenanceOptions#LIVE_SNAPSHOT_RETENTION} every
 * {@link MaintenanceOptions#LIVE_EXPIRY_INTERVAL}; Iceberg never expires a table's current snapshot
 * (the live job's last commit, which a restore walks back to) or one a tag references.
 *
 * <p>Only expiry: Iceberg's Flink {@code RewriteDataFiles} bin-packs files without sorting them, so
 * it would undo the clustering by symbol that one-symbol reads rely on; {@code pitlake maintain}
 * compacts in each table's sort order instead. No orphan removal either: the files of a checkpoint
 * not yet committed are orphans until its commit, and {@code pitlake maintain} waits {@link
 * MaintenanceOptions#ORPHAN_AGE} for them. The lock that keeps two runs of one table's expiry from
 * overlapping is {@link InProcessLocks} (why not Iceberg's own: there).
 */
public final class LiveExpiry {

  private LiveExpiry() {}

  /**
   * Adds one maintenance pipeline per table to the live job in {@code env}; nothing when the
   * interval is 0.
   */
  public static void addTo(
      StreamExecutionEnvironment env,
      CatalogLoader catalog,
      Collection<TableIdentifier> tables,
      Configuration options) {
    MaintenanceOptions.validate(options);
    Duration interval = options.get(MaintenanceOptions.LIVE_EXPIRY_INTERVAL);
    if (interval.isZero()) {
      return;
    }
    Duration retention = options.get(MaintenanceOptions.LIVE_SNAPSHOT_RETENTION);
    String job = UUID.randomUUID().toString();
    for (TableIdentifier table : tables) {
      try {
        TableMaintenance.forTable(
                env, TableLoader.fromCatalog(catalog, table), new InProcessLocks(job + "/" + table))
            .uidSuffix("live-expiry-" + table)
            .rateLimit(interval)
            .parallelism(1)
            .add(
                new ExpireSnapshots.Builder()
                    .scheduleOnInterval(interval)
                    .maxSnapshotAge(retention)
                    .retainLast(1))
            .append();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot add snapshot expiry for " + table, e);
      }
    }
  }
}
