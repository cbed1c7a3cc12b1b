package io.pitlake.testing;

import io.pitlake.catalog.CatalogConfig;
import io.pitlake.catalog.Catalogs;
import io.pitlake.table.IcebergAppends;
import io.pitlake.table.PitlakeTables;
import io.pitlake.table.TableBootstrap;
import io.pitlake.table.TableSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * A warehouse on disk and plain-Iceberg reads of its tables, for assertions independent of Flink.
 */
public final class Lake implements AutoCloseable {

  private final CatalogConfig config;
  private final Catalog catalog;

  public Lake(Path warehouse) {
    try {
      java.nio.file.Files.createDirectories(warehouse);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.config = CatalogConfig.embedded(warehouse);
    this.catalog = Catalogs.create(config);
    TableBootstrap.ensureTables(catalog, PitlakeTables.all());
  }

  public CatalogConfig config() {
    return config;
  }

  /** Every live row of a table as column → value maps, sorted by the table's sort columns. */
  public List<Map<String, Object>> rows(TableSpec spec) {
    return rows(spec, Set.of());
  }

  /** Like {@link #rows(TableSpec)}, leaving out some columns. */
  public List<Map<String, Object>> rows(TableSpec spec, Set<String> without) {
    Table table = catalog.loadTable(spec.id());
    table.refresh();
    List<Map<String, Object>> rows = new ArrayList<>();
    try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
      for (Record record : records) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (var field : spec.schema().columns()) {
          if (!without.contains(field.name())) {
            Object value = record.getField(field.name());
            row.put(field.name(), value instanceof OffsetDateTime t ? t.toInstant() : value);
          }
        }
        rows.add(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    rows.sort(Comparator.comparing(Object::toString));
    return rows;
  }

  /** The current snapshot's summary of a table (file, row and delete counts), empty before any. */
  public Map<String, String> summary(TableSpec spec) {
    Table table = catalog.loadTable(spec.id());
    table.refresh();
    return table.currentSnapshot() == null ? Map.of() : table.currentSnapshot().summary();
  }

  /**
   * How many commits added rows to a table: a streaming job that received its input in pieces
   * committed it in at least that many checkpoints.
   */
  public long commitsAddingRows(TableSpec spec) {
    Table table = catalog.loadTable(spec.id());
    table.refresh();
    long commits = 0;
    for (var snapshot : table.snapshots()) {
      if (Long.parseLong(snapshot.summary().getOrDefault("added-records", "0")) > 0) {
        commits++;
      }
    }
    return commits;
  }

  /** Copies the bronze rows that {@code keep} accepts into {@code target}'s bronze table. */
  public void copyBronzeTo(Lake target, Predicate<Record> keep) {
    copyTo(target, PitlakeTables.BRONZE_POLYGON_AGGS, keep);
  }

  /** Copies the rows of {@code spec} that {@code keep} accepts into {@code target}'s table. */
  public void copyTo(Lake target, TableSpec spec, Predicate<Record> keep) {
    TableBootstrap.ensureTables(target.catalog, List.of(spec));
    Table source = catalog.loadTable(spec.id());
    Table sink = target.catalog.loadTable(spec.id());
    List<Record> kept = new ArrayList<>();
    try (CloseableIterable<Record> records = IcebergGenerics.read(source).build()) {
      for (Record record : records) {
        if (keep.test(record)) {
          kept.add(record.copy());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    IcebergAppends.append(sink, kept);
  }

  /** Every live record of a table, as Iceberg reads it (for copying between lakes). */
  public List<Record> records(TableSpec spec) {
    Table table = catalog.loadTable(spec.id());
    table.refresh();
    List<Record> records = new ArrayList<>();
    try (CloseableIterable<Record> read = IcebergGenerics.read(table).build()) {
      read.forEach(record -> records.add(record.copy()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return records;
  }

  /**
   * Appends {@code records} to {@code spec}'s table in one commit, creating the table if needed.
   */
  public void append(TableSpec spec, List<Record> records) {
    TableBootstrap.ensureTables(catalog, List.of(spec));
    IcebergAppends.append(catalog.loadTable(spec.id()), records);
  }

  /** An empty record of {@code spec}'s schema, to fill and {@link #append}. */
  public static Record newRecord(TableSpec spec) {
    return org.apache.iceberg.data.GenericRecord.create(spec.schema());
  }

  /** The instant in a bronze record's {@code available_at}. */
  public static Instant availableAt(Record bronze) {
    return ((OffsetDateTime) bronze.getField("available_at")).toInstant();
  }

  @Override
  public void close() throws Exception {
    if (catalog instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }
}
