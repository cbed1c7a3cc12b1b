package io.pitlake.job;

import io.pitlake.job.progress.ProgressSnapshot;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;

/**
 * Flink settings for jobs pitlake starts itself. On a cluster the cluster's own configuration wins;
 * these only shape the embedded cluster and the job-level defaults.
 */
public final class FlinkSettings {

  private FlinkSettings() {}

  /** Settings for an embedded run: a local cluster in this JVM, failing fast on the first error. */
  public static Configuration embedded(int parallelism) {
    Configuration conf = new Configuration();
    conf.set(org.apache.flink.configuration.CoreOptions.DEFAULT_PARALLELISM, parallelism);
    conf.set(TaskManagerOptions.NUM_TASK_SLOTS, parallelism);
    conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(1536));
    // A bounded backfill that fails should say why at once, not retry forever.
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    ProgressSnapshot.enable(conf);
    return conf;
  }
}
