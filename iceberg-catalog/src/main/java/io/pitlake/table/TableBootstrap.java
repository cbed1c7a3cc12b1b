package io.pitlake.table;

import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates pitlake's namespaces and tables when they are missing and leaves existing ones alone, so
 * every command can call it first and two runs racing to create a table both succeed.
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
}
