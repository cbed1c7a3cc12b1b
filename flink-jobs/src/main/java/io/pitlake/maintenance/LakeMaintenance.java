package io.pitlake.maintenance;

import io.pitlake.job.progress.Figures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javax.annotation.Nullable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * {@code pitlake maintain}: per table, compaction ({@link SortedCompaction}), then snapshot expiry
 * ({@link SnapshotExpiry}), then orphan files ({@link OrphanFiles}). In that order: the expiry
 * deletes the small files the compaction replaced once no retained snapshot needs them, and the
 * orphan sweep sees what the expiry left.
 *
 * <p>Every step is an ordinary Iceberg commit that retries on conflict, so it may run while {@code
 * pitlake live} commits: compaction validates against the snapshot it planned from and only
 * replaces files, so appends made meanwhile stay; the expiry keeps each streaming job's newest
 * snapshot; the orphan sweep spares every file younger than the orphan age.
 */
public final class LakeMaintenance {

  /**
   * Data files of a table's current snapshot (what a reader opens), and their bytes.
   *
   * @param files data files
   * @param bytes their size
   */
  public record DataFiles(long files, long bytes) {
    static DataFiles of(Table table) {
      Snapshot current = table.currentSnapshot();
      if (current == null) {
        return new DataFiles(0, 0);
      }
      return new DataFiles(
          Long.parseLong(
              current.summary().getOrDefault(SnapshotSummary.TOTAL_DATA_FILES_PROP, "0")),
          Long.parseLong(
              current.summary().getOrDefault(SnapshotSummary.TOTAL_FILE_SIZE_PROP, "0")));
    }
  }

  /**
   * What maintenance did to one table.
   *
   * @param storageBefore files under the table's location before ({@code null} when its FileIO
   *     cannot list), and after
   */
  public record Report(
      TableIdentifier table,
      DataFiles dataBefore,
      DataFiles dataAfter,
      int snapshotsBefore,
      int snapshotsAfter,
      @Nullable Storage storageBefore,
      @Nullable Storage storageAfter,
      int compactedFiles,
      int expiredSnapshots,
      int expiredFilesDeleted,
      int orphansDeleted,
      long orphanBytes,
      Duration took) {}

  /** Files under a table's location, and their bytes. */
  public record Storage(long files, long bytes) {}

  private final Configuration options;
  private final Clock clock;
  private final Consumer<String> progress;

  /**
   * @param options the {@link MaintenanceOptions}
   * @param clock where "now" comes from, against which ages are measured
   * @param progress receives one line per step and table
   */
  public LakeMaintenance(Configuration options, Clock clock, Consumer<String> progress) {
    MaintenanceOptions.validate(options);
    this.options = options;
    this.clock = clock;
    this.progress = progress;
  }

  /** Maintains each table in turn. */
  public List<Report> run(Catalog catalog, List<TableIdentifier> tables) {
    List<Report> reports = new ArrayList<>();
    for (TableIdentifier id : tables) {
      reports.add(maintain(id, catalog.loadTable(id)));
    }
    return reports;
  }

  private Report maintain(TableIdentifier id, Table table) {
    long t0 = System.nanoTime();
    DataFiles dataBefore = DataFiles.of(table);
    int snapshotsBefore = count(table);
    Storage storageBefore = storage(table);

    Long option =
        options
            .getOptional(MaintenanceOptions.TARGET_FILE_SIZE)
            .map(MemorySize::getBytes)
            .orElse(null);
    long target = SortedCompaction.targetFileSize(table, option);
    SortedCompaction.Result compacted =
        SortedCompaction.run(
            table,
            target,
            options.get(MaintenanceOptions.MAX_GROUP_SIZE).getBytes(),
            options.get(MaintenanceOptions.REWRITE_ALL));
    if (compacted.groups() > 0) {
      progress.accept(
          String.format(
              "[maintain] %s: compacted %s data files (%s bytes) into %s (%s bytes), target %s"
                  + " bytes%s",
              id,
              Figures.count(compacted.rewrittenFiles()),
              Figures.count(compacted.rewrittenBytes()),
              Figures.count(compacted.addedFiles()),
              Figures.count(compacted.addedBytes()),
              Figures.count(target),
              table.sortOrder().isUnsorted() ? "" : ", sorted by " + sortColumns(table)));
    }

    Instant now = clock.instant();
    Duration orphanAge = options.get(MaintenanceOptions.ORPHAN_AGE);
    SnapshotExpiry.Result expired =
        SnapshotExpiry.run(
            table, now, options.get(MaintenanceOptions.SNAPSHOT_RETENTION), orphanAge);
    if (expired.expired() > 0) {
      progress.accept(
          String.format(
              "[maintain] %s: expired %s snapshots older than %s (tagged ones kept) and deleted %s"
                  + " files only they referenced",
              id,
              Figures.count(expired.expired()),
              expired.cutoff(),
              Figures.count(expired.filesDeleted())));
    }

    Optional<OrphanFiles.Result> orphans = OrphanFiles.delete(table, now.minus(orphanAge));
    if (orphans.isEmpty()) {
      progress.accept(
          String.format(
              "[maintain] %s: orphan files not looked for: its FileIO (%s) cannot list files",
              id, table.io().getClass().getSimpleName()));
    } else if (orphans.get().deleted() > 0) {
      progress.accept(
          String.format(
              "[maintain] %s: deleted %s orphan files (%s bytes) older than %s",
              id,
              Figures.count(orphans.get().deleted()),
              Figures.count(orphans.get().bytes()),
              now.minus(orphanAge)));
    }
    table.refresh();
    return new Report(
        id,
        dataBefore,
        DataFiles.of(table),
        snapshotsBefore,
        count(table),
        storageBefore,
        storage(table),
        compacted.rewrittenFiles(),
        expired.expired(),
        expired.filesDeleted(),
        orphans.map(OrphanFiles.Result::deleted).orElse(0),
        orphans.map(OrphanFiles.Result::bytes).orElse(0L),
        Duration.ofNanos(System.nanoTime() - t0));
  }

  @Nullable
  private static Storage storage(Table table) {
    return OrphanFiles.storage(table).orElse(null);
  }

  private static String sortColumns(Table table) {
    List<String> columns = new ArrayList<>();
    table
        .sortOrder()
        .fields()
        .forEach(f -> columns.add(table.schema().findColumnName(f.sourceId())));
    return String.join(", ", columns);
  }

  private static int count(Table table) {
    int n = 0;
    for (Snapshot ignored : table.snapshots()) {
      n++;
    }
    return n;
  }
}
