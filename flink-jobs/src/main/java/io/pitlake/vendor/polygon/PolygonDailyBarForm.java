package io.pitlake.vendor.polygon;

import io.pitlake.job.ingest.BronzeForm;
import io.pitlake.job.ingest.IcebergRows;
import io.pitlake.job.ingest.ObservationHistory;
import io.pitlake.job.ingest.VendorDataset;
import io.pitlake.quarantine.Rejection;
import io.pitlake.source.rest.FetchedRecord;
import java.time.LocalDate;
import java.util.List;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.OutputTag;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.iceberg.flink.CatalogLoader;

/**
 * The bronze form of Polygon's daily bars ({@link PolygonDatasets#AGGS_DAY}): typed columns in
 * {@code bronze.polygon_aggs}, which silver's SQL reads in the same job, one channel per symbol so
 * that each symbol's bars reach the feature engine in the order they were fetched, and a history
 * scoped to the run's symbols and first day ({@link PolygonDailyBarHistory}).
 */
enum PolygonDailyBarForm implements BronzeForm<PolygonAggObservation> {
  INSTANCE;

  @Override
  public Class<PolygonAggObservation> type() {
    return PolygonAggObservation.class;
  }

  @Override
  public ProcessFunction<FetchedRecord, PolygonAggObservation> normalizer(
      VendorDataset dataset, VendorDataset.AvailabilityRules rules) {
    return new PolygonDailyBarNormalizer(rules.polygonDay());
  }

  @Override
  public OutputTag<Rejection> rejected() {
    return PolygonDailyBarNormalizer.REJECTED;
  }

  @Override
  public SerializableFunction<String, String> channelOf() {
    return PolygonAggObservation::symbolOf;
  }

  @Override
  public ObservationHistory history(
      CatalogLoader catalogLoader, VendorDataset dataset, List<String> keys, LocalDate from) {
    return new PolygonDailyBarHistory(catalogLoader, keys, from);
  }

  @Override
  public RowData row(PolygonAggObservation observation) {
    return IcebergRows.bronzePolygonAgg(observation);
  }
}
