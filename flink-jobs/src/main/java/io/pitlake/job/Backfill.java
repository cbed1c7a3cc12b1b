package io.pitlake.job;

import static org.apache.flink.util.Preconditions.checkArgument;

import io.pitlake.catalog.CatalogConfig;
import io.pitlake.catalog.Catalogs;
import io.pitlake.dq.Audit;
import io.pitlake.features.BarFeatures;
import io.pitlake.features.FeatureOptions;
import io.pitlake.features.SilverBarsHistory;
import io.pitlake.job.ingest.IngestJob;
import io.pitlake.job.ingest.IngestPlan;
import io.pitlake.job.ingest.IntradayPlan;
import io.pitlake.job.ingest.IntradayVendor;
import io.pitlake.job.ingest.RawIngestJob;
import io.pitlake.job.ingest.RawIngestPlan;
import io.pitlake.job.ingest.RawNormalizer;
import io.pitlake.job.ingest.VendorDataset;
import io.pitlake.job.ingest.WebSocketIngestJob;
import io.pitlake.job.progress.Figures;
import io.pitlake.job.progress.ProgressListener;
import io.pitlake.job.progress.ProgressMeter;
import io.pitlake.job.progress.ProgressSnapshot;
import io.pitlake.job.progress.SqlProgress;
import io.pitlake.job.sql.SqlEnvironments;
import io.pitlake.job.sql.SqlRunner;
import io.pitlake.job.sql.SqlScript;
import io.pitlake.table.PitlakeTables;
import io.pitlake.table.TableBootstrap;
import io.pitlake.table.TableSpec;
import io.pitlake.time.NyseCalendar;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import javax.annotation.Nullable;
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
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
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
    /**
     * Reference data: news, tickers, the security master, corporate actions, filings, and the index
     * universes, which resolve their members through the security master this layer builds just
     * before them (a universe is reference data too: who was in an index when).
     */
    REFERENCE(
        List.of(
            "silver/news.sql",
            "silver/ticker_history.sql",
            "silver/security_master.sql",
            "gold/universe_daily.sql",
            "silver/corporate_actions.sql",
            "silver/sec_filings.sql")),
    /** The vendors' daily bars side by side ({@code silver.vendor_bars}). */
    VENDOR_BARS(List.of("silver/vendor_bars.sql")),
    /**
     * One-minute bars, from the live websocket feeds ({@code bronze.<vendor>_ws}) and the REST
     * minute datasets ({@code pitlake ingest}) alike, and their features ({@code
     * gold.bar_features_minute}); {@code pitlake live --intraday} runs the same files in-stream.
     */
    INTRADAY(List.of("silver/minute_bars.sql", "gold/bar_features_minute.sql")),
    /**
     * Point-in-time adjustment factors and price checks (adjusted prices are silver bars joined to
     * the factors at read): reads silver bars and silver corporate actions, so it comes after both,
     * and a bars backfill does not plan it.
     */
    ADJUSTED(List.of("gold/adjustment_factors.sql", "gold/price_dq.sql")),
    /**
     * The feature library ({@code gold.features_daily}), computed in each session's basis from the
     * factors known at each instant, and its cross-sections ({@code gold.cross_section_daily}):
     * reads the adjustment factors, so it comes after them. A layer of its own because it costs
     * several times the adjusted layer: a build of the adjusted prices alone need not pay for it.
     */
    FEATURES(List.of("gold/features_daily.sql", "gold/cross_section_daily.sql")),
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
    PANEL(List.of("gold/panel_daily.sql")),
    /**
     * Options: the contracts listed on each day and their daily bars, from {@code
     * polygon.options_contracts} and {@code polygon.options_aggs_day} ({@code pitlake ingest}), and
     * the links of adjusted contracts, which read the splits of the reference layer; then each
     * contract's IV and Greeks and each underlying's surface, which read the stock bars and the
     * corporate actions too.
     */
    OPTIONS(
        List.of(
            "silver/option_contracts.sql",
            "silver/option_bars_daily.sql",
            "silver/option_contract_links.sql",
            "gold/option_features_daily.sql",
            "gold/iv_surface_daily.sql"));

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
   * What one stage of a job did to its table: the rows the table gained and the rows it holds
   * afterwards. The stages of a job run together, so they have no times of their own: the job's
   * time is {@link Result#job}.
   */
  public record Stage(String name, long added, long rows) {}

  /**
   * What a run did: its stages, every table afterwards, the job's time and the whole run's, and for
   * {@code pitlake ingest} the elements fetched by {@code dataset|key} (a key the vendor had
   * nothing for is absent).
   */
  public record Result(
      List<Stage> stages,
      List<TableStats> tables,
      Duration job,
      Duration wall,
      Map<String, Long> fetched) {
    public long rows(String table) {
      return tables.stream().filter(t -> t.table().equals(table)).findFirst().orElseThrow().rows();
    }
  }

  /** How often a running job's figures are read (a listener decides what it prints). */
  private static final Duration POLL_EVERY = Duration.ofSeconds(1);

  private final Configuration flinkConf;
  private final ProgressListener progress;

  /**
   * @param flinkConf cluster or embedded settings ({@link FlinkSettings#embedded})
   * @param progress receives every human-readable progress line
   */
  public Backfill(Configuration flinkConf, Consumer<String> progress) {
    this(flinkConf, ProgressListener.lines(progress));
  }

  /**
   * @param flinkConf cluster or embedded settings ({@link FlinkSettings#embedded})
   * @param progress receives events and, while a job runs, its status
   */
  public Backfill(Configuration flinkConf, ProgressListener progress) {
    this.flinkConf = flinkConf;
    this.progress = progress;
  }

  /** Runs a bounded backfill to its end and summarises it. */
  public Result run(IngestPlan plan, RunMode mode) {
    checkArgument(!plan.live(), "plan has no end date: run it with live(plan)");
    long start = System.nanoTime();
    boolean localMetrics = ProgressSnapshot.enabled(flinkConf);
    List<TableStats> before;
    long t0;
    Submitted run;
    Audit audit;
    try (Starting starting = new Starting("backfill")) {
      ensureTables(plan.catalog());
      audit =
          Audit.begin(
              plan.catalog(),
              plan.options(),
              written(filesOf(Layer.BARS.toArray(Layer[]::new))),
              progress::event);
      before = tableStats(plan.catalog());
      t0 = System.nanoTime();
      run = submit(plan, mode, null, audit == null ? null : audit.branch());
    }
    ProgressMeter meter = new ProgressMeter("backfill", run.splits());
    await(
        run.job(),
        nanos -> ingestProgress(localMetrics, meter, run, nanos, "silver and gold SQL, commit"));
    Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
    if (localMetrics) {
      progress.event(meter.done(ProgressSnapshot.take(), elapsed.toNanos()));
    }
    progress.event(
        String.format(
            "[backfill] job %s done in %s",
            run.job().getJobID(), Figures.seconds(elapsed.toNanos())));
    if (audit != null) {
      audit.finish(flinkConf, progress::event);
    }
    List<TableStats> tables = tableStats(plan.catalog());
    List<Stage> stages = new ArrayList<>();
    stages.add(stage("ingest", name(PitlakeTables.BRONZE_POLYGON_AGGS), before, tables));
    for (String file : run.files()) {
      stages.add(stage(file, SqlScript.load(file).table(), before, tables));
    }
    return new Result(
        stages, tables, elapsed, Duration.ofNanos(System.nanoTime() - start), Map.of());
  }

  /**
   * Starts a live run: the backfill's job in streaming mode, following the vendor from the plan's
   * first day on, committing every checkpoint ({@link BackfillOptions#LIVE_COMMIT_INTERVAL} unless
   * {@link BackfillOptions#CHECKPOINT_INTERVAL} is set). It never ends by itself; {@link
   * #awaitLive} reports its progress until it is cancelled.
   */
  public JobClient startLive(IngestPlan plan) {
    return startLive(plan, null);
  }

  /**
   * {@link #startLive(IngestPlan)} with, when {@code intraday} is set, the websocket feed of minute
   * bars beside the daily poll in the same job: the vendor's {@code bronze.<vendor>_ws}, and {@code
   * silver.minute_bars} built in-stream by {@code sql/silver/minute_bars.sql}.
   */
  public JobClient startLive(IngestPlan plan, @Nullable IntradayPlan intraday) {
    checkArgument(plan.live(), "plan has an end date: run it with run(plan, mode)");
    ensureTables(plan.catalog());
    // Live commits every checkpoint to main: it cannot wait for a daily audit (DESIGN,
    // "Write-audit-publish").
    return submit(plan, RunMode.STREAMING, intraday, null).job();
  }

  /** Reports a live job's progress until it ends (cancelled, or failed: then this throws). */
  public void awaitLive(JobClient job) {
    boolean localMetrics = ProgressSnapshot.enabled(flinkConf);
    ProgressMeter meter = new ProgressMeter("live", 0);
    Submitted run = new Submitted(job, 0, List.of());
    await(job, nanos -> ingestProgress(localMetrics, meter, run, nanos, null));
  }

  /**
   * The job of a run: the ingest, then every layer's SQL over bronze as the job leaves it, writing
   * silver and gold to {@code branch} (null: main).
   */
  private Submitted submit(
      IngestPlan plan, RunMode mode, @Nullable IntradayPlan intraday, @Nullable String branch) {
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
    List<String> files = filesOf(Layer.BARS.toArray(Layer[]::new));
    if (intraday != null) {
      // The feed's new bronze rows are all the minute-bar SQL reads: silver.minute_bars is built
      // in-stream, never by re-reading committed tables.
      TableSpec ws = intraday.vendor().bronze();
      tableEnv.createTemporaryView(
          ws.namespace() + "." + ws.name(),
          tableEnv.fromDataStream(WebSocketIngestJob.addTo(env, intraday)));
      // The same file types the REST minute datasets and the other vendors' feeds; this job
      // fetches none, and their committed rows are in silver already (pitlake build --layer
      // intraday): they are empty here.
      List<TableSpec> others =
          new ArrayList<>(
              List.of(
                  VendorDataset.POLYGON_AGGS_MINUTE.table(),
                  VendorDataset.ALPACA_BARS_MINUTE.table()));
      for (IntradayVendor other : IntradayVendor.values()) {
        if (other != intraday.vendor()) {
          others.add(other.bronze());
        }
      }
      for (TableSpec other : others) {
        String path = other.namespace() + "." + other.name();
        tableEnv.createTemporaryView(
            path, tableEnv.sqlQuery("SELECT * FROM " + path + " WHERE FALSE"));
      }
      files.addAll(Layer.INTRADAY.files());
    }
    addFiles(
        new SqlRunner(
            tableEnv,
            mode,
            plan.live(),
            plan.options(),
            adds
                ? new SilverBarsHistory(
                    Catalogs.loader(plan.catalog()), plan.symbols(), seedsFrom(plan))
                : null,
            Catalogs.loader(plan.catalog()),
            branch),
        sql,
        files);
    sql.attachAsDataStream();
    String name = plan.live() ? "live" : "backfill";
    progress.event(
        String.format(
            "[%s] one %s job: ingest polygon.aggs_day%s -> bronze, then %s",
            name,
            mode.name().toLowerCase(),
            intraday == null
                ? ""
                : " and the " + intraday.vendor().id() + " websocket (minute bars)",
            String.join(", ", files)));
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
   * The first session whose committed silver bars a streaming run's feature engine must read: the
   * sessions it keeps ({@link FeatureOptions#STREAMING_RETAIN_SESSIONS}) and two windows before the
   * run's first day, when each symbol starts at most at its newest session in the lake (a plan with
   * {@link IngestPlan#starts}, as {@code pitlake update} makes); else null: all of them.
   */
  @Nullable
  private static LocalDate seedsFrom(IngestPlan plan) {
    if (plan.starts().isEmpty()) {
      return null;
    }
    NyseCalendar calendar = NyseCalendar.instance();
    LocalDate first =
        calendar.isSession(plan.from())
            ? plan.from()
            : calendar.previousSession(plan.from()).orElse(null);
    int back =
        plan.options().get(FeatureOptions.STREAMING_RETAIN_SESSIONS) + 2 * BarFeatures.WINDOW;
    if (first == null || calendar.sessionIndex(first) < back) {
      return null;
    }
    return calendar.sessionAt(calendar.sessionIndex(first) - back);
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
    int splits;
    List<TableStats> before;
    long t0;
    JobClient job;
    try (Starting starting = new Starting("ingest")) {
      try (var catalog = closeable(Catalogs.create(plan.catalog()))) {
        TableBootstrap.ensureTables(catalog.get(), specs);
      }
      StreamExecutionEnvironment env =
          SqlEnvironments.environment(RunMode.BATCH, flinkConf, plan.options());
      splits = RawIngestJob.addTo(env, plan);
      before = tableStats(plan.catalog(), specs);
      progress.event(
          String.format(
              "[ingest] one batch job: %s, %s chunks",
              String.join(", ", plan.datasets().stream().map(VendorDataset::id).toList()),
              Figures.count(splits)));
      ProgressSnapshot.reset();
      t0 = System.nanoTime();
      try {
        job = env.executeAsync("pitlake ingest " + plan.datasets());
      } catch (Exception e) {
        throw new IllegalStateException("cannot submit the job: " + Failures.rootMessage(e), e);
      }
    }
    boolean localMetrics = ProgressSnapshot.enabled(flinkConf);
    ProgressMeter meter = new ProgressMeter("ingest", splits);
    Submitted run = new Submitted(job, splits, List.of());
    await(job, nanos -> ingestProgress(localMetrics, meter, run, nanos, "commit"));
    Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
    if (localMetrics) {
      progress.event(meter.done(ProgressSnapshot.take(), elapsed.toNanos()));
    }
    List<TableStats> tables = tableStats(plan.catalog(), specs);
    List<Stage> stages = new ArrayList<>();
    for (TableStats table : tables) {
      stages.add(stage(table.table(), table.table(), before, tables));
    }
    Map<String, Long> fetched =
        RawNormalizer.fetchedByKey(job.getJobExecutionResult().join().getAllAccumulatorResults());
    return new Result(
        stages, tables, elapsed, Duration.ofNanos(System.nanoTime() - start), fetched);
  }

  /**
   * Runs the SQL of the given layers over what the lake holds, as one job. In batch mode a file
   * whose table was last built from the same inputs is skipped ({@link BuildPlan}), and when every
   * file is, no job runs and nothing is committed.
   */
  public List<Stage> buildSql(
      CatalogConfig catalog, Configuration options, RunMode mode, Layer... layers) {
    List<String> files = filesOf(layers);
    List<BuildPlan.Step> skipped = new ArrayList<>();
    List<BuildPlan.Step> toRun = new ArrayList<>();
    List<TableStats> before;
    long t0;
    JobClient job;
    Audit audit;
    try (Starting starting = new Starting("build")) {
      ensureTables(catalog);
      if (mode == RunMode.BATCH) {
        try (var tables = closeable(Catalogs.create(catalog))) {
          for (BuildPlan.Step step : BuildPlan.of(tables.get(), options, files)) {
            (step.skip() != null ? skipped : toRun).add(step);
          }
        }
        files = toRun.stream().map(BuildPlan.Step::file).toList();
      }
      before = tableStats(catalog);
      for (BuildPlan.Step step : skipped) {
        progress.event(
            String.format(
                "[build] %s: %s rows (skipped: %s)",
                step.file(), Figures.count(rowsOf(before, step.table())), step.skip()));
      }
      if (files.isEmpty()) {
        progress.event("[build] nothing to build: every table is up to date, no job runs");
        return skipped.stream().map(s -> stage(s.file(), s.table(), before, before)).toList();
      }
      StreamTableEnvironment tableEnv =
          SqlEnvironments.create(
              SqlEnvironments.environment(mode, flinkConf, options), catalog, mode, options);
      StatementSet sql = tableEnv.createStatementSet();
      audit = Audit.begin(catalog, options, written(files), progress::event);
      if (mode == RunMode.STREAMING) {
        emptyProducts(catalog, audit == null ? null : audit.branch(), layers);
      }
      addFiles(
          new SqlRunner(
              tableEnv,
              mode,
              false,
              options,
              null,
              Catalogs.loader(catalog),
              audit == null ? null : audit.branch()),
          sql,
          files);
      progress.event(
          String.format(
              "[build] one %s job: %s", mode.name().toLowerCase(), String.join(", ", files)));
      ProgressSnapshot.reset();
      t0 = System.nanoTime();
      TableResult result = sql.execute();
      job = result.getJobClient().orElseThrow();
    }
    ProgressMeter meter = new ProgressMeter("build", 0);
    String what = String.format("%d table%s", files.size(), files.size() == 1 ? "" : "s");
    boolean localMetrics = ProgressSnapshot.enabled(flinkConf);
    await(
        job,
        nanos ->
            localMetrics
                ? meter.sqlLine(what, SqlProgress.take(), nanos)
                : String.format("[build] %s | %s", Figures.seconds(nanos), what));
    Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
    if (audit != null) {
      // Before the build records: a blocked build's tables were not built as far as main goes.
      audit.finish(flinkConf, progress::event);
    }
    recordBuilt(catalog, toRun);
    List<TableStats> tables = tableStats(catalog);
    List<Stage> stages = new ArrayList<>();
    for (String file : files) {
      Stage stage = stage(file, SqlScript.load(file).table(), before, tables);
      progress.event(
          String.format(
              "[build] %s: %s rows (%s)",
              stage.name(),
              Figures.count(stage.rows()),
              stage.added() == 0 ? "unchanged" : "+" + Figures.count(stage.added())));
      stages.add(stage);
    }
    progress.event(
        String.format(
            "[build] job %s done in %s", job.getJobID(), Figures.seconds(elapsed.toNanos())));
    return stages;
  }

  /** Records on each table a finished batch build wrote what it was built from. */
  private static void recordBuilt(CatalogConfig config, List<BuildPlan.Step> built) {
    try (var catalog = closeable(Catalogs.create(config))) {
      for (BuildPlan.Step step : built) {
        BuildRecord.write(
            catalog.get().loadTable(TableIdentifier.parse(step.table())), step.fingerprint());
      }
    }
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
   * layers (every table is written by appends): replayed rows would otherwise be appended a second
   * time. An audited build empties its branch ({@code branch}), leaving main to readers.
   */
  private static void emptyProducts(
      CatalogConfig config, @Nullable String branch, Layer... layers) {
    try (var catalog = closeable(Catalogs.create(config))) {
      for (Layer layer : layers) {
        for (String file : layer.files()) {
          TableSpec spec = PitlakeTables.byName(SqlScript.load(file).table());
          if (catalog.get().tableExists(spec.id())) {
            catalog
                .get()
                .loadTable(spec.id())
                .newDelete()
                .deleteFromRowFilter(Expressions.alwaysTrue())
                .toBranch(branch == null ? SnapshotRef.MAIN_BRANCH : branch)
                .commit();
          }
        }
      }
    }
  }

  /** The tables the inserts of {@code files} write, each once, in order. */
  private static List<String> written(List<String> files) {
    List<String> tables = new ArrayList<>();
    for (String file : files) {
      for (SqlScript.Unit unit : SqlScript.load(file).units()) {
        for (String statement : unit.statements()) {
          if (SqlScript.isInsert(statement)) {
            String target = SqlScript.Insert.parse(file, statement).target();
            if (!tables.contains(target)) {
              tables.add(target);
            }
          }
        }
      }
    }
    return tables;
  }

  private static List<String> filesOf(Layer... layers) {
    List<String> files = new ArrayList<>();
    for (Layer layer : layers) {
      files.addAll(layer.files);
    }
    return files;
  }

  private static void addFiles(SqlRunner runner, StatementSet sql, List<String> files) {
    for (String file : files) {
      runner.addTo(sql, SqlScript.load(file));
    }
  }

  /**
   * Reports once a second, until closed, that a job is being set up: creating missing tables,
   * planning its SQL and starting the embedded cluster take seconds that would otherwise be silent.
   * The reports come from a daemon thread of their own, while the caller's thread does the work.
   */
  private final class Starting implements AutoCloseable {
    private final ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "pitlake-progress");
              thread.setDaemon(true);
              return thread;
            });

    Starting(String name) {
      long t0 = System.nanoTime();
      ticker.scheduleAtFixedRate(
          () ->
              progress.status(
                  String.format(
                      "[%s] %s | preparing the job (tables, SQL planning, cluster start)",
                      name, Figures.seconds(System.nanoTime() - t0))),
          POLL_EVERY.toMillis(),
          POLL_EVERY.toMillis(),
          TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
      ticker.shutdownNow();
      try {
        ticker.awaitTermination(POLL_EVERY.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Waits for {@code job}, reporting {@code status} (of the nanoseconds so far) every {@link
   * #POLL_EVERY}.
   */
  private void await(JobClient job, LongFunction<String> status) {
    long t0 = System.nanoTime();
    CompletableFuture<?> done = job.getJobExecutionResult();
    while (true) {
      try {
        done.get(POLL_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return;
      } catch (TimeoutException stillRunning) {
        progress.status(status.apply(System.nanoTime() - t0));
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
  private static String ingestProgress(
      boolean localMetrics, ProgressMeter meter, Submitted run, long nanos, String after) {
    return localMetrics
        ? meter.line(ProgressSnapshot.take(), nanos, after)
        : String.format(
            "[%s] %s | job %s running", meter.name(), Figures.seconds(nanos), run.job().getJobID());
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
    return tableStats(config, PitlakeTables.all());
  }

  private static List<TableStats> tableStats(CatalogConfig config, List<TableSpec> specs) {
    List<TableStats> tables = new ArrayList<>();
    try (var catalog = closeable(Catalogs.create(config))) {
      for (TableSpec spec : specs) {
        tables.add(TableStats.of(catalog.get(), spec));
      }
    }
    return tables;
  }

  /** What {@code table} gained between {@code before} and {@code after}, as stage {@code name}. */
  private static Stage stage(
      String name, String table, List<TableStats> before, List<TableStats> after) {
    long now = rowsOf(after, table);
    return new Stage(name, now - rowsOf(before, table), now);
  }

  private static long rows(CatalogConfig config, TableSpec spec) {
    try (var catalog = closeable(Catalogs.create(config))) {
      return TableStats.of(catalog.get(), spec).rows();
    }
  }

  private static long rowsOf(List<TableStats> tables, String table) {
    return tables.stream()
        .filter(t -> t.table().equals(table))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no table " + table + " in the lake"))
        .rows();
  }

  private static String name(TableSpec spec) {
    return spec.namespace() + "." + spec.name();
  }

  /** A catalog that is closed after use when it holds resources (JDBC connections). */
  public static CloseableCatalog closeable(Catalog catalog) {
    return new CloseableCatalog(catalog);
  }

  public record CloseableCatalog(Catalog get) implements AutoCloseable {
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
