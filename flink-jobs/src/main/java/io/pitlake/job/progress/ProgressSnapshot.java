package io.pitlake.job.progress;

import java.util.List;
import org.apache.flink.configuration.Configuration;

/**
 * The figures the CLI prints while an embedded ingest job runs: splits done of total and rows per
 * stage, and a live job's websocket reconnects and REST gap fills. Taken from {@link
 * ProgressReporter}.
 */
public record ProgressSnapshot(
    long splitsFinished,
    long fetched,
    long newRows,
    long duplicates,
    long rejected,
    long pages,
    long retried,
    double p99LatencyMs,
    long reconnects,
    long gapFills) {

  private static final String FACTORY_KEY = "metrics.reporter.pitlake.factory.class";

  static final String SPLITS_FINISHED = "rest.splitsFinished";
  static final String FETCHED = "rest.recordsFetched";
  static final String NEW_ROWS = "versioner.newObservations";
  static final String DUPLICATES = "versioner.duplicatesSkipped";
  static final String REJECTED = "rest.failedPages";
  static final String PAGES = "rest.pagesFetched";
  static final String RETRIED = "rest.requestsRetried";
  static final String LATENCY = "rest.requestLatencyMs";
  static final String RECONNECTS = "websocket.reconnects";
  static final String GAP_FILLS = "gapfill.gapFills";
  static final List<String> TRACKED =
      List.of(
          SPLITS_FINISHED,
          FETCHED,
          NEW_ROWS,
          DUPLICATES,
          REJECTED,
          PAGES,
          RETRIED,
          RECONNECTS,
          GAP_FILLS);

  /** Reads the live metrics of the running embedded job. */
  public static ProgressSnapshot take() {
    return new ProgressSnapshot(
        ProgressReporter.sum(SPLITS_FINISHED),
        ProgressReporter.sum(FETCHED),
        ProgressReporter.sum(NEW_ROWS),
        ProgressReporter.sum(DUPLICATES),
        ProgressReporter.sum(REJECTED),
        ProgressReporter.sum(PAGES),
        ProgressReporter.sum(RETRIED),
        ProgressReporter.maxP99(),
        ProgressReporter.sum(RECONNECTS),
        ProgressReporter.sum(GAP_FILLS));
  }

  /** Starts a new job's figures from zero. */
  public static void reset() {
    ProgressReporter.reset();
  }

  /** Registers the reporter in an embedded cluster's configuration. */
  public static void enable(Configuration flinkConf) {
    flinkConf.setString(FACTORY_KEY, ProgressReporterFactory.class.getName());
    flinkConf.setString("metrics.reporter.pitlake.interval", "1 s");
  }

  /**
   * Whether jobs run with {@code flinkConf} report to this JVM: only an embedded cluster started
   * with {@link #enable}d settings does. On a cluster the metrics stay in the TaskManagers.
   */
  public static boolean enabled(Configuration flinkConf) {
    return flinkConf.containsKey(FACTORY_KEY);
  }
}
