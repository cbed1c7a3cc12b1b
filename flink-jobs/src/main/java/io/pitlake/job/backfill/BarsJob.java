package io.pitlake.job.backfill;

import io.pitlake.catalog.CatalogConfig;
import io.pitlake.catalog.Catalogs;
import io.pitlake.features.BarFeatures;
import io.pitlake.features.FeatureOptions;
import io.pitlake.features.SilverBarsHistory;
import io.pitlake.job.Backfill;
import io.pitlake.job.BackfillOptions;
import io.pitlake.job.Failures;
import io.pitlake.job.JobWatch;
import io.pitlake.job.RunMode;
import io.pitlake.job.TableStats;
import io.pitlake.job.ingest.DatasetIngest;
import io.pitlake.job.ingest.IngestPlan;
import io.pitlake.job.ingest.IntradayChannel;
import io.pitlake.job.ingest.IntradayPlan;
import io.pitlake.job.ingest.IntradayVendor;
import io.pitlake.job.ingest.TableSinks;
import io.pitlake.job.ingest.VendorDataset;
import io.pitlake.job.ingest.WebSocketIngestJob;
import io.pitlake.job.progress.ProgressSnapshot;
import io.pitlake.job.sql.SqlEnvironments;
import io.pitlake.job.sql.SqlRunner;
import io.pitlake.job.sql.SqlScript;
import io.pitlake.maintenance.LiveExpiry;
import io.pitlake.quarantine.WithheldBars;
import io.pitlake.source.rest.FollowMode;
import io.pitlake.source.rest.RestSourceBuilder;
import io.pitlake.source.rest.split.RestSplit;
import io.pitlake.table.Layer;
import io.pitlake.table.PitlakeTables;
import io.pitlake.table.TableSpec;
import io.pitlake.time.NyseCalendar;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.annotation.Nullable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamStatementSet;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.flink.CatalogLoader;

/**
 * The one Flink job of a backfill and of a live run: the ingest of Polygon's daily bars (vendor to
 * bronze), and the SQL of the bars layers ({@link Layer#BARS}) over bronze as the job leaves it;
 * for a live run with {@code --intraday}, the websocket feed and the minute layer beside them.
 *
 * <p>One job, not one per layer: each job start and commit costs seconds, a layer waiting for the
 * previous layer's commit would serialise them, and a Flink application on Kubernetes runs exactly
 * one job. The SQL reads bronze through a view of its committed snapshot plus the rows this job
 * adds ({@link #bronzeAfterThisRun}), and gold reads silver through the view of silver's own query
 * ({@link SqlRunner#addTo}).
 */
public final class BarsJob {

  /** A submitted job: its client, the chunks its ingest fetches, and the SQL files it runs. */
  public record Submitted(JobClient job, int splits, List<String> files) {}

  private BarsJob() {}

  /**
   * Submits the job of a run, writing silver and gold to {@code branch} (null: main).
   *
   * @param intraday the websocket feed to run beside the daily bars, or null
   */
  public static Submitted submit(
      Configuration flinkConf,
      JobWatch watch,
      IngestPlan plan,
      RunMode mode,
      @Nullable IntradayPlan intraday,
      @Nullable String branch) {
    StreamExecutionEnvironment env = SqlEnvironments.environment(mode, flinkConf, plan.options());
    if (plan.live() && !env.getCheckpointConfig().isCheckpointingEnabled()) {
      env.enableCheckpointing(plan.options().get(BackfillOptions.LIVE_COMMIT_INTERVAL).toMillis());
    }
    StreamTableEnvironment tableEnv =
        SqlEnvironments.create(env, plan.catalog(), mode, plan.options());
    DailyBars ingest = ingest(env, plan);
    // Batch rebuilds silver and gold from all of bronze. Streaming appends, so on a lake that
    // already has silver bars it reads only this run's new bronze rows, and the feature engine
    // starts from the committed silver bars of the run's symbols.
    boolean adds =
        mode == RunMode.STREAMING
            && TableStats.of(plan.catalog(), List.of(PitlakeTables.SILVER_BARS_DAILY)).get(0).rows()
                > 0;
    boolean onlyThisRun = bronzeAfterThisRun(tableEnv, plan.catalog(), ingest.bronzeRows(), adds);
    StreamStatementSet sql = tableEnv.createStatementSet();
    List<String> files = new ArrayList<>(Layer.filesOf(Layer.BARS.toArray(Layer[]::new)));
    DataStream<RowData> rejects = ingest.quarantineRows();
    if (intraday != null) {
      // The feed's new bronze rows are all the minute-bar SQL reads: silver.minute_bars is built
      // in-stream, never by re-reading committed tables.
      TableSpec ws = intraday.vendor().bronze();
      WebSocketIngestJob.Feed feed = WebSocketIngestJob.addTo(env, intraday);
      tableEnv.createTemporaryView(
          ws.namespace() + "." + ws.name(), tableEnv.fromDataStream(feed.bronzeRows()));
      rejects = rejects.union(feed.quarantineRows());
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
    // A bounded streaming run whose silver is only this run's fetch, one split per symbol, sees
    // each symbol's versions in availability order: one page sequence in time order, versioned
    // and carried through one channel (PolygonDailyBarForm). Its feature engine then applies them
    // as they
    // come instead of holding the run's history until the end (docs/performance.md, "Bounded
    // state of a streaming run").
    boolean inArrivalOrder =
        mode == RunMode.STREAMING
            && !plan.live()
            && onlyThisRun
            && ingest.splits() == plan.symbols().size();
    SqlRunner runner =
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
            branch,
            WithheldBars.leftOutOn(branch, SqlScript.targets(files)),
            inArrivalOrder ? plan.options().get(BackfillOptions.WATERMARK_OUT_OF_ORDERNESS) : null);
    // The ingest's rejects join the scripts' quarantine insert: one committer to the table.
    runner.addQuarantineRows(sql, tableEnv.fromDataStream(rejects));
    runner.addAll(sql, files);
    sql.attachAsDataStream();
    if (plan.live()) {
      LiveExpiry.addTo(
          env, Catalogs.loader(plan.catalog()), liveTables(files, intraday), plan.options());
    }
    String name = plan.live() ? "live" : "backfill";
    watch.event(
        String.format(
            "[%s] one %s job: ingest polygon.aggs_day%s -> bronze, then %s",
            name,
            mode.name().toLowerCase(),
            intraday == null
                ? ""
                : String.format(
                    " and the %s websocket (%s)",
                    intraday.vendor().id(),
                    intraday.channels().stream()
                        .map(IntradayChannel::id)
                        .collect(Collectors.joining(", "))),
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
   * The daily bars' part of the job.
   *
   * @param splits how many source splits the plan makes, the total that progress counts towards (0
   *     for a live run, whose splits appear as the vendor publishes)
   * @param bronzeRows the rows this run adds to {@code bronze.polygon_aggs} (new versions only), in
   *     the table's schema, for the SQL of the same job to read
   * @param quarantineRows the ingest's rejects not yet in {@code silver.quarantine}, in its schema,
   *     for the job's one quarantine sink
   */
  private record DailyBars(
      int splits, DataStream<RowData> bronzeRows, DataStream<RowData> quarantineRows) {}

  /**
   * Adds the daily bars ({@link VendorDataset#POLYGON_AGGS_DAY}) through the generic ingest path:
   * the plan's splits, or for a live run splits appearing as the vendor publishes, polled every
   * {@code live.poll-interval}; each fetch stamped by the plan's clock.
   */
  private static DailyBars ingest(StreamExecutionEnvironment env, IngestPlan plan) {
    VendorDataset bars = VendorDataset.POLYGON_AGGS_DAY;
    Configuration options = plan.options();
    RestSourceBuilder source =
        DatasetIngest.source(bars, plan.baseUrl(), plan.credentials(), options, 1)
            .setClock(plan.clock());
    List<RestSplit> splits = plan.live() ? List.of() : plan.splitsOf(bars);
    if (plan.live()) {
      source.setFollow(
          new FollowMode(
              plan.symbols(),
              plan.from(),
              Period.ofDays(options.get(BackfillOptions.SPLIT_DAYS)),
              Period.ofDays(options.get(BackfillOptions.LIVE_LOOKBACK_DAYS)),
              VendorDataset.AvailabilityRules.of(options).polygonDay()::newestAvailableSession,
              options.get(BackfillOptions.LIVE_POLL_INTERVAL),
              plan.clock()));
    } else {
      source.setSplits(splits);
    }
    CatalogLoader catalogLoader = Catalogs.loader(plan.catalog());
    DatasetIngest.Added added =
        DatasetIngest.addTo(
            env,
            bars,
            source.build(),
            plan.live() ? env.getParallelism() : Math.min(env.getParallelism(), splits.size()),
            plan.symbols(),
            plan.from(),
            catalogLoader,
            options);
    return new DailyBars(
        splits.size(),
        added.rows(),
        TableSinks.quarantineRows(added.rejected(), catalogLoader, ""));
  }

  /**
   * The tables a live job commits at every checkpoint: the daily bars' bronze, the quarantine (the
   * ingest's rejects), the websocket feed's bronze and every table the SQL files insert into.
   */
  private static List<TableIdentifier> liveTables(
      List<String> files, @Nullable IntradayPlan intraday) {
    List<TableIdentifier> tables =
        new ArrayList<>(
            List.of(PitlakeTables.BRONZE_POLYGON_AGGS.id(), PitlakeTables.SILVER_QUARANTINE.id()));
    if (intraday != null) {
      tables.add(intraday.vendor().bronze().id());
    }
    SqlScript.targets(files).stream()
        .map(TableIdentifier::parse)
        .filter(table -> !tables.contains(table))
        .forEach(tables::add);
    return tables;
  }

  /**
   * Shadows {@code bronze.polygon_aggs} by a view of its current snapshot plus {@code newRows}:
   * what the table will hold once this job commits. The snapshot is pinned, so the job's own commit
   * cannot make the SQL read a row twice.
   *
   * @return whether the view holds only {@code newRows} (no committed snapshot is read)
   */
  private static boolean bronzeAfterThisRun(
      StreamTableEnvironment tableEnv,
      CatalogConfig catalog,
      DataStream<RowData> newRows,
      boolean newRowsOnly) {
    TableSpec bronze = PitlakeTables.BRONZE_POLYGON_AGGS;
    String path = bronze.namespace() + "." + bronze.name();
    Table added = tableEnv.fromDataStream(newRows);
    Long snapshot;
    try (var tables = Backfill.closeable(Catalogs.create(catalog))) {
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
    return all == added;
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
}
