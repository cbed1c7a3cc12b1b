package io.pitlake.job.ingest;

import io.pitlake.catalog.Catalogs;
import io.pitlake.quarantine.Rejection;
import io.pitlake.source.rest.Credentials;
import io.pitlake.source.rest.FetchedRecord;
import io.pitlake.source.rest.RateLimitScope;
import io.pitlake.source.rest.RestSource;
import io.pitlake.source.rest.RestSourceOptions;
import io.pitlake.source.rest.split.RestSplit;
import io.pitlake.vendor.VendorModule;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.iceberg.flink.CatalogLoader;

/**
 * The DataStream job of {@code pitlake ingest}: each {@link VendorDataset} of the plan through its
 * own REST source into its raw bronze table, versioned like the daily bars, with everything
 * unreadable in {@code silver.quarantine}.
 *
 * <pre>
 * RestSource(dataset) ─► RawNormalizer ─► keyBy(key) ─► version ─► bronze.&lt;vendor&gt;_&lt;dataset&gt;
 *                           └─ rejected ───────────────────────────► quarantine (all datasets)
 * </pre>
 */
public final class RawIngestJob {

  private RawIngestJob() {}

  /**
   * Adds one pipeline per dataset to {@code env}; the caller executes it.
   *
   * @return how many source splits the plan makes in total
   */
  public static int addTo(StreamExecutionEnvironment env, RawIngestPlan plan) {
    CatalogLoader catalogLoader = Catalogs.loader(plan.catalog());
    VendorDataset.AvailabilityRules rules = VendorDataset.AvailabilityRules.of(plan.options());
    DataStream<Rejection> rejected = null;
    int total = 0;
    for (VendorDataset dataset : plan.datasets()) {
      List<RestSplit> splits = plan.splitsOf(dataset);
      total += splits.size();
      RestSource source =
          RestSource.builder()
              .setBaseUrl(plan.options().get(dataset.baseUrlOption()))
              .setProtocol(dataset.protocol(plan.options()))
              .setCredentials(plan.credentials().getOrDefault(dataset.vendor(), Credentials.none()))
              .setSplits(splits)
              .setConfiguration(
                  sourceOptions(
                      dataset,
                      plan.options(),
                      plan.datasets().stream()
                          .filter(d -> d.vendor().equals(dataset.vendor()))
                          .count()))
              .build();
      String name = dataset.id();
      DataStream<FetchedRecord> fetched =
          env.fromSource(source, WatermarkStrategy.noWatermarks(), name + "-rest")
              .uid(name + "-rest")
              .setParallelism(Math.min(env.getParallelism(), splits.size()));
      SingleOutputStreamOperator<RawObservation> observed =
          fetched
              .process(new RawNormalizer(dataset, rules))
              .name("normalize-" + name)
              .uid("normalize-" + name);
      DataStream<RowData> rows =
          observed
              .keyBy(RawObservation::observationKey)
              .process(
                  new ObservationVersioner<RawObservation>(
                      new RawBronzeHistory(catalogLoader, dataset)))
              .returns(RawObservation.class)
              .name("version-" + name)
              .uid("version-" + name)
              .map(IcebergRows::rawBronze)
              .returns(IngestJob.rowType(dataset.table()))
              .name("rows-" + name)
              .uid("rows-" + name);
      IngestJob.sink(rows, dataset.table(), catalogLoader, plan.options());
      DataStream<Rejection> bad = observed.getSideOutput(RawNormalizer.REJECTED);
      rejected = rejected == null ? bad : rejected.union(bad);
    }
    IngestJob.quarantine(rejected, catalogLoader, plan.options());
    return total;
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
