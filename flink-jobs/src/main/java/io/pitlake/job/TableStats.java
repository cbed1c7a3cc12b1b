package io.pitlake.job;

import io.pitlake.catalog.CatalogConfig;
import io.pitlake.catalog.Catalogs;
import io.pitlake.table.TableSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * A table's live row count (deletes applied) and newest snapshot, for summaries and {@code pitlake
 * tables}.
 */
public record TableStats(String table, long rows, @Nullable Long snapshotId, int snapshots) {

  /** The table's current snapshot, or {@code null} while it has none (never written). */
  @Nullable
  public static Long currentSnapshotId(Catalog catalog, TableSpec spec) {
    Snapshot current = catalog.loadTable(spec.id()).currentSnapshot();
    return current == null ? null : current.snapshotId();
  }

  /**
   * Whether the snapshot's summary holds its live row count: the total of records written, when no
   * delete file removes any of them. Reading that is a metadata lookup instead of a scan of every
   * data file, which on a lake of a million bars takes seconds.
   */
  private static boolean countedInSummary(Snapshot snapshot) {
    Map<String, String> summary = snapshot.summary();
    return summary != null
        && "0".equals(summary.get(SnapshotSummary.TOTAL_DELETE_FILES_PROP))
        && summary.get(SnapshotSummary.TOTAL_RECORDS_PROP) != null;
  }

  public static TableStats of(Catalog catalog, TableSpec spec) {
    Table table = catalog.loadTable(spec.id());
    Snapshot current = table.currentSnapshot();
    long rows = 0;
    if (current != null && countedInSummary(current)) {
      rows = Long.parseLong(current.summary().get(SnapshotSummary.TOTAL_RECORDS_PROP));
    } else if (current != null) {
      String first = spec.schema().columns().get(0).name();
      try (CloseableIterable<Record> records = IcebergGenerics.read(table).select(first).build()) {
        for (Record ignored : records) {
          rows++;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot count rows of " + spec.id(), e);
      }
    }
    int snapshots = 0;
    for (Snapshot ignored : table.snapshots()) {
      snapshots++;
    }
    return new TableStats(
        spec.namespace() + "." + spec.name(),
        rows,
        current == null ? null : current.snapshotId(),
        snapshots);
  }

  /** The stats of {@code specs}, in their order. */
  public static List<TableStats> of(CatalogConfig config, List<TableSpec> specs) {
    List<TableStats> tables = new ArrayList<>();
    try (var catalog = Backfill.closeable(Catalogs.create(config))) {
      for (TableSpec spec : specs) {
        tables.add(of(catalog.get(), spec));
      }
    }
    return tables;
  }

  /** The rows of {@code table} among {@code tables}. */
  public static long rows(List<TableStats> tables, String table) {
    return tables.stream()
        .filter(t -> t.table().equals(table))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no table " + table + " in the lake"))
        .rows();
  }
}
