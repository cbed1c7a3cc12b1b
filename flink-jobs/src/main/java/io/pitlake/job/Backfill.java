package io.pitlake.job;

import io.pitlake.catalog.CatalogConfig;
import io.pitlake.catalog.Catalogs;
import io.pitlake.job.ingest.IngestJob;
import io.pitlake.job.ingest.IngestPlan;
import io.pitlake.job.progress.ProgressSnapshot;
import io.pitlake.job.sql.SqlEnvironments;
import io.pitlake.job.sql.SqlRunner;
import io.pitlake.job.sql.SqlScript;
import io.pitlake.table.PitlakeTables;
import io.pitlake.table.TableBootstrap;
import io.pitlake.table.TableSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.iceberg.catalog.Catalog;

/**
 * A whole backfill: ingest (vendor to bronze), then the silver and gold SQL, each stage a Flink job
 * in the chosen {@link RunMode}, with progress while it runs and a summary at the end.
 */
public final class Backfill {

  /** The layers built by SQL files under {@code sql/}, in dependency order. */
  public enum Layer {
    SILVER(List.of("silver/bars_daily.sql")),
    GOLD(List.of("gold/bar_features_daily.sql"));

    private final List<String> files;

    Layer(List<String> files) {
      this.files = files;
    }

    /** The layer's SQL files, each named for the table it builds, in the order they run. */
    public List<String> files() {
      return files;
    }
  }

  /** Wall time and rows of one stage. */
  public record Stage(String name, Duration elapsed, long rows) {
    public double rowsPerSecond() {
      return rows / Math.max(elapsed.toNanos() / 1e9, 1e-9);
    }
  }

  /** What a run did. */
  public record Result(List<Stage> stages, List<TableStats> tables, Duration wall) {
    public long rows(String table) {
      return tables.stream().filter(t -> t.table().equals(table)).findFirst().orElseThrow().rows();
    }
  }

  private final Configuration flinkConf;
  private final Consumer<String> progress;

  /**
   * @param flinkConf cluster or embedded settings ({@link FlinkSettings#embedded})
   * @param progress receives one human-readable line per progress report
   */
  public Backfill(Configuration flinkConf, Consumer<String> progress) {
    this.flinkConf = flinkConf;
    this.progress = progress;
  }

  public Result run(IngestPlan plan, RunMode mode) throws Exception {
    long start = System.nanoTime();
    try (var catalog = closeable(Catalogs.create(plan.catalog()))) {
      TableBootstrap.ensureTables(catalog.get(), PitlakeTables.all());
    }
    List<Stage> stages = new ArrayList<>();
    stages.add(ingest(plan, mode));
    stages.addAll(buildSql(plan.catalog(), plan.options(), mode, Layer.values()));
    List<TableStats> tables = new ArrayList<>();
    try (var catalog = closeable(Catalogs.create(plan.catalog()))) {
      for (TableSpec spec : PitlakeTables.all()) {
        tables.add(TableStats.of(catalog.get(), spec));
      }
    }
    return new Result(stages, tables, Duration.ofNanos(System.nanoTime() - start));
  }

  /** Runs the SQL of the given layers over what the lake holds. */
  public List<Stage> buildSql(
      CatalogConfig catalog, Configuration options, RunMode mode, Layer... layers) {
    try (var tables = closeable(Catalogs.create(catalog))) {
      TableBootstrap.ensureTables(tables.get(), PitlakeTables.all());
    }
    TableEnvironment tableEnv = SqlEnvironments.create(catalog, mode, flinkConf, options);
    SqlRunner runner = new SqlRunner(tableEnv);
    List<Stage> stages = new ArrayList<>();
    for (Layer layer : layers) {
      for (String file : layer.files) {
        long t0 = System.nanoTime();
        progress.accept(String.format("[sql] %s (%s) ...", file, mode.name().toLowerCase()));
        runner.run(SqlScript.load(file));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
        long rows = countTarget(catalog, file);
        Stage stage = new Stage(file, elapsed, rows);
        progress.accept(
            String.format(
                "[sql] %s done: %,d rows in %.1f s (%,.0f rows/s)",
                file, rows, elapsed.toMillis() / 1e3, stage.rowsPerSecond()));
        stages.add(stage);
      }
    }
    return stages;
  }

  /**
   * Runs the ingest job. Its rows are the records fetched, from the live metrics of an embedded
   * run. When the job runs elsewhere (a cluster), its metrics never reach this JVM: progress then
   * names the job, and the rows are those bronze gained, read from the table.
   */
  private Stage ingest(IngestPlan plan, RunMode mode) throws Exception {
    Configuration conf = new Configuration(flinkConf);
    conf.set(ExecutionOptions.RUNTIME_MODE, mode.runtimeMode());
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    FlinkSettings.configure(env, mode, plan.options());
    int splits = IngestJob.addTo(env, plan);
    boolean live = ProgressSnapshot.enabled(flinkConf);
    long bronzeBefore = live ? 0 : bronzeRows(plan.catalog());
    ProgressSnapshot.reset();
    long t0 = System.nanoTime();
    JobClient job =
        env.executeAsync("pitlake ingest polygon.aggs_day (" + mode.name().toLowerCase() + ")");
    CompletableFuture<?> done = job.getJobExecutionResult();
    while (true) {
      try {
        done.get(2, TimeUnit.SECONDS);
        break;
      } catch (TimeoutException stillRunning) {
        long nanos = System.nanoTime() - t0;
        progress.accept(
            live
                ? describe(ProgressSnapshot.take(), splits, nanos)
                : String.format("[ingest] job %s running | %.0f s", job.getJobID(), nanos / 1e9));
      } catch (ExecutionException failed) {
        throw new IllegalStateException(
            "ingest job failed: " + Failures.rootMessage(failed), failed);
      }
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
    if (!live) {
      long newRows = bronzeRows(plan.catalog()) - bronzeBefore;
      progress.accept(
          String.format(
              "[ingest] done: job %s | new bronze rows %,d | %.0f s",
              job.getJobID(), newRows, elapsed.toMillis() / 1e3));
      return new Stage("ingest", elapsed, newRows);
    }
    ProgressSnapshot last = ProgressSnapshot.take();
    progress.accept(
        describe(last, splits, elapsed.toNanos()).replace("[ingest]", "[ingest] done:"));
    return new Stage("ingest", elapsed, last.fetched());
  }

  private static long bronzeRows(CatalogConfig config) {
    try (var catalog = closeable(Catalogs.create(config))) {
      return TableStats.of(catalog.get(), PitlakeTables.BRONZE_POLYGON_AGGS).rows();
    }
  }

  /**
   * One progress line. The split total comes from the plan: the enumerator's gauge lives on the
   * JobManager, whose metrics may be gone by the time the finished job's figures are read.
   */
  private static String describe(ProgressSnapshot s, int splits, long nanos) {
    double seconds = Math.max(nanos / 1e9, 1e-9);
    long requests = s.pages() + s.retried();
    return String.format(
        "[ingest] splits %,d/%,d | fetched %,d (%,.0f/s) | new bronze rows %,d | unchanged %,d |"
            + " rejected pages %,d | requests %,d (%,.2f/s), retried %,d, p99 latency %.0f ms |"
            + " %.0f s",
        s.splitsFinished(),
        splits,
        s.fetched(),
        s.fetched() / seconds,
        s.newRows(),
        s.duplicates(),
        s.rejected(),
        requests,
        requests / seconds,
        s.retried(),
        s.p99LatencyMs(),
        seconds);
  }

  private static long countTarget(CatalogConfig config, String file) {
    TableSpec spec =
        file.startsWith("silver/")
            ? PitlakeTables.SILVER_BARS_DAILY
            : PitlakeTables.GOLD_BAR_FEATURES_DAILY;
    try (var catalog = closeable(Catalogs.create(config))) {
      return TableStats.of(catalog.get(), spec).rows();
    }
  }

  /** A catalog that is closed after use when it holds resources (JDBC connections). */
  static CloseableCatalog closeable(Catalog catalog) {
    return new CloseableCatalog(catalog);
  }

  record CloseableCatalog(Catalog get) implements AutoCloseable {
    @Override
    public void close() {
      if (get instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          throw new IllegalStateException("cannot close catalog " + get.name(), e);
        }
      }
    }
  }
}
