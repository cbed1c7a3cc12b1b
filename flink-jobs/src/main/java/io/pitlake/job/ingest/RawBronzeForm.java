package io.pitlake.job.ingest;

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
 * {@link BronzeForm#raw()}: the vendor's payload as it came, one channel per observation key, over
 * every row the dataset's table holds.
 */
enum RawBronzeForm implements BronzeForm<RawObservation> {
  INSTANCE;

  @Override
  public Class<RawObservation> type() {
    return RawObservation.class;
  }

  @Override
  public ProcessFunction<FetchedRecord, RawObservation> normalizer(
      VendorDataset dataset, VendorDataset.AvailabilityRules rules) {
    return new RawNormalizer(dataset, rules);
  }

  @Override
  public OutputTag<Rejection> rejected() {
    return RawNormalizer.REJECTED;
  }

  @Override
  public SerializableFunction<String, String> channelOf() {
    return key -> key;
  }

  /** Every row of the dataset: these vendors serve a key's whole history in one document. */
  @Override
  public ObservationHistory history(
      CatalogLoader catalogLoader, VendorDataset dataset, List<String> keys, LocalDate from) {
    return new RawBronzeHistory(catalogLoader, dataset);
  }

  @Override
  public RowData row(RawObservation observation) {
    return IcebergRows.rawBronze(observation);
  }
}
