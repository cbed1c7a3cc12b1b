package io.pitlake.job.ingest;

import io.pitlake.job.sort.SortOnWrite;
import io.pitlake.quarantine.Rejection;
import io.pitlake.quarantine.UnrecordedRejects;
import io.pitlake.table.PitlakeTables;
import io.pitlake.table.TableSpec;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.flink.sink.FlinkSink;

/**
 * The DataStream sinks of the ingest jobs: rows appended to their Iceberg table (sorted first where
 * the table declares a sort order), and rejects to {@code silver.quarantine}.
 */
public final class TableSinks {

  private TableSinks() {}

  /**
   * Appends to {@code silver.quarantine} the rejects it does not hold yet: a re-run refusing the
   * same payload again logs nothing new ({@link UnrecordedRejects}).
   */
  public static void quarantine(
      DataStream<Rejection> rejected, CatalogLoader catalogLoader, Configuration options) {
    sink(
        quarantineRows(rejected, catalogLoader, ""),
        PitlakeTables.SILVER_QUARANTINE,
        catalogLoader,
        options);
  }

  /**
   * The rejects {@code silver.quarantine} does not hold yet, as its rows, for a job whose SQL
   * writes them through its own quarantine sink ({@code SqlRunner#addQuarantineRows}): one
   * committer per table, not one per part of the job.
   *
   * @param uidSuffix ends the operators' uids, for a second ingest of the same job
   */
  public static DataStream<RowData> quarantineRows(
      DataStream<Rejection> rejected, CatalogLoader catalogLoader, String uidSuffix) {
    return rejected
        .filter(new UnrecordedRejects(catalogLoader))
        .name("unrecorded-rejects" + uidSuffix)
        .uid("unrecorded-rejects" + uidSuffix)
        .map(IcebergRows::quarantine)
        .returns(rowType(PitlakeTables.SILVER_QUARANTINE))
        .name("quarantine-rows" + uidSuffix)
        .uid("quarantine-rows" + uidSuffix);
  }

  static InternalTypeInfo<RowData> rowType(TableSpec spec) {
    return InternalTypeInfo.of(FlinkSchemaUtil.convert(spec.schema()));
  }

  static void sink(
      DataStream<RowData> rows,
      TableSpec spec,
      CatalogLoader catalogLoader,
      Configuration options) {
    String name = spec.namespace() + "." + spec.name();
    DataStream<RowData> ordered =
        SortOnWrite.of(
                spec.schema(),
                spec.sortOrder(),
                spec.properties(),
                options.get(SortOnWrite.BUFFER_SIZE))
            .<DataStream<RowData>>map(sort -> sort.sorted(rows, name).uid("sort-" + name))
            .orElse(rows);
    FlinkSink.forRowData(ordered)
        .tableLoader(TableLoader.fromCatalog(catalogLoader, spec.id()))
        .uidPrefix("sink-" + name)
        .append();
  }
}
