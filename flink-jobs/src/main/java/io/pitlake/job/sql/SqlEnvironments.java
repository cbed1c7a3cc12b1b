package io.pitlake.job.sql;

import io.pitlake.adjustment.AdjustmentOptions;
import io.pitlake.catalog.CatalogConfig;
import io.pitlake.catalog.Catalogs;
import io.pitlake.job.BackfillOptions;
import io.pitlake.job.FlinkSettings;
import io.pitlake.job.RunMode;
import io.pitlake.job.sort.SortOnWrite;
import io.pitlake.job.sort.SortingCatalog;
import io.pitlake.options.pricing.ImpliedVolatility;
import io.pitlake.options.pricing.PricingOptions;
import io.pitlake.panel.PanelOptions;
import io.pitlake.tag.TagReadingCatalog;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.api.config.ExecutionConfigOptions;
import org.apache.flink.table.api.config.OptimizerConfigOptions;
import org.apache.flink.table.catalog.Catalog;

/**
 * Table environments with the lake's catalog registered and selected, so SQL files name tables as
 * {@code namespace.table} and run unchanged on any catalog, and pitlake's functions registered
 * ({@link SqlFunctions}).
 */
public final class SqlEnvironments {

  private SqlEnvironments() {}

  /** A table environment of its own, for queries and jobs made of SQL only. */
  public static StreamTableEnvironment create(
      CatalogConfig catalog, RunMode mode, Configuration flinkConf, Configuration options) {
    return create(environment(mode, flinkConf, options), catalog, mode, options);
  }

  /**
   * A batch table environment whose catalog reads every table at the Iceberg tag {@code tag}
   * ({@link TagReadingCatalog}), for {@code pitlake query --tag}.
   */
  public static TableEnvironment atTag(
      CatalogConfig catalog, Configuration flinkConf, Configuration options, String tag) {
    return create(
        environment(RunMode.BATCH, flinkConf, options),
        catalog.name(),
        new TagReadingCatalog(
            catalog.name(), Catalogs.loader(catalog), Catalogs.flinkSqlOptions(catalog), tag),
        RunMode.BATCH,
        options);
  }

  /**
   * The execution environment of one pitlake job in {@code mode}, with the job-level settings of
   * {@link FlinkSettings#configure}.
   */
  public static StreamExecutionEnvironment environment(
      RunMode mode, Configuration flinkConf, Configuration options) {
    Configuration conf = new Configuration(flinkConf);
    conf.set(ExecutionOptions.RUNTIME_MODE, mode.runtimeMode());
    // Batch could sort the input of every keyed DataStream operator so keyed state is kept one key
    // at a time. The versioner keys only to partition and the sort cost more than a tenth of a
    // backfill, so it is off: the engines that do keep keyed state (the bar features engine, the
    // keyed views) hold each key's input in heap state until the input ends.
    conf.set(ExecutionOptions.SORT_INPUTS, false);
    conf.set(ExecutionOptions.USE_BATCH_STATE_BACKEND, false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    FlinkSettings.configure(env, mode, options);
    env.getConfig().setGlobalJobParameters(functionParameters(options));
    return env;
  }

  /**
   * The options SQL functions read ({@code FunctionContext#getJobParameter}), so one SQL file
   * serves every setting. Only these: global job parameters are shown in Flink's web UI, and the
   * options can hold secrets' locations.
   */
  private static Configuration functionParameters(Configuration options) {
    Configuration parameters = new Configuration();
    parameters.set(
        AdjustmentOptions.DIVIDEND_METHOD, options.get(AdjustmentOptions.DIVIDEND_METHOD));
    parameters.set(PanelOptions.DECISION_OFFSET, options.get(PanelOptions.DECISION_OFFSET));
    options
        .getOptional(PricingOptions.RISK_FREE_RATE)
        .ifPresent(rate -> parameters.set(PricingOptions.RISK_FREE_RATE, rate));
    options
        .getOptional(PricingOptions.RISK_FREE_CURVE)
        .ifPresent(curve -> parameters.set(PricingOptions.RISK_FREE_CURVE, curve));
    // Checked here, so a bad floor fails the command before its job starts.
    parameters.set(
        PricingOptions.VEGA_FLOOR, ImpliedVolatility.fromConfig(options).relativeVegaFloor());
    return parameters;
  }

  /**
   * A table environment on {@code env}, so SQL and DataStream parts become one job: tables from
   * {@code fromDataStream}, inserts attached with {@code StatementSet#attachAsDataStream}.
   */
  public static StreamTableEnvironment create(
      StreamExecutionEnvironment env, CatalogConfig catalog, RunMode mode, Configuration options) {
    return create(env, catalog.name(), LakeCatalogFactory.create(catalog, options), mode, options);
  }

  /**
   * Registers the lake's catalog a second time, as {@code name}: its tables stay reachable as
   * {@code name.namespace.table} when a temporary view shadows {@code namespace.table} in the
   * current catalog (an audit reads the branch under the table's name, and main beside it).
   */
  public static void addCatalog(
      TableEnvironment tableEnv, String name, CatalogConfig catalog, Configuration options) {
    tableEnv.registerCatalog(name, LakeCatalogFactory.create(catalog, options));
  }

  private static StreamTableEnvironment create(
      StreamExecutionEnvironment env,
      String catalogName,
      Catalog catalog,
      RunMode mode,
      Configuration options) {
    EnvironmentSettings settings =
        (mode == RunMode.BATCH
                ? EnvironmentSettings.newInstance().inBatchMode()
                : EnvironmentSettings.newInstance().inStreamingMode())
            .build();
    StreamTableEnvironment tableEnv = StreamTableEnvironment.create(env, settings);
    var config = tableEnv.getConfig();
    // Instants are stored in UTC and shown in UTC: no reader's local zone leaks into results.
    config.set("table.local-time-zone", "UTC");
    // Scans run at the run's parallelism. Iceberg would size each by its split count (up to 100,
    // and a pipelined streaming job would need that many slots at once), and to count them it
    // plans the table's splits while the job is planned: once for every build of the source, which
    // the batch planner does twice per scan (a chaining check), and once more for each keyed
    // view's input (docs/performance.md, "Fixed cost of a build"). Without inference Iceberg takes
    // the table planner's default parallelism, so that is set explicitly (its own default, -1,
    // would give 1).
    int parallelism = options.get(BackfillOptions.PARALLELISM);
    config.set("table.exec.iceberg.infer-source-parallelism", "false");
    config.set(ExecutionConfigOptions.TABLE_EXEC_RESOURCE_DEFAULT_PARALLELISM, parallelism);
    // Adaptive joins pick their algorithm at run time through a scheduler hook that only jobs
    // submitted by the table planner itself install; a job that also has DataStream parts
    // (attachAsDataStream) fails with "The OperatorFactory of task AdaptiveJoin ... have not been
    // initialized". The planner's static choice is used instead.
    config.set(
        OptimizerConfigOptions.TABLE_OPTIMIZER_ADAPTIVE_BROADCAST_JOIN_STRATEGY,
        OptimizerConfigOptions.AdaptiveBroadcastJoinStrategy.NONE);
    config.set(
        OptimizerConfigOptions.TABLE_OPTIMIZER_ADAPTIVE_SKEWED_JOIN_OPTIMIZATION_STRATEGY,
        OptimizerConfigOptions.AdaptiveSkewedJoinOptimizationStrategy.NONE);
    if (mode == RunMode.STREAMING) {
      config.set("table.exec.mini-batch.enabled", "true");
      config.set("table.exec.mini-batch.allow-latency", "1 s");
      config.set("table.exec.mini-batch.size", "10000");
    }
    tableEnv.registerCatalog(catalogName, catalog);
    tableEnv.useCatalog(catalogName);
    SqlFunctions.registerAll(tableEnv);
    return tableEnv;
  }

  /**
   * Iceberg's Flink catalog, opened through the lake's one catalog loader ({@link
   * Catalogs#loader}). Iceberg's factory, reached through {@code CREATE CATALOG} or a {@code
   * CatalogDescriptor}, reads the cluster's Hadoop settings through Flink's {@code HadoopUtils},
   * which Flink loads from its own {@code lib/}. Under {@code flink run} Hadoop is only in the job
   * jar, so that fails with {@code NoClassDefFoundError: org/apache/hadoop/conf/Configuration}.
   * Hence the deprecated {@code registerCatalog}: it takes a catalog built here. Built with
   * pitlake's loader rather than the factory's, so that a REST catalog's token is read where the
   * catalog opens and never travels in the job graph; the other arguments are the factory's
   * defaults. Its sinks sort the tables declared sorted on write ({@link SortingCatalog}).
   */
  private static final class LakeCatalogFactory {
    static Catalog create(CatalogConfig config, Configuration options) {
      return new SortingCatalog(
          config.name(),
          Catalogs.loader(config),
          Catalogs.flinkSqlOptions(config),
          options.get(SortOnWrite.BUFFER_SIZE));
    }
  }
}
