package io.pitlake.job.ingest;

import io.pitlake.catalog.Catalogs;
import io.pitlake.quarantine.Rejection;
import io.pitlake.source.rest.Credentials;
import io.pitlake.source.rest.split.RestSplit;
import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.flink.CatalogLoader;

/**
 * The DataStream job of {@code pitlake ingest}: each {@link VendorDataset} of the plan through its
 * own REST source into its bronze table ({@link DatasetIngest}), with everything unreadable in
 * {@code silver.quarantine}, one sink for all datasets.
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
    DataStream<Rejection> rejected = null;
    int total = 0;
    for (VendorDataset dataset : plan.datasets()) {
      List<RestSplit> splits = plan.splitsOf(dataset);
      total += splits.size();
      DatasetIngest.Added added =
          DatasetIngest.addTo(
              env,
              dataset,
              DatasetIngest.source(
                      dataset,
                      plan.options().get(dataset.baseUrlOption()),
                      plan.credentials().getOrDefault(dataset.vendor(), Credentials.none()),
                      plan.options(),
                      plan.datasets().stream()
                          .filter(d -> d.vendor().equals(dataset.vendor()))
                          .count())
                  .setSplits(splits)
                  .build(),
              Math.min(env.getParallelism(), splits.size()),
              plan.keysOf(dataset),
              plan.from(),
              catalogLoader,
              plan.options());
      rejected = rejected == null ? added.rejected() : rejected.union(added.rejected());
    }
    TableSinks.quarantine(rejected, catalogLoader, plan.options());
    return total;
  }
}
