package io.pitlake.job.ingest;

import io.pitlake.quarantine.Rejection;
import io.pitlake.source.rest.FetchedRecord;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.List;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.OutputTag;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.iceberg.flink.CatalogLoader;

/**
 * What a dataset's bronze rows are, the one hook of {@link DatasetIngest} a dataset declares: how a
 * fetched element becomes an observation (or a rejection), which channel carries it, what the table
 * already holds, and the row it is written as.
 *
 * <p>Most datasets keep the vendor's payload as it came ({@link #raw()}: {@code
 * bronze.<vendor>_<dataset>}); Polygon's daily bars, the backfill's whole input, are typed columns
 * that silver's SQL reads in the same job ({@code bronze.polygon_aggs}), so their vendor module
 * declares a form of their own.
 *
 * @param <O> the observation type the form versions
 */
public interface BronzeForm<O extends VersionedObservation<O>> extends Serializable {

  /** The raw form: payload, key and instants as {@link VendorDataset#identify} finds them. */
  static BronzeForm<RawObservation> raw() {
    return RawBronzeForm.INSTANCE;
  }

  Class<O> type();

  /** Identifies and stamps each fetched element, sending what it cannot to {@link #rejected()}. */
  ProcessFunction<FetchedRecord, O> normalizer(
      VendorDataset dataset, VendorDataset.AvailabilityRules rules);

  /** The side output of {@link #normalizer}'s rejects. */
  OutputTag<Rejection> rejected();

  /**
   * The channel an observation key travels ({@link ObservationVersioner}'s routing): the key
   * itself, or a coarser one (the symbol) when a reader downstream needs each symbol's observations
   * in fetch order.
   */
  SerializableFunction<String, String> channelOf();

  /**
   * What the table holds that a run over {@code keys} from {@code from} can meet again, read by
   * each versioner when it opens.
   */
  ObservationHistory history(
      CatalogLoader catalogLoader, VendorDataset dataset, List<String> keys, LocalDate from);

  /** The bronze row of a versioned observation, in {@link VendorDataset#table()}'s schema. */
  RowData row(O observation);
}
