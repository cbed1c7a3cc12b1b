package io.pitlake.job;

import io.pitlake.job.progress.ProgressSnapshot;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.client.program.StreamContextEnvironment;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.NettyShuffleEnvironmentOptions;
import org.apache.flink.configuration.NettyShuffleEnvironmentOptions.CompressionCodec;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.plugin.PluginUtils;
import org.apache.flink.state.rocksdb.RocksDBOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Flink settings for jobs pitlake starts itself. On a cluster the cluster's own configuration wins;
 * these only shape the embedded cluster and the job-level defaults.
 */
public final class FlinkSettings {

  /** Network memory of the embedded cluster (and the tests' MiniCluster). */
  public static final MemorySize NETWORK_MEMORY = MemorySize.ofMebiBytes(256);

  private FlinkSettings() {}

  /**
   * The settings of the CLI's jobs: {@link #embedded} when the CLI runs on its own, none when a
   * Flink client ({@code flink run}) started it. There the jobs go to the client's cluster, and
   * settings passed here would become job-level settings that override the cluster's own state
   * backend, checkpoint directory (a path on the client's disk) and restart strategy. An embedded
   * run first loads Flink's file-system plugins ({@link #initializeFileSystems}).
   */
  public static Configuration forCli(Configuration options) {
    if (submittedByFlinkClient()) {
      return new Configuration();
    }
    initializeFileSystems(options);
    return embedded(options);
  }

  /**
   * Loads Flink's file systems the way a cluster process does: plugins from {@code
   * FLINK_PLUGINS_DIR} (default {@code ./plugins}), e.g. {@code flink-s3-fs-hadoop} for {@code
   * s3://} checkpoints, configured by the pitlake options ({@code s3.endpoint}, {@code
   * s3.path.style.access}). The embedded MiniCluster does not load plugins itself, so without this
   * an embedded run knows only the file systems on the class path.
   */
  static void initializeFileSystems(Configuration options) {
    FileSystem.initialize(options, PluginUtils.createPluginManagerFromRootFolder(options));
  }

  /**
   * True when a Flink client installed its context environment: {@code flink run}, a REST jar run,
   * or an application cluster running the CLI's main method in its JobManager.
   */
  public static boolean submittedByFlinkClient() {
    return StreamExecutionEnvironment.getExecutionEnvironment() instanceof StreamContextEnvironment;
  }

  /**
   * Settings for an embedded run: a local cluster in this JVM, failing fast on the first error,
   * with checkpoints on the local file system (Flink's default keeps them in the JobManager's
   * memory, capped at 5 MB, which a streaming build of silver and gold outgrows at once).
   *
   * @param options pitlake options ({@link BackfillOptions#PARALLELISM}, {@link
   *     BackfillOptions#CHECKPOINT_DIR}, {@link BackfillOptions#STATE_BACKEND}, {@link
   *     RocksDbManifestBound#MAX_MANIFEST_SIZE})
   */
  public static Configuration embedded(Configuration options) {
    int parallelism = options.get(BackfillOptions.PARALLELISM);
    String checkpointDir =
        options
            .getOptional(BackfillOptions.CHECKPOINT_DIR)
            .orElse(
                // toUri() ends a directory that exists in '/', one that does not yet without:
                // strip it, so the setting does not depend on earlier runs.
                Path.of(System.getProperty("java.io.tmpdir"), "pitlake-checkpoints")
                    .toUri()
                    .toString()
                    .replaceFirst("/$", ""));
    Configuration conf = new Configuration();
    // Streaming silver and gold keep their whole input as join state: RocksDB keeps it off the heap
    // (a 6 GB heap spent most of its time in full GCs at 100 symbols x 10 years) and checkpoints it
    // incrementally. Batch runs do not use a state backend.
    conf.set(StateBackendOptions.STATE_BACKEND, options.get(BackfillOptions.STATE_BACKEND));
    conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
    // Incremental checkpoints upload RocksDB's MANIFEST whole: bound it, or a live job's
    // checkpoints grow with its age rather than its state (RocksDbManifestBound).
    conf.set(RocksDBOptions.OPTIONS_FACTORY, RocksDbManifestBound.class.getName());
    conf.set(
        RocksDbManifestBound.MAX_MANIFEST_SIZE,
        options.get(RocksDbManifestBound.MAX_MANIFEST_SIZE));
    conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir);
    conf.set(org.apache.flink.configuration.CoreOptions.DEFAULT_PARALLELISM, parallelism);
    conf.set(TaskManagerOptions.NUM_TASK_SLOTS, parallelism);
    conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(1536));
    // A streaming build of every layer is one job of many exchanges, each taking buffers per
    // channel: Flink's default of 64 MB (2,048 buffers) ran out ("Insufficient number of network
    // buffers") once the per-symbol engines added theirs. Off-heap, allocated when the job needs
    // it.
    conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, NETWORK_MEMORY);
    conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, NETWORK_MEMORY);
    // A bounded backfill that fails should say why at once, not retry forever.
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    // Batch exchanges of an embedded run never leave this machine: compressing them (LZ4, meant
    // for the network between task managers) spends CPU that the run is short of.
    conf.set(NettyShuffleEnvironmentOptions.SHUFFLE_COMPRESSION_CODEC, CompressionCodec.NONE);
    ProgressSnapshot.enable(conf);
    return conf;
  }

  /** Job-level settings every pitlake job gets, on a cluster too: parallelism and checkpoints. */
  public static void configure(
      StreamExecutionEnvironment env, RunMode mode, Configuration options) {
    env.setParallelism(options.get(BackfillOptions.PARALLELISM));
    // Without reuse, every record passed between chained operators is deep-copied; for the table
    // runtime that re-encodes every string and copies gold's per-block arrays. pitlake's own
    // functions never keep or mutate an input record (they are immutable records), so reuse is
    // safe.
    env.getConfig().enableObjectReuse();
    Duration interval = options.get(BackfillOptions.CHECKPOINT_INTERVAL);
    if (mode == RunMode.STREAMING && !interval.isZero()) {
      env.enableCheckpointing(interval.toMillis());
    }
  }
}
