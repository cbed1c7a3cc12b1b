package io.pitlake.job;

import static org.apache.flink.util.Preconditions.checkArgument;

import io.pitlake.catalog.CatalogConfig;
import io.pitlake.catalog.Catalogs;
import io.pitlake.features.SilverBarsHistory;
import io.pitlake.job.ingest.IngestJob;
import io.pitlake.job.ingest.IngestPlan;
import io.pitlake.job.ingest.RawIngestJob;
import io.pitlake.job.ingest.RawIngestPlan;
import io.pitlake.job.ingest.VendorDataset;
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
import java.util.function.LongFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamStatementSet;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.expressions.Expressions;

/**
 * A whole backfill as one Flink job in the chosen {@link RunMode}: ingest (vendor to bronze), and
 * the silver and gold SQL over bronze as the job leaves it, with progress while it runs and a
 * summary at the end.
 *
 * <p>One job, not one per layer: each job start and commit costs seconds, a layer waiting for the
 * previous layer's commit would serialise them, and a Flink application on Kubernetes runs exactly
 * one job. The SQL reads bronze through a view of its committed snapshot plus the rows this job
 * adds ({@link #bronzeAfterThisRun}), and gold reads silver through the view of silver's own query
 * ({@link SqlRunner#addTo}).
 */
public final class Backfill {

  /**
   * The groups of SQL files under {@code sql/} that {@code pitlake build --layer} names, in
   * dependency order. A backfill of bars plans only {@link #BARS}: every other group reads bronze
   * tables that {@code pitlake ingest} fills, and planning a statement costs the job's start even
   * when its input is empty.
   */
  public enum Layer {
    SILVER(List.of("silver/bars_daily.sql")),
    GOLD(List.of("gold/bar_features_daily.sql")),
    REFERENCE(
        List.of(
            "silver/news.sql",
            "silver/ticker_history.sql",
            "silver/security_master.sql",
            "silver/corporate_actions.sql",
            "silver/sec_filings.sql")),
    VENDOR_BARS(List.of("silver/vendor_bars.sql")),
    /**
     * Point-in-time adjusted prices: reads silver bars and silver corporate actions, so it comes
     * after both, and a bars backfill does not plan it.
     */
    ADJUSTED(
        List.of(
            "gold/adjustment_factors.sql", "gold/bars_daily_adjusted.sql", "gold/price_dq.sql")),
    /** Point-in-time fundamentals from SEC companyfacts and FMP statements ({@code ingest}). */
    FUNDAMENTALS(
        List.of(
            "silver/fundamental_facts.sql",
            "gold/fundamentals_pit.sql",
            "gold/fundamentals_dq.sql")),
    /**
     * The research panel: total-return bar features joined with the fundamentals known at each
     * session. Reads the security master, the adjustment factors and the fundamentals, so it comes
     * after their layers.
     */
    PANEL(List.of("gold/panel_daily.sql"));

    /** What a bars backfill and a live run build after the ingest. */
    public static final List<Layer> BARS = List.of(SILVER, GOLD);

    private final List<String> files;

    Layer(List<String> files) {
      this.files = files;
    }

    /** The layer's SQL files, each named for the table it builds, in the order they run. */
    public List<String> files() {
      return files;
    }
  }

  /**
   * What one table got from a job: the rows it holds afterwards (for bronze, the rows fetched) over
   * the job's wall time. The layers of a job run together, so this is each layer's share of one
   * run, not a time of its own.
   */
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

  /** A live run reports less often than a backfill: it runs for days. */
  private static final Duration LIVE_PROGRESS_EVERY = Duration.ofSeconds(30);

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

  /** Runs a bounded backfill to its end and summarises it. */
  public Result run(IngestPlan plan, RunMode mode) {
    checkArgument(!plan.live(), "plan has no end date: run it with live(plan)");
    long start = System.nanoTime();
    ensureTables(plan.catalog());
    boolean localMetrics = ProgressSnapshot.enabled(flinkConf);
    long bronzeBefore = localMetrics ? 0 : rows(plan.catalog(), PitlakeTables.BRONZE_POLYGON_AGGS);
    long t0 = System.nanoTime();
    Submitted run = submit(plan, mode);
    await(run.job(), nanos -> ingestProgress(localMetrics, run, nanos));
    Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
    long fetched;
    if (localMetrics) {
      ProgressSnapshot last = ProgressSnapshot.take();
      progress.accept(
          describe(last, run.splits(), elapsed.toNanos()).replace("[ingest]", "[ingest] done:"));
      fetched = last.fetched();
    } else {
      fetched = rows(plan.catalog(), PitlakeTables.BRONZE_POLYGON_AGGS) - bronzeBefore;
      progress.accept(String.format("[ingest] done: new bronze rows %,d", fetched));
    }
    progress.accept(
        String.format(
            "[backfill] job %s done in %.1f s", run.job().getJobID(), elapsed.toMillis() / 1e3));
    List<TableStats> tables = tableStats(plan.catalog());
    List<Stage> stages = new ArrayList<>();
    stages.add(new Stage("ingest (fetched)", elapsed, fetched));
    for (String file : run.files()) {
      stages.add(new Stage(file, elapsed, rowsOf(tables, SqlScript.load(file).table())));
    }
    return new Result(stages, tables, Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * Starts a live run: the backfill's job in streaming mode, following the vendor from the plan's
   * first day on, committing every checkpoint ({@link BackfillOptions#LIVE_COMMIT_INTERVAL} unless
   * {@link BackfillOptions#CHECKPOINT_INTERVAL} is set). It never ends by itself; {@link
   * #awaitLive} reports its progress until it is cancelled.
   */
  public JobClient startLive(IngestPlan plan) {
    checkArgument(plan.live(), "plan has an end date: run it with run(plan, mode)");
    ensureTables(plan.catalog());
    return submit(plan, RunMode.STREAMING).job();
  }

  /** Reports a live job's progress until it ends (cancelled, or failed: then this throws). */
  public void awaitLive(JobClient job) {
    boolean localMetrics = ProgressSnapshot.enabled(flinkConf);
    await(
        job,
        nanos -> ingestProgress(localMetrics, new Submitted(job, 0, List.of()), nanos),
        LIVE_PROGRESS_EVERY);
  }

  /** The job of a run: the ingest, then every layer's SQL over bronze as the job leaves it. */
  private Submitted submit(IngestPlan plan, RunMode mode) {
    StreamExecutionEnvironment env = SqlEnvironments.environment(mode, flinkConf, plan.options());
    if (plan.live() && !env.getCheckpointConfig().isCheckpointingEnabled()) {
      env.enableCheckpointing(plan.options().get(BackfillOptions.LIVE_COMMIT_INTERVAL).toMillis());
    }
    StreamTableEnvironment tableEnv =
        SqlEnvironments.create(env, plan.catalog(), mode, plan.options());
    IngestJob.Ingest ingest = IngestJob.addTo(env, plan);
    // Batch rebuilds silver and gold from all of bronze. Streaming appends, so on a lake that
    // already has silver bars it reads only this run's new bronze rows, and the feature engine
    // starts from the committed silver bars of the run's symbols.
    boolean adds =
        mode == RunMode.STREAMING && rows(plan.catalog(), PitlakeTables.SILVER_BARS_DAILY) > 0;
    bronzeAfterThisRun(tableEnv, plan.catalog(), ingest.bronzeRows(), adds);
    StreamStatementSet sql = tableEnv.createStatementSet();
    List<String> files =
        addLayers(
            new SqlRunner(
                tableEnv,
                mode,
                plan.options(),
                adds
                    ? new SilverBarsHistory(Catalogs.loader(plan.catalog()), plan.symbols())
                    : null),
            sql,
            Layer.BARS.toArray(Layer[]::new));
    sql.attachAsDataStream();
    String name = plan.live() ? "live" : "backfill";
    progress.accept(
        String.format(
            "[%s] one %s job: ingest polygon.aggs_day -> bronze, then %s",
            name, mode.name().toLowerCase(), String.join(", ", files)));
    ProgressSnapshot.reset();
    try {
      JobClient job =
          env.executeAsync(String.format("pitlake %s (%s)", name, mode.name().toLowerCase()));
      return new Submitted(job, ingest.splits(), files);
    } catch (Exception e) {
      throw new IllegalStateException("cannot submit the job: " + Failures.rootMessage(e), e);
    }
  }

  /**
   * A submitted job.
   *
   * @param splits the ingest's split total, 0 when it grows as the vendor publishes
   * @param files the SQL files it runs, in order
   */
  private record Submitted(JobClient job, int splits, List<String> files) {}

  /**
   * Fetches vendor datasets into their raw bronze tables ({@code pitlake ingest}) as one batch job
   * and summarises it: each table's rows, quarantined rows included.
   */
  public Result ingest(RawIngestPlan plan) {
    long start = System.nanoTime();
    List<TableSpec> specs = new ArrayList<>();
    plan.datasets().forEach(d -> specs.add(d.table()));
    specs.add(PitlakeTables.SILVER_QUARANTINE);
    try (var catalog = closeable(Catalogs.create(plan.catalog()))) {
      TableBootstrap.ensureTables(catalog.get(), specs);
    }
    StreamExecutionEnvironment env =
        SqlEnvironments.environment(RunMode.BATCH, flinkConf, plan.options());
    int splits = RawIngestJob.addTo(env, plan);
    progress.accept(
        String.format(
            "[ingest] one batch job: %s, %d splits",
            plan.datasets().stream().map(VendorDataset::id).toList(), splits));
    long t0 = System.nanoTime();
    JobClient job;
    try {
      job = env.executeAsync("pitlake ingest " + plan.datasets());
    } catch (Exception e) {
      throw new IllegalStateException("cannot submit the job: " + Failures.rootMessage(e), e);
    }
    await(
        job,
        nanos -> String.format("[ingest] job %s running | %.0f s", job.getJobID(), nanos / 1e9));
    Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
    List<TableStats> tables = new ArrayList<>();
    try (var catalog = closeable(Catalogs.create(plan.catalog()))) {
      for (TableSpec spec : specs) {
        tables.add(TableStats.of(catalog.get(), spec));
      }
    }
    List<Stage> stages = new ArrayList<>();
    for (TableStats table : tables) {
      stages.add(new Stage(table.table(), elapsed, table.rows()));
    }
    return new Result(stages, tables, Duration.ofNanos(System.nanoTime() - start));
  }

  /** Runs the SQL of the given layers over what the lake holds, as one job. */
  public List<Stage> buildSql(
      CatalogConfig catalog, Configuration options, RunMode mode, Layer... layers) {
    ensureTables(catalog);
    StreamTableEnvironment tableEnv =
        SqlEnvironments.create(
            SqlEnvironments.environment(mode, flinkConf, options), catalog, mode, options);
    StatementSet sql = tableEnv.createStatementSet();
    if (mode == RunMode.STREAMING) {
      emptyAppendOnlyProducts(catalog, layers);
    }
    List<String> files = addLayers(new SqlRunner(tableEnv, mode, options, null), sql, layers);
    progress.accept(
        String.format(
            "[sql] one %s job: %s ...", mode.name().toLowerCase(), String.join(", ", files)));
    long t0 = System.nanoTime();
    TableResult result = sql.execute();
    JobClient job = result.getJobClient().orElseThrow();
    await(
        job, nanos -> String.format("[sql] job %s running | %.0f s", job.getJobID(), nanos / 1e9));
    Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
    List<TableStats> tables = tableStats(catalog);
    List<Stage> stages = new ArrayList<>();
    for (String file : files) {
      Stage stage = new Stage(file, elapsed, rowsOf(tables, SqlScript.load(file).table()));
      progress.accept(
          String.format(
              "[sql] %s done: %,d rows, job %.1f s (%,.0f rows/s)",
              file, stage.rows(), elapsed.toMillis() / 1e3, stage.rowsPerSecond()));
      stages.add(stage);
    }
    return stages;
  }

  /**
   * Shadows {@code bronze.polygon_aggs} by a view of its current snapshot plus {@code newRows}:
   * what the table will hold once this job commits. The snapshot is pinned, so the job's own commit
   * cannot make the SQL read a row twice.
   */
  private static void bronzeAfterThisRun(
      StreamTableEnvironment tableEnv,
      CatalogConfig catalog,
      DataStream<RowData> newRows,
      boolean newRowsOnly) {
    TableSpec bronze = PitlakeTables.BRONZE_POLYGON_AGGS;
    String path = bronze.namespace() + "." + bronze.name();
    Table added = tableEnv.fromDataStream(newRows);
    Long snapshot;
    try (var tables = closeable(Catalogs.create(catalog))) {
      snapshot = TableStats.currentSnapshotId(tables.get(), bronze);
    }
    Table all =
        snapshot == null || newRowsOnly
            ? added
            : tableEnv
                .sqlQuery(
                    String.format(
                        "SELECT * FROM %s /*+ OPTIONS('snapshot-id'='%d') */", path, snapshot))
                .unionAll(added);
    tableEnv.createTemporaryView(path, all);
  }

  /**
   * A streaming build replays everything its layers read, so it first empties the tables of those
   * layers that are written by appends (a keyed table is upserted instead): replayed rows would
   * otherwise be appended a second time.
   */
  private static void emptyAppendOnlyProducts(CatalogConfig config, Layer... layers) {
    try (var catalog = closeable(Catalogs.create(config))) {
      for (Layer layer : layers) {
        for (String file : layer.files()) {
          TableSpec spec = PitlakeTables.byName(SqlScript.load(file).table());
          if (!spec.upsert() && catalog.get().tableExists(spec.id())) {
            catalog
                .get()
                .loadTable(spec.id())
                .newDelete()
                .deleteFromRowFilter(Expressions.alwaysTrue())
                .commit();
          }
        }
      }
    }
  }

  private static List<String> addLayers(SqlRunner runner, StatementSet sql, Layer... layers) {
    List<String> files = new ArrayList<>();
    for (Layer layer : layers) {
      for (String file : layer.files) {
        runner.addTo(sql, SqlScript.load(file));
        files.add(file);
      }
    }
    return files;
  }

  /** Waits for {@code job}, reporting {@code status} (of the nanoseconds so far) every 2 s. */
  private void await(JobClient job, LongFunction<String> status) {
    await(job, status, Duration.ofSeconds(2));
  }

  /** Waits for {@code job}, reporting {@code status} (of the nanoseconds so far) {@code every}. */
  private void await(JobClient job, LongFunction<String> status, Duration every) {
    long t0 = System.nanoTime();
    CompletableFuture<?> done = job.getJobExecutionResult();
    while (true) {
      try {
        done.get(every.toMillis(), TimeUnit.MILLISECONDS);
        return;
      } catch (TimeoutException stillRunning) {
        progress.accept(status.apply(System.nanoTime() - t0));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        job.cancel();
        throw new IllegalStateException("interrupted while job " + job.getJobID() + " ran", e);
      } catch (ExecutionException failed) {
        throw new IllegalStateException(
            "job " + job.getJobID() + " failed: " + Failures.rootMessage(failed), failed);
      }
    }
  }

  /**
   * Progress of the job's ingest: live figures from an embedded run's metrics; when the job runs
   * elsewhere (a cluster), its metrics never reach this JVM, and progress names the job.
   */
  private static String ingestProgress(boolean localMetrics, Submitted run, long nanos) {
    return localMetrics
        ? describe(ProgressSnapshot.take(), run.splits(), nanos)
        : String.format("[backfill] job %s running | %.0f s", run.job().getJobID(), nanos / 1e9);
  }

  /**
   * Creates every table of the lake that is missing: the SQL layers read the raw bronze tables of
   * datasets that may never have been ingested, and an empty table gives them empty inputs.
   */
  private static void ensureTables(CatalogConfig config) {
    List<TableSpec> specs = new ArrayList<>(PitlakeTables.all());
    for (VendorDataset dataset : VendorDataset.values()) {
      specs.add(dataset.table());
    }
    try (var catalog = closeable(Catalogs.create(config))) {
      TableBootstrap.ensureTables(catalog.get(), specs);
    }
  }

  private static List<TableStats> tableStats(CatalogConfig config) {
    List<TableStats> tables = new ArrayList<>();
    try (var catalog = closeable(Catalogs.create(config))) {
      for (TableSpec spec : PitlakeTables.all()) {
        tables.add(TableStats.of(catalog.get(), spec));
      }
    }
    return tables;
  }

  private static long rowsOf(List<TableStats> tables, String table) {
    return tables.stream()
        .filter(t -> t.table().equals(table))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no table " + table + " in the lake"))
        .rows();
  }

  private static long rows(CatalogConfig config, TableSpec spec) {
    try (var catalog = closeable(Catalogs.create(config))) {
      return TableStats.of(catalog.get(), spec).rows();
    }
  }

  /**
   * One progress line. The split total comes from the plan (a live run has none): the enumerator's
   * gauge lives on the JobManager, whose metrics may be gone by the time the finished job's figures
   * are read.
   */
  private static String describe(ProgressSnapshot s, int splits, long nanos) {
    double seconds = Math.max(nanos / 1e9, 1e-9);
    long requests = s.pages() + s.retried();
    return String.format(
        "[ingest] splits %,d%s | fetched %,d (%,.0f/s) | new bronze rows %,d | unchanged %,d |"
            + " rejected pages %,d | requests %,d (%,.2f/s), retried %,d, p99 latency %.0f ms |"
            + " %.0f s",
        s.splitsFinished(),
        splits > 0 ? String.format("/%,d", splits) : " done",
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
