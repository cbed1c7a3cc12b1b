package io.pitlake.job;

import io.pitlake.catalog.CatalogConfig;
import io.pitlake.catalog.Catalogs;
import io.pitlake.job.ingest.VendorDataset;
import io.pitlake.table.PitlakeTables;
import io.pitlake.table.TableBootstrap;
import io.pitlake.table.TableSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.annotation.Nullable;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * The tables of a lake: pitlake's own, and the raw bronze table of every vendor dataset that {@code
 * pitlake ingest} created. One list for the commands that act on the whole lake ({@code tables},
 * {@code tag}, {@code maintain}), so a table added to either source reaches all of them.
 */
public final class LakeTables {

  private LakeTables() {}

  /**
   * Creates every table of the lake that is missing, pitlake's own and every vendor dataset's raw
   * bronze table: the SQL layers read the raw bronze tables of datasets that may never have been
   * ingested, and an empty table gives them empty inputs.
   */
  public static void ensure(CatalogConfig config) {
    ensure(config, all());
  }

  /**
   * {@link #ensure(CatalogConfig)} of only the tables named in {@code names} ({@code
   * namespace.table}): a build reads and writes a few of the lake's tables, and loading each of the
   * others costs a read of its metadata (docs/performance.md, "Fixed cost of a build").
   */
  public static void ensure(CatalogConfig config, Collection<String> names) {
    ensure(config, all().stream().filter(t -> names.contains(t.id().toString())).toList());
  }

  private static void ensure(CatalogConfig config, List<TableSpec> specs) {
    try (var catalog = Backfill.closeable(Catalogs.create(config))) {
      TableBootstrap.ensureTables(catalog.get(), specs);
    }
  }

  /** pitlake's own tables and every vendor dataset's raw bronze table, created or not. */
  private static List<TableSpec> all() {
    List<TableSpec> specs = new ArrayList<>(PitlakeTables.all());
    for (VendorDataset dataset : VendorDataset.values()) {
      if (specs.stream().noneMatch(t -> t.id().equals(dataset.table().id()))) {
        specs.add(dataset.table());
      }
    }
    return specs;
  }

  /**
   * pitlake's own tables (whether created or not), then the vendor datasets' raw bronze tables that
   * exist (the daily bars' typed table is one of pitlake's own).
   */
  public static List<TableSpec> known(Catalog catalog) {
    List<TableSpec> tables = new ArrayList<>(PitlakeTables.all());
    for (VendorDataset dataset : VendorDataset.values()) {
      if (tables.stream().noneMatch(t -> t.id().equals(dataset.table().id()))
          && catalog.tableExists(dataset.table().id())) {
        tables.add(dataset.table());
      }
    }
    return tables;
  }

  /**
   * The newest snapshot that changed the table's rows, or {@code null} when none did: compactions
   * (operation {@code replace}, {@code pitlake maintain}) rewrite files without changing a row, so
   * a table's content, a build's inputs and a streaming job's last commit are named by this one.
   */
  @Nullable
  public static Snapshot newestChange(Table table) {
    Snapshot s = table.currentSnapshot();
    while (s != null && DataOperations.REPLACE.equals(s.operation())) {
      s = s.parentId() == null ? null : table.snapshot(s.parentId());
    }
    return s;
  }

  /** The tables of {@link #known} that exist in the catalog. */
  public static List<TableSpec> existing(Catalog catalog) {
    return known(catalog).stream().filter(t -> catalog.tableExists(t.id())).toList();
  }

  /** The ids of {@link #existing}. */
  public static List<TableIdentifier> existingIds(Catalog catalog) {
    return existing(catalog).stream().map(TableSpec::id).toList();
  }
}
