package io.pitlake.table;

import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.exceptions.AlreadyExistsException;
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
 * naming the table, the column and the fix.
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
      if (catalog.tableExists(spec.id())) {
        migrate(catalog.loadTable(spec.id()), spec);
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

  /**
   * Adds the columns of {@code spec} that {@code table} lacks; fails on a column whose type
   * differs.
   *
   * @return the names of the columns added
   */
  static List<String> migrate(Table table, TableSpec spec) {
    Schema current = table.schema();
    List<Types.NestedField> missing = new ArrayList<>();
    for (Types.NestedField field : spec.schema().columns()) {
      Types.NestedField existing = current.findField(field.name());
      if (existing == null) {
        missing.add(field);
      } else if (!existing.type().equals(field.type())) {
        throw new IllegalStateException(
            String.format(
                "table %s has column %s of type %s, but this pitlake defines it as %s: the lake was"
                    + " written by another version; rebuild it in a fresh --warehouse, or drop %s"
                    + " from the catalog and run its layer's build again",
                spec.id(), field.name(), existing.type(), field.type(), spec.id()));
      }
    }
    if (missing.isEmpty()) {
      return List.of();
    }
    UpdateSchema update = table.updateSchema();
    for (Types.NestedField field : missing) {
      update.addColumn(field.name(), field.type(), field.doc());
    }
    update.commit();
    List<String> added = missing.stream().map(Types.NestedField::name).toList();
    LOG.warn(
        "Table {} was written by an older pitlake: added columns {}; its rows hold null there"
            + " until its layer is rebuilt",
        spec.id(),
        added);
    return added;
  }
}
