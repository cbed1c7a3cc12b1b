package io.pitlake.table;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.ReplaceSortOrder;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortDirection;
import org.apache.iceberg.SortField;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.UpdateProperties;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.types.Types;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates pitlake's namespaces and tables when they are missing, so every command can call it first
 * and two runs racing to create a table both succeed; and brings an existing table written by an
 * older pitlake up to its definition, or refuses it, so an old lake is never silently misread.
 *
 * <p>A column the definition has and the table lacks is added (as optional: rows written before
 * hold null there until the table's layer is rebuilt, which every {@code pitlake build} of a silver
 * or gold layer does). A column whose type differs cannot be migrated in place: that is an error
 * naming the table, the column and the fix. Properties and sort order are set to the definition's,
 * so an older lake's next commit is written in today's layout. A table's changes are one metadata
 * commit (no snapshot, no data file written or removed), logged in one line; a table already right
 * gets none.
 */
public final class TableBootstrap {

  private static final Logger LOG = LoggerFactory.getLogger(TableBootstrap.class);

  private TableBootstrap() {}

  /** Returns the names of the tables this call created. */
  public static List<String> ensureTables(Catalog catalog, List<TableSpec> specs) {
    if (catalog instanceof SupportsNamespaces namespaces) {
      for (String ns : PitlakeTables.NAMESPACES) {
        Namespace namespace = Namespace.of(ns);
        if (!namespaces.namespaceExists(namespace)) {
          try {
            namespaces.createNamespace(namespace);
          } catch (AlreadyExistsException raced) {
            LOG.debug("Namespace {} was created concurrently", ns);
          }
        }
      }
    }
    List<String> created = new ArrayList<>();
    for (TableSpec spec : specs) {
      // One load per table: a catalog's tableExists loads the table too, so asking first would read
      // every table's metadata twice (a build's fixed cost, docs/performance.md).
      Table existing = loadOrNull(catalog, spec);
      if (existing != null) {
        migrate(existing, spec);
        continue;
      }
      try {
        Table table =
            catalog
                .buildTable(spec.id(), spec.schema())
                .withPartitionSpec(spec.partitionSpec())
                .withSortOrder(spec.sortOrder())
                .withProperties(spec.properties())
                .create();
        created.add(spec.id().toString());
        LOG.info("Created table {} at {}", spec.id(), table.location());
      } catch (AlreadyExistsException raced) {
        LOG.debug("Table {} was created concurrently", spec.id());
      }
    }
    return created;
  }

  private static Table loadOrNull(Catalog catalog, TableSpec spec) {
    try {
      return catalog.loadTable(spec.id());
    } catch (NoSuchTableException missing) {
      return null;
    }
  }

  /**
   * Brings {@code table} to {@code spec}: adds the columns it lacks; for a derived (silver or gold)
   * table, whose rows its layer's build writes anew, also drops the columns and the key the
   * definition no longer has (insert-only tables have no identifier fields); for every table, sets
   * the properties and sort order; all in one metadata commit, none when nothing differs. Fails on
   * a column whose type differs, or on a raw table that would lose a column.
   *
   * @return the changes made, in words ("added event_time", "dropped superseded_at", ...)
   */
  static List<String> migrate(Table table, TableSpec spec) {
    Schema current = table.schema();
    boolean derived = !spec.namespace().equals(PitlakeTables.BRONZE);
    List<Types.NestedField> missing = new ArrayList<>();
    for (Types.NestedField field : spec.schema().columns()) {
      Types.NestedField existing = current.findField(field.name());
      if (existing == null) {
        missing.add(field);
      } else if (!existing.type().toString().equals(field.type().toString())) {
        // Compared by shape: a nested type's field ids are the table's own (Iceberg assigns fresh
        // ids when it creates a table), so a definition that renumbers them is the same type.
        throw conflict(
            spec,
            "has column "
                + field.name()
                + " of type "
                + existing.type()
                + ", but this pitlake defines it as "
                + field.type());
      }
    }
    List<String> extra =
        current.columns().stream()
            .map(Types.NestedField::name)
            .filter(name -> spec.schema().findField(name) == null)
            .toList();
    if (!extra.isEmpty() && !derived) {
      throw conflict(spec, "has columns " + extra + " that this pitlake does not define");
    }
    boolean keyChanged =
        derived && !current.identifierFieldNames().equals(spec.schema().identifierFieldNames());
    List<String> changes = new ArrayList<>();
    Transaction transaction = table.newTransaction();
    if (!missing.isEmpty() || !extra.isEmpty() || keyChanged) {
      UpdateSchema update = transaction.updateSchema();
      if (keyChanged) {
        update.setIdentifierFields(spec.schema().identifierFieldNames());
        changes.add("key " + spec.schema().identifierFieldNames());
      }
      for (Types.NestedField field : missing) {
        update.addColumn(field.name(), field.type(), field.doc());
        changes.add("added " + field.name());
      }
      for (String name : extra) {
        update.deleteColumn(name);
        changes.add("dropped " + name);
      }
      update.commit();
    }
    changes.addAll(syncProperties(table, transaction, spec));
    changes.addAll(syncSortOrder(table, transaction, spec));
    if (!changes.isEmpty()) {
      transaction.commitTransaction();
      LOG.warn(
          "Table {} was written by an older pitlake, brought to this one's definition in one"
              + " metadata commit, no data file touched: {}. Rows written before hold null in added"
              + " columns until its layer is rebuilt; files written before keep their layout until"
              + " then or `pitlake maintain` (all of them with maintain.rewrite-all=true)",
          spec.id(),
          changes);
    }
    return changes;
  }

  /**
   * Sets every property the definition declares to its value and removes the layout properties it
   * no longer declares, so an older lake's tables are written with today's layout (sort on write,
   * row-group size, which columns keep statistics) from the next commit on. Files already written
   * keep theirs until the layer is rebuilt or {@code pitlake maintain} rewrites them: by default
   * the files outside 75%–180% of the new target size (an older layout's larger files), with {@code
   * maintain.rewrite-all} every file.
   */
  private static List<String> syncProperties(Table table, Transaction transaction, TableSpec spec) {
    Map<String, String> current = table.properties();
    Map<String, String> set = new TreeMap<>();
    spec.properties()
        .forEach(
            (key, value) -> {
              if (!TableProperties.RESERVED_PROPERTIES.contains(key)
                  && !value.equals(current.get(key))) {
                set.put(key, value);
              }
            });
    List<String> removed =
        current.keySet().stream()
            .filter(key -> !spec.properties().containsKey(key) && isLayoutProperty(key))
            .sorted()
            .toList();
    if (set.isEmpty() && removed.isEmpty()) {
      return List.of();
    }
    // A transaction's update must be committed before the next is made, so it is made only here.
    UpdateProperties update = transaction.updateProperties();
    List<String> changes = new ArrayList<>();
    set.forEach(
        (key, value) -> {
          update.set(key, value);
          changes.add(key + "=" + value);
        });
    for (String key : removed) {
      update.remove(key);
      changes.add("removed " + key);
    }
    update.commit();
    return changes;
  }

  /** The properties pitlake's layouts set, and so may take away again when a layout changes. */
  private static boolean isLayoutProperty(String key) {
    return key.equals(TableSpec.SORT_ON_WRITE)
        || key.equals(TableProperties.PARQUET_ROW_GROUP_SIZE_BYTES)
        || key.equals(PitlakeTables.PARQUET_DICTIONARY)
        || key.startsWith(TableProperties.PARQUET_BLOOM_FILTER_COLUMN_ENABLED_PREFIX)
        || key.startsWith(TableProperties.PARQUET_BLOOM_FILTER_COLUMN_NDV_PREFIX)
        || key.startsWith(TableProperties.PARQUET_COLUMN_STATS_ENABLED_PREFIX);
  }

  /** Replaces the table's sort order by the definition's when they name other columns or ways. */
  private static List<String> syncSortOrder(Table table, Transaction transaction, TableSpec spec) {
    List<String> wanted = describe(spec.sortOrder(), spec.schema());
    if (wanted.equals(describe(table.sortOrder(), table.schema()))) {
      return List.of();
    }
    ReplaceSortOrder replace = transaction.replaceSortOrder();
    for (SortField field : spec.sortOrder().fields()) {
      String column = spec.schema().findColumnName(field.sourceId());
      if (field.direction() == SortDirection.ASC) {
        replace.asc(column, field.nullOrder());
      } else {
        replace.desc(column, field.nullOrder());
      }
    }
    replace.commit();
    return List.of("sort order " + wanted);
  }

  private static List<String> describe(SortOrder order, Schema schema) {
    return order.fields().stream()
        .map(
            f ->
                schema.findColumnName(f.sourceId())
                    + " "
                    + f.transform()
                    + " "
                    + f.direction()
                    + " "
                    + f.nullOrder())
        .toList();
  }

  private static IllegalStateException conflict(TableSpec spec, String what) {
    return new IllegalStateException(
        String.format(
            "table %s %s: the lake was written by another version; rebuild it in a fresh"
                + " --warehouse, or drop %s from the catalog and run its layer's build again",
            spec.id(), what, spec.id()));
  }
}
