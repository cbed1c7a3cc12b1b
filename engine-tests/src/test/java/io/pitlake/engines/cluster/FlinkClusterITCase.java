package io.pitlake.engines.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.pitlake.engines.PitlakeProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pitlake's shaded job jar submitted with {@code flink run} to a standalone Flink session cluster
 * (a JobManager and a TaskManager in JVMs of their own, on loopback): the backfill's job runs on
 * the cluster, and the lake it builds is the one an embedded run of the same backfill builds. This
 * is how a user with their own Flink cluster runs pitlake (README, "Run on your own Flink
 * cluster").
 */
class FlinkClusterITCase {

  private static final String SYMBOLS = "AAPL,MSFT";
  private static final String FROM = "2024-01-01";
  private static final String TO = "2024-06-28";

  /**
   * NYSE sessions from 2024-01-01 to 2024-06-28: 21 + 20 + 20 + 22 + 22 + 19 (closed on Jan 1, Jan
   * 15, Feb 19, Mar 29, May 27 and Jun 19). The simulator serves one bar per symbol and session.
   */
  private static final int SESSIONS = 124;

  private static final long ROWS = 2L * SESSIONS;

  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(6);

  /**
   * How long the live job may take to catch up after its TaskManager is lost. Its client runs until
   * the test cancels the job, so the client's own limit must outlast this wait.
   */
  private static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(10);

  /** Every gold column but {@code ingested_at}, the fetch time, which differs between runs. */
  private static final String GOLD =
      "SELECT symbol, session_date, available_at, session_index, event_time, bar_version, close,"
          + " volume, dollar_volume, ret_1d, ret_5d, ret_21d, vol_21d, returns_in_window"
          + " FROM gold.bar_features_daily ORDER BY symbol, session_date, available_at";

  /** Every silver column but {@code ingested_at}. */
  private static final String SILVER =
      "SELECT symbol, session_date, version, session_index, open, high, low, close, volume, vwap,"
          + " trades, event_time, available_at, vendor"
          + " FROM silver.bars_daily ORDER BY symbol, session_date, version";

  /** Each minute bar of the session once, with every content the live lake holds for it. */
  private static final String MINUTE_CONTENTS =
      "SELECT DISTINCT symbol, event_time, open, high, low, close, volume, vwap"
          + " FROM silver.minute_bars ORDER BY symbol, event_time, close, volume";

  /** A bar's version or content twice: none may be (a restore must neither lose nor repeat). */
  private static final String MINUTE_TWICE =
      "SELECT symbol, event_time, CAST(version AS STRING) AS twice, COUNT(*) AS n"
          + " FROM silver.minute_bars GROUP BY symbol, event_time, version HAVING COUNT(*) > 1"
          + " UNION ALL SELECT symbol, event_time, payload_hash, COUNT(*)"
          + " FROM silver.minute_bars GROUP BY symbol, event_time, payload_hash"
          + " HAVING COUNT(*) > 1";

  /** The outages the live job's intraday feed recorded, and what their gap fills fetched. */
  private static final String OUTAGES =
      "SELECT vendor, cause, filled_bars, fill_requests, COALESCE(fill_error, '-') AS fill_error"
          + " FROM bronze.feed_outages ORDER BY event_time";

  /** How fast the simulator's websocket replays the session: 390 minutes in about 80 s. */
  private static final int REPLAY_SPEED = 300;

  /** 30 symbols over ten years (about 75,500 bars): long enough to kill a TaskManager mid-run. */
  private static final String FAILOVER_SYMBOLS =
      IntStream.rangeClosed(1, 30)
          .mapToObj(i -> String.format("F%03d", i))
          .collect(Collectors.joining(","));

  /** How long after the job starts running its TaskManager is killed. */
  private static final Duration FAILOVER_AFTER = Duration.ofSeconds(4);

  /**
   * The job id the Flink Kubernetes operator fixes for an application: a program that submitted a
   * second job under it would fail, so running with it proves the backfill fits application mode.
   */
  private static final String FIXED_JOB_ID = "9e1e5ba3c0a7d3f4b2a1c0d9e8f7a6b5";

  /**
   * A cluster that survives a lost TaskManager: a restart strategy, and a dead TaskManager noticed
   * within seconds (two failed heartbeat calls in a row, {@code heartbeat.rpc-failure-threshold}).
   * Exponential delay, as the live {@code FlinkDeployment}: it counts the failures of one lost
   * TaskManager's regions as one, where a fixed-delay strategy spends an attempt per region and a
   * live job (a dozen regions with its tables' maintenance) ran out of them at once. A live
   * TaskManager starved of CPU on a loaded machine may answer late: 30 s before it counts as lost.
   */
  private static final Map<String, String> FAILOVER =
      Map.of(
          "restart-strategy.type", "exponential-delay",
          "restart-strategy.exponential-delay.initial-backoff", "1 s",
          "restart-strategy.exponential-delay.max-backoff", "10 s",
          "heartbeat.interval", "1000",
          "heartbeat.timeout", "30000");

  private static final Pattern SUBMITTED =
      Pattern.compile("Job has been submitted with JobID ([0-9a-f]{32})");

  @Test
  void aBackfillSubmittedWithFlinkRunRunsOnTheClusterAndBuildsTheLakeAnEmbeddedRunBuilds(
      @TempDir Path dir) {
    Path clusterLake = dir.resolve("cluster-lake");
    PitlakeProcess.Result run;
    List<StandaloneFlinkCluster.Job> jobs;
    long t0 = System.nanoTime();
    try (StandaloneFlinkCluster cluster = StandaloneFlinkCluster.start(dir.resolve("flink"))) {
      StandaloneFlinkCluster.Startup startup = cluster.startup();
      System.out.printf(
          "[flink-cluster] JobManager REST up after %.1f s, TaskManager registered after %.1f s%n",
          seconds(startup.restUp()), seconds(startup.taskManagerRegistered()));

      long t1 = System.nanoTime();
      run =
          cluster.flinkRun(
              dir.resolve("client"),
              RUN_TIMEOUT,
              List.of("-D", "$internal.pipeline.job-id=" + FIXED_JOB_ID),
              backfill(clusterLake));
      System.out.printf(
          "[flink-cluster] flink run backfill: %.1f s (cluster up %.1f s before)%n%s%n",
          seconds(Duration.ofNanos(System.nanoTime() - t1)),
          seconds(Duration.ofNanos(t1 - t0)),
          run.stdout());
      assertThat(run.exitCode())
          .as("flink run exit code; output:%n%s%s%n%s", run.stdout(), run.stderr(), cluster.logs())
          .isZero();
      jobs = cluster.jobs();
    }

    // The one job the client submitted is the cluster's job, and it finished there.
    List<String> submitted =
        SUBMITTED.matcher(run.stdout() + run.stderr()).results().map(m -> m.group(1)).toList();
    assertThat(jobs)
        .extracting(StandaloneFlinkCluster.Job::name, StandaloneFlinkCluster.Job::state)
        .containsExactly(tuple("pitlake backfill (batch)", "FINISHED"));
    assertThat(submitted).containsExactly(FIXED_JOB_ID);
    assertThat(jobs)
        .extracting(StandaloneFlinkCluster.Job::id)
        .containsExactlyInAnyOrderElementsOf(submitted);
    assertThat(run.stdout()).contains("wall time");

    Map<String, Long> rows = tableRows(dir.resolve("tables"), clusterLake);
    assertThat(rows)
        .containsEntry("bronze.polygon_aggs", ROWS)
        .containsEntry("silver.bars_daily", ROWS)
        .containsEntry("silver.quarantine", 0L)
        .containsEntry("gold.bar_features_daily", ROWS);

    Path embeddedLake = dir.resolve("embedded-lake");
    long t2 = System.nanoTime();
    PitlakeProcess.run(dir.resolve("embedded"), Map.of(), RUN_TIMEOUT, backfill(embeddedLake))
        .assertSucceeded();
    System.out.printf(
        "[flink-cluster] embedded backfill (pitlake process): %.1f s%n",
        seconds(Duration.ofNanos(System.nanoTime() - t2)));
    String clusterGold = query(dir.resolve("query"), clusterLake);
    assertThat(clusterGold).contains(ROWS + " rows");
    assertThat(clusterGold).isEqualTo(query(dir.resolve("query"), embeddedLake));
  }

  /**
   * Exactly once under a machine failure, with Flink's own recovery: the TaskManager's JVM is
   * killed while a batch backfill runs on it, a new TaskManager is started, and the job, restarted
   * by the cluster's restart strategy (failed regions re-run; nothing reaches the tables before the
   * job's one commit), ends with silver and gold equal on every column but the fetch time to an
   * undisturbed embedded run's.
   */
  @Test
  void aBackfillWhoseTaskManagerIsKilledEndsWithTheTablesOfAnUndisturbedRun(@TempDir Path dir)
      throws Exception {
    Path clusterLake = dir.resolve("cluster-lake");
    String[] backfill = backfill(clusterLake, FAILOVER_SYMBOLS, "2015-01-01", "2024-12-31");
    PitlakeProcess.Result run;
    String exceptions;
    try (StandaloneFlinkCluster cluster =
        StandaloneFlinkCluster.start(dir.resolve("flink"), FAILOVER)) {
      CompletableFuture<PitlakeProcess.Result> client = submit(cluster, dir, RUN_TIMEOUT, backfill);
      String jobId = awaitRunning(cluster, client);
      // Let the job get well into its ingest before the machine fails.
      Thread.sleep(FAILOVER_AFTER.toMillis());
      assertThat(client).as("the backfill was still running when the TaskManager died").isNotDone();
      cluster.killTaskManager();
      cluster.startTaskManager(System.nanoTime());
      run = client.get();
      assertThat(run.exitCode())
          .as("flink run exit code; output:%n%s%s%n%s", run.stdout(), run.stderr(), cluster.logs())
          .isZero();
      assertThat(cluster.jobs())
          .extracting(StandaloneFlinkCluster.Job::id, StandaloneFlinkCluster.Job::state)
          .containsExactly(tuple(jobId, "FINISHED"));
      exceptions = cluster.exceptions(jobId);
    }
    // The failure happened and the job recovered from it (not a run that finished first).
    assertThat(exceptions)
        .contains("\"exceptionHistory\"")
        .doesNotContain("\"entries\":[]")
        .containsPattern("(?i)taskmanager");

    Path embeddedLake = dir.resolve("embedded-lake");
    PitlakeProcess.run(
            dir.resolve("embedded"),
            Map.of(),
            RUN_TIMEOUT,
            backfill(embeddedLake, FAILOVER_SYMBOLS, "2015-01-01", "2024-12-31"))
        .assertSucceeded();
    for (String query : List.of(SILVER, GOLD)) {
      String recovered = query(dir.resolve("query"), clusterLake, query);
      assertThat(recovered).containsPattern("[\\d,]{5,} rows");
      assertThat(recovered).isEqualTo(query(dir.resolve("query"), embeddedLake, query));
    }
  }

  /**
   * Exactly once for a live job, with appends: a {@code pitlake live --intraday polygon} job
   * committing every 2 s is submitted to the cluster, its TaskManager's JVM killed once it has
   * committed daily bars and websocket minute bars, and a new one started. The job restores from
   * its last checkpoint (the sources' positions, the feature engine's state, the websocket split's
   * high-water marks and the Iceberg commits it had not finished) and, once it has caught up,
   * silver and gold equal an undisturbed batch backfill of the same sessions on every column but
   * the fetch time: nothing duplicated, nothing lost. The minute bars the websocket sent while the
   * job was down are fetched by the gap fill after the restore: every settled bar of the replayed
   * session (the REST minute backfill's) is in {@code silver.minute_bars} and no other bar (the
   * fill asks up to the wall clock, but the simulator's REST minutes stop at its replay's clock, so
   * no bar of a later session, today's during NYSE hours, comes in), no version or content of a bar
   * twice, and the blind time is a {@code restore} row of {@code bronze.feed_outages}.
   */
  @Test
  void aLiveJobWhoseTaskManagerIsKilledRestoresAndEqualsAnUndisturbedRun(@TempDir Path dir)
      throws Exception {
    String from = "2015-01-01";
    Path embeddedLake = dir.resolve("embedded-lake");
    PitlakeProcess.run(
            dir.resolve("embedded"),
            Map.of(),
            RUN_TIMEOUT,
            backfill(embeddedLake, FAILOVER_SYMBOLS, from, LocalDate.now().toString()))
        .assertSucceeded();
    Map<String, String> expected = new TreeMap<>();
    for (String query : List.of(SILVER, GOLD)) {
      expected.put(query, query(dir.resolve("query"), embeddedLake, query));
    }
    assertThat(expected.get(GOLD)).containsPattern("[\\d,]{5,} rows");

    Path clusterLake = dir.resolve("live-lake");
    Path config =
        Files.writeString(
            dir.resolve("live.properties"),
            "live.commit-interval=2 s\nlive.poll-interval=1 s\nsimulator.websocket-speed="
                + REPLAY_SPEED
                + "\n");
    String[] live = {
      "live",
      "--symbols",
      FAILOVER_SYMBOLS,
      "--from",
      from,
      "--warehouse",
      clusterLake.toString(),
      "--config",
      config.toString(),
      "--intraday",
      "polygon"
    };
    Map<String, String> actual = new TreeMap<>();
    List<List<String>> minutes;
    List<List<String>> settled;
    String exceptions;
    try (StandaloneFlinkCluster cluster =
        StandaloneFlinkCluster.start(dir.resolve("flink"), FAILOVER)) {
      CompletableFuture<PitlakeProcess.Result> client =
          submit(cluster, dir, RUN_TIMEOUT.plus(CATCH_UP_TIMEOUT), live);
      String jobId = awaitRunning(cluster, client);
      long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
      // Killed once both feeds have committed: mid-session for the websocket's replay.
      while (!committedBoth(tableRows(dir.resolve("tables"), clusterLake))
          && System.nanoTime() < deadline) {
        Thread.sleep(500);
      }
      cluster.killTaskManager();
      long killed = System.nanoTime();
      cluster.startTaskManager(killed);
      minutes = rows(query(dir.resolve("query"), clusterLake, MINUTE_CONTENTS));
      assertThat(minutes).as("minute bars committed before the kill").isNotEmpty();
      String session = minutes.get(0).get(1).substring(0, 10);
      assertThat(session).matches("\\d{4}-\\d{2}-\\d{2}");
      // While the job restores and catches up: the REST minute backfill of the replayed session.
      CompletableFuture<List<List<String>>> rest =
          CompletableFuture.supplyAsync(() -> restMinuteBars(dir, embeddedLake, session));
      deadline = killed + CATCH_UP_TIMEOUT.toNanos();
      while (!(actual.equals(expected)
              && rest.isDone()
              && holdsEverySettledBar(minutes, rest.join()))
          && System.nanoTime() < deadline) {
        Thread.sleep(2_000);
        for (String query : List.of(SILVER, GOLD)) {
          actual.put(query, query(dir.resolve("query"), clusterLake, query));
        }
        minutes = rows(query(dir.resolve("query"), clusterLake, MINUTE_CONTENTS));
      }
      System.out.printf(
          "[flink-cluster] live job: %s %.1f s after its TaskManager was killed%n",
          actual.equals(expected) ? "caught up" : "still differs",
          seconds(Duration.ofNanos(System.nanoTime() - killed)));
      settled = rest.get();
      exceptions = cluster.exceptions(jobId);
      assertThat(cluster.jobs())
          .as("a live job keeps running once it has caught up; exceptions:%n%s", exceptions)
          .extracting(StandaloneFlinkCluster.Job::id, StandaloneFlinkCluster.Job::state)
          .containsExactly(tuple(jobId, "RUNNING"));
      cluster.cancel(jobId);
      client.get();
    }
    assertThat(exceptions)
        .as("the job restarted after losing its TaskManager")
        .doesNotContain("\"entries\":[]")
        .containsPattern("(?i)taskmanager");
    assertThat(actual).isEqualTo(expected);

    // Every bar of the session, each with its settled (REST) values among its contents ...
    Map<List<String>, List<List<String>>> byBar = byBar(minutes);
    assertThat(byBar.keySet()).isEqualTo(byBar(settled).keySet());
    for (List<String> bar : settled) {
      assertThat(byBar.get(bar.subList(0, 2))).as("settled bar %s", bar).contains(bar);
    }
    // ... none twice ...
    assertThat(query(dir.resolve("query"), clusterLake, MINUTE_TWICE))
        .containsPattern("(?m)^0 rows");
    // ... and the time the feed was blind is an outage, its gap filled without error.
    List<List<String>> outages = rows(query(dir.resolve("query"), clusterLake, OUTAGES));
    assertThat(outages)
        .as("outages")
        .anySatisfy(
            outage -> {
              assertThat(outage.subList(0, 2)).containsExactly("polygon", "restore");
              assertThat(Long.parseLong(outage.get(2).replace(",", ""))).isPositive();
            })
        .allSatisfy(outage -> assertThat(outage.get(4)).isEqualTo("-"));
  }

  /** Whether the live job has committed daily bars and websocket minute bars. */
  private static boolean committedBoth(Map<String, Long> rows) {
    return rows.getOrDefault("bronze.polygon_aggs", 0L) > 0
        && rows.getOrDefault("bronze.polygon_ws", 0L) > 0;
  }

  /**
   * The minute bars of {@code session} as a REST minute backfill (the keyless simulator's {@code
   * polygon.aggs_minute}, typed by {@code build --layer intraday}) writes them into {@code lake}.
   */
  private static List<List<String>> restMinuteBars(Path dir, Path lake, String session) {
    String warehouse = lake.toString();
    PitlakeProcess.run(
            dir.resolve("embedded"),
            Map.of(),
            RUN_TIMEOUT,
            "ingest",
            "--datasets",
            "polygon.aggs_minute",
            "--symbols",
            FAILOVER_SYMBOLS,
            "--from",
            session,
            "--to",
            session,
            "--warehouse",
            warehouse)
        .assertSucceeded();
    PitlakeProcess.run(
            dir.resolve("embedded"),
            Map.of(),
            RUN_TIMEOUT,
            "build",
            "--layer",
            "intraday",
            "--warehouse",
            warehouse)
        .assertSucceeded();
    List<List<String>> settled = rows(query(dir.resolve("query"), lake, MINUTE_CONTENTS));
    assertThat(byBar(settled)).as("one REST bar per minute").hasSize(settled.size());
    // 390 minutes a symbol; 210 on a half day.
    assertThat(settled).hasSizeGreaterThanOrEqualTo(30 * 210);
    return settled;
  }

  /** Whether {@code minutes} holds every bar of {@code settled}, with its settled values. */
  private static boolean holdsEverySettledBar(
      List<List<String>> minutes, List<List<String>> settled) {
    return new HashSet<>(minutes).containsAll(settled)
        && byBar(minutes).size() == byBar(settled).size();
  }

  /** Rows by their bar: symbol and event time (the first two cells). */
  private static Map<List<String>, List<List<String>>> byBar(List<List<String>> rows) {
    return rows.stream()
        .collect(
            Collectors.groupingBy(
                row -> row.subList(0, 2), LinkedHashMap::new, Collectors.toList()));
  }

  /**
   * The rows {@code pitlake query} printed, each as its cells: the lines between the header's rule
   * and the row count, split where columns are (two spaces or more).
   */
  private static List<List<String>> rows(String printed) {
    List<List<String>> rows = new ArrayList<>();
    boolean body = false;
    for (String line : printed.split("\\R")) {
      if (line.matches("\\d+ rows?.*")) {
        break;
      }
      if (body && !line.isBlank()) {
        rows.add(List.of(line.trim().split("\\s{2,}")));
      }
      body |= line.matches("-[- ]*");
    }
    return rows;
  }

  /**
   * Runs {@code flink run} with the pitlake command {@code args} in the background, for up to
   * {@code timeout}.
   */
  private static CompletableFuture<PitlakeProcess.Result> submit(
      StandaloneFlinkCluster cluster, Path dir, Duration timeout, String[] args) {
    return CompletableFuture.supplyAsync(
        () -> cluster.flinkRun(dir.resolve("client"), timeout, List.of(), args));
  }

  /** The id of the job once the JobManager lists it as running; fails if the client ends first. */
  private static String awaitRunning(
      StandaloneFlinkCluster cluster, CompletableFuture<PitlakeProcess.Result> client)
      throws InterruptedException {
    long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      for (StandaloneFlinkCluster.Job job : cluster.jobs()) {
        if (job.state().equals("RUNNING")) {
          return job.id();
        }
      }
      if (client.isDone()) {
        throw new AssertionError("flink run ended before its job ran: " + client.join());
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no running job within " + RUN_TIMEOUT);
  }

  /** Rows per table as {@code pitlake tables} prints them. */
  private static Map<String, Long> tableRows(Path workDir, Path lake) {
    String out =
        PitlakeProcess.run(workDir, Map.of(), RUN_TIMEOUT, "tables", "--warehouse", lake.toString())
            .assertSucceeded()
            .stdout();
    Matcher m = Pattern.compile("(?m)^(\\w+\\.\\w+)\\s+([\\d,]+)\\s").matcher(out);
    Map<String, Long> rows = new TreeMap<>();
    while (m.find()) {
      rows.put(m.group(1), Long.parseLong(m.group(2).replace(",", "")));
    }
    return rows;
  }

  private static String query(Path workDir, Path lake) {
    return query(workDir, lake, GOLD);
  }

  private static String query(Path workDir, Path lake, String sql) {
    return PitlakeProcess.run(
            workDir,
            Map.of(),
            RUN_TIMEOUT,
            "query",
            "--warehouse",
            lake.toString(),
            "--max-rows",
            "1000000",
            sql)
        .assertSucceeded()
        .stdout();
  }

  private static double seconds(Duration d) {
    return d.toMillis() / 1e3;
  }

  /** The one backfill both runs make, so the cluster's tables and the embedded ones must agree. */
  private static String[] backfill(Path warehouse) {
    return backfill(warehouse, SYMBOLS, FROM, TO);
  }

  private static String[] backfill(Path warehouse, String symbols, String from, String to) {
    return new String[] {
      "backfill",
      "--symbols",
      symbols,
      "--from",
      from,
      "--to",
      to,
      "--warehouse",
      warehouse.toString()
    };
  }
}
