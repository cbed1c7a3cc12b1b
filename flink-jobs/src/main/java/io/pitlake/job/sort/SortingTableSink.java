package io.pitlake.job.sort;

import java.util.Map;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.sink.DataStreamSinkProvider;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.sink.abilities.SupportsOverwrite;
import org.apache.flink.table.connector.sink.abilities.SupportsPartitioning;
import org.apache.iceberg.flink.IcebergTableSink;

/**
 * Iceberg's table sink with the table's rows sorted before its writers ({@link SortOnWrite}), so
 * SQL {@code INSERT}s lay out files the same way as pitlake's DataStream sinks. Everything else is
 * Iceberg's.
 */
final class SortingTableSink implements DynamicTableSink, SupportsPartitioning, SupportsOverwrite {

  private final IcebergTableSink iceberg;
  private final SortOnWrite sort;
  private final String table;

  SortingTableSink(IcebergTableSink iceberg, SortOnWrite sort, String table) {
    this.iceberg = iceberg;
    this.sort = sort;
    this.table = table;
  }

  @Override
  public SinkRuntimeProvider getSinkRuntimeProvider(Context context) {
    SinkRuntimeProvider provider = iceberg.getSinkRuntimeProvider(context);
    if (!(provider instanceof DataStreamSinkProvider writers)) {
      throw new IllegalStateException(
          String.format(
              "%s is sorted on write, which needs Iceberg's FlinkSink: unset"
                  + " table.exec.iceberg.use-v2-sink",
              table));
    }
    return (DataStreamSinkProvider)
        (providerContext, rows) ->
            writers.consumeDataStream(providerContext, sort.sorted(rows, table));
  }

  @Override
  public ChangelogMode getChangelogMode(ChangelogMode requestedMode) {
    return iceberg.getChangelogMode(requestedMode);
  }

  @Override
  public void applyStaticPartition(Map<String, String> partition) {
    iceberg.applyStaticPartition(partition);
  }

  @Override
  public void applyOverwrite(boolean overwrite) {
    iceberg.applyOverwrite(overwrite);
  }

  @Override
  public DynamicTableSink copy() {
    return new SortingTableSink((IcebergTableSink) iceberg.copy(), sort, table);
  }

  @Override
  public String asSummaryString() {
    return "Iceberg table sink, sorted on write";
  }
}
