package io.pitlake.job.ingest;

import io.pitlake.job.BackfillOptions;
import io.pitlake.quarantine.Rejection;
import io.pitlake.source.rest.Credentials;
import io.pitlake.source.rest.FetchedRecord;
import io.pitlake.source.rest.RateLimitScope;
import io.pitlake.source.rest.RestSource;
import io.pitlake.source.rest.RestSourceBuilder;
import io.pitlake.source.rest.RestSourceOptions;
import io.pitlake.vendor.VendorModule;
import java.time.LocalDate;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.iceberg.flink.CatalogLoader;

/**
 * The generic REST-to-bronze path of one {@link VendorDataset}, the same for every dataset of every
 * vendor ({@code pitlake ingest}'s raw tables, and the backfill's and live run's daily bars):
 *
 * <pre>
 * RestSource ─► normalize ─► keyBy(channel) ─► version ─► watermark(available_at) ─► rows ─► bronze
 *                  └─ rejected ─────────────────────────────────────────────► (the job's quarantine)
 * </pre>
 *
 * What differs between datasets is declared with the dataset: its protocol, splits and rate (its
 * vendor's module), and its {@link BronzeForm}.
 */
public final class DatasetIngest {

  private DatasetIngest() {}

  /**
   * What one dataset's pipeline gives its job.
   *
   * @param rows the rows it adds to the dataset's table (new versions only), in the table's schema,
   *     for SQL of the same job to read
   * @param rejected what it could not read, for the job's one quarantine sink
   */
  public record Added(DataStream<RowData> rows, DataStream<Rejection> rejected) {}

  /**
   * The dataset's REST source, without splits: its protocol and its vendor's rate, shared by the
   * run's {@code vendorSources} sources of that vendor.
   */
  public static RestSourceBuilder source(
      VendorDataset dataset,
      String baseUrl,
      Credentials credentials,
      Configuration options,
      long vendorSources) {
    return RestSource.builder()
        .setBaseUrl(baseUrl)
        .setProtocol(dataset.protocol(options))
        .setCredentials(credentials)
        .setConfiguration(sourceOptions(dataset, options, vendorSources));
  }

  /**
   * Adds the dataset's pipeline from {@code source} to its table; the caller sinks the rejects.
   *
   * @param readers the source's parallelism
   * @param keys the run's keys and {@code from} its first day: what the versioners read of the
   *     table ({@link BronzeForm#history})
   */
  public static <O extends VersionedObservation<O>> Added addTo(
      StreamExecutionEnvironment env,
      VendorDataset dataset,
      RestSource source,
      int readers,
      List<String> keys,
      LocalDate from,
      CatalogLoader catalogLoader,
      Configuration options) {
    // The form's observation type is the dataset's own; nothing outside this method sees O.
    @SuppressWarnings("unchecked")
    BronzeForm<O> form = (BronzeForm<O>) dataset.bronze();
    String name = dataset.id();
    DataStream<FetchedRecord> fetched =
        env.fromSource(source, WatermarkStrategy.noWatermarks(), name + "-rest")
            .uid(name + "-rest")
            .setParallelism(readers);
    SingleOutputStreamOperator<O> observed =
        fetched
            .process(form.normalizer(dataset, VendorDataset.AvailabilityRules.of(options)))
            .returns(form.type())
            .name("normalize-" + name)
            .uid("normalize-" + name);
    var channelOf = form.channelOf();
    DataStream<RowData> rows =
        observed
            // Keyed by the form's channel: the daily bars by symbol, so each symbol's bars reach
            // the feature engine through one channel, in the order they were fetched.
            .keyBy(o -> channelOf.apply(o.observationKey()), Types.STRING)
            .process(
                new ObservationVersioner<O>(
                    form.history(catalogLoader, dataset, keys, from), channelOf))
            .returns(form.type())
            .name("version-" + name)
            .uid("version-" + name)
            .assignTimestampsAndWatermarks(
                WatermarkStrategy.<O>forBoundedOutOfOrderness(
                        options.get(BackfillOptions.WATERMARK_OUT_OF_ORDERNESS))
                    .withTimestampAssigner((o, previous) -> o.availableAt().toEpochMilli()))
            .name("watermark-" + name)
            .uid("watermark-" + name)
            .map(form::row)
            .returns(TableSinks.rowType(dataset.table()))
            .name("rows-" + name)
            .uid("rows-" + name);
    TableSinks.sink(rows, dataset.table(), catalogLoader, options);
    return new Added(rows, observed.getSideOutput(form.rejected()));
  }

  /**
   * The source options of one dataset: the run's, with the rate its vendor's module declares. A
   * vendor's limit is per user or key, not per endpoint (SEC allows 10 requests per second per user
   * in total), so the datasets of one vendor share it: through one bucket named for the vendor
   * ({@link RateLimitScope#PROCESS}), else by splitting it equally, which wastes the shares of
   * datasets that are done or not yet scheduled.
   */
  private static Configuration sourceOptions(
      VendorDataset dataset, Configuration options, long vendorSources) {
    Configuration conf = new Configuration(options);
    double rate = VendorModule.named(dataset.vendor()).requestsPerSecond(options);
    conf.set(RestSourceOptions.RATE_LIMIT_GROUP, dataset.vendor());
    boolean shared = conf.get(RestSourceOptions.RATE_LIMIT_SCOPE) == RateLimitScope.PROCESS;
    conf.set(
        RestSourceOptions.REQUESTS_PER_SECOND, shared ? rate : rate / Math.max(1, vendorSources));
    return conf;
  }
}
