package io.pitlake.tag;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.CatalogTable;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.exceptions.CatalogException;
import org.apache.flink.table.catalog.exceptions.TableNotExistException;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.factories.Factory;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.flink.FlinkCatalog;
import org.apache.iceberg.flink.FlinkDynamicTableFactory;

/**
 * Iceberg's Flink catalog with every table read at one tag: each table it hands the planner carries
 * the read option {@code tag} (Iceberg's {@code FlinkReadOptions.TAG}, what the hint {@code
 * OPTIONS('tag'='NAME')} sets on one table), so every table of a query is read at the tag without a
 * word in the SQL. A query's own hint still wins for its table. It reads only: an {@code INSERT} is
 * refused, as a tag is fixed.
 */
public final class TagReadingCatalog extends FlinkCatalog {

  /** Iceberg's Flink read option that reads a table at a tag. */
  static final String TAG_OPTION = "tag";

  private final String tag;

  public TagReadingCatalog(
      String name, CatalogLoader loader, Map<String, String> properties, String tag) {
    super(name, "default", Namespace.empty(), loader, properties, true, -1L);
    this.tag = tag;
  }

  @Override
  public CatalogTable getTable(ObjectPath path) throws TableNotExistException, CatalogException {
    CatalogTable table = super.getTable(path);
    SnapshotRef ref =
        catalog()
            .loadTable(TableIdentifier.of(path.getDatabaseName(), path.getObjectName()))
            .refs()
            .get(tag);
    if (ref == null || !ref.isTag()) {
      throw new MissingTagException(LakeTags.missing(path.getFullName(), tag));
    }
    Map<String, String> options = new HashMap<>(table.getOptions());
    options.putIfAbsent(TAG_OPTION, tag);
    return table.copy(options);
  }

  @Override
  public Optional<Factory> getFactory() {
    return Optional.of(new ReadOnly(this, tag));
  }

  /** A tagged read of a table that lacks the tag: the message names the table and the fix. */
  public static final class MissingTagException extends ValidationException {
    private static final long serialVersionUID = 1L;

    MissingTagException(String message) {
      super(message);
    }
  }

  /** Iceberg's table factory without sinks. */
  private static final class ReadOnly extends FlinkDynamicTableFactory {
    private final String tag;

    ReadOnly(FlinkCatalog catalog, String tag) {
      super(catalog);
      this.tag = tag;
    }

    @Override
    public DynamicTableSink createDynamicTableSink(Context context) {
      throw new ValidationException(
          String.format(
              "%s: a query at tag '%s' only reads; write without --tag",
              context.getObjectIdentifier().asSummaryString(), tag));
    }
  }
}
