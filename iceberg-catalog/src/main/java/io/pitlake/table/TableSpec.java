package io.pitlake.table;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;
import static org.apache.flink.util.Preconditions.checkState;

import java.util.Map;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Everything that defines one pitlake table, so creation, documentation checks and writers all read
 * the same definition.
 *
 * @param id namespace and table name
 * @param schema columns (no identifier fields: every table is insert-only)
 * @param partitionSpec partitioning chosen for the common reads
 * @param sortOrder the order data files are clustered in by compaction
 * @param properties table properties (format version, codec, file size, sort on write)
 * @param layer the {@code pitlake build} layer whose SQL builds it ({@link #sqlFile}), or null for
 *     a table that ingest or another writer fills
 */
public record TableSpec(
    TableIdentifier id,
    Schema schema,
    PartitionSpec partitionSpec,
    SortOrder sortOrder,
    Map<String, String> properties,
    Layer layer) {

  /**
   * Table property: pitlake's writers sort the rows of each commit by the table's sort order before
   * they reach the files, so files and row groups hold narrow ranges of it. Iceberg's own Flink
   * sink ignores the sort order.
   */
  public static final String SORT_ON_WRITE = "pitlake.write.sort-on-write";

  public TableSpec {
    checkNotNull(id, "table id must not be null");
    checkNotNull(schema, "schema of %s must not be null", id);
    checkArgument(
        partitionSpec.schema() == schema, "partition spec of %s must bind its schema", id);
    checkArgument(sortOrder.schema() == schema, "sort order of %s must bind its schema", id);
    properties = Map.copyOf(properties);
  }

  public String namespace() {
    return id.namespace().level(0);
  }

  public String name() {
    return id.name();
  }

  /**
   * The SQL file that builds the table, under {@code sql/}: named for it ({@code
   * namespace/table.sql}), as every pipeline file is.
   *
   * @throws IllegalStateException when no SQL builds the table
   */
  public String sqlFile() {
    checkState(layer != null, "%s is not built by SQL: it has no layer", id);
    return namespace() + "/" + name() + ".sql";
  }
}
