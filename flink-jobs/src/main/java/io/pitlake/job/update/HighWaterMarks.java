package io.pitlake.job.update;

import io.pitlake.time.NyseCalendar;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Where each key of a dataset stands in the lake: the first and the newest New York day of its
 * high-water column ({@link io.pitlake.job.ingest.Freshness#column}), read from the dataset's
 * bronze table itself. No other record of what was fetched exists, so nothing can drift from the
 * rows: a run that died before its commit left no rows, and the next starts where the lake is.
 *
 * <p>Reads two or three columns of every row of the table: the marks' cost grows with the lake.
 */
final class HighWaterMarks {

  /** A key's first and newest day. */
  record Mark(LocalDate first, LocalDate newest) {}

  /** A key's first and newest instant while the rows are read: compared, not converted. */
  private static final class Bounds {
    OffsetDateTime first;
    OffsetDateTime newest;

    Bounds(OffsetDateTime at) {
      first = at;
      newest = at;
    }

    void add(OffsetDateTime at) {
      if (at.isBefore(first)) {
        first = at;
      } else if (at.isAfter(newest)) {
        newest = at;
      }
    }

    Mark mark() {
      return new Mark(day(first), day(newest));
    }

    private static LocalDate day(OffsetDateTime at) {
      return at.atZoneSameInstant(NyseCalendar.ZONE).toLocalDate();
    }
  }

  private HighWaterMarks() {}

  /** Each key's mark; empty for a table without rows (or none at all). */
  static Map<String, Mark> read(Catalog catalog, UpdatedDataset dataset) {
    if (!catalog.tableExists(dataset.table().id())) {
      return Map.of();
    }
    Table table = catalog.loadTable(dataset.table().id());
    if (table.currentSnapshot() == null) {
      return Map.of();
    }
    Map<String, Bounds> bounds = new HashMap<>();
    String column = dataset.freshness().column();
    List<String> columns = new ArrayList<>(dataset.keyColumns());
    columns.add(column);
    try (CloseableIterable<Record> rows = IcebergGenerics.read(table).select(columns).build()) {
      for (Record row : rows) {
        OffsetDateTime at = (OffsetDateTime) row.getField(column);
        if (at == null) {
          continue;
        }
        String key = dataset.keyOf(row);
        Bounds known = bounds.get(key);
        if (known == null) {
          bounds.put(key, new Bounds(at));
        } else {
          known.add(at);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dataset.table().id(), e);
    }
    Map<String, Mark> marks = new HashMap<>();
    bounds.forEach((key, b) -> marks.put(key, b.mark()));
    return marks;
  }
}
