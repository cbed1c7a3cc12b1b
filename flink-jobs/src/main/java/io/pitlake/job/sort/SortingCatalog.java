package io.pitlake.job.sort;

import java.util.Map;
import java.util.Optional;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.table.catalog.ObjectIdentifier;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.factories.Factory;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.flink.FlinkCatalog;
import org.apache.iceberg.flink.FlinkDynamicTableFactory;
import org.apache.iceberg.flink.IcebergTableSink;

/**
 * Iceberg's Flink catalog whose table sinks sort the rows of tables that ask for it ({@link
 * SortOnWrite}). The catalog is where the planner gets a table's sink, so every SQL {@code INSERT}
 * gets the table's layout without a word in the SQL files, in batch and streaming alike.
 */
public final class SortingCatalog extends FlinkCatalog {

  private final MemorySize buffer;

  public SortingCatalog(
      String name, CatalogLoader loader, Map<String, String> properties, MemorySize buffer) {
    super(name, "default", Namespace.empty(), loader, properties, true, -1L);
    this.buffer = buffer;
  }

  @Override
  public Optional<Factory> getFactory() {
    return Optional.of(new Sinks(this));
  }

  /** Iceberg's table factory, with sinks sorted where the table asks for it. */
  private static final class Sinks extends FlinkDynamicTableFactory {
    private final SortingCatalog catalog;

    Sinks(SortingCatalog catalog) {
      super(catalog);
      this.catalog = catalog;
    }

    @Override
    public DynamicTableSink createDynamicTableSink(Context context) {
      DynamicTableSink sink = super.createDynamicTableSink(context);
      ObjectIdentifier id = context.getObjectIdentifier();
      Table table =
          catalog.catalog().loadTable(TableIdentifier.of(id.getDatabaseName(), id.getObjectName()));
      String name = id.getDatabaseName() + "." + id.getObjectName();
      return SortOnWrite.of(table.schema(), table.sortOrder(), table.properties(), catalog.buffer)
          .<DynamicTableSink>map(sort -> new SortingTableSink((IcebergTableSink) sink, sort, name))
          .orElse(sink);
    }
  }
}
