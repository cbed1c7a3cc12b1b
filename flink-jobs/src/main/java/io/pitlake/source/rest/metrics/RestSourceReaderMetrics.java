package io.pitlake.source.rest.metrics;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The metrics of one REST source reader, all in the group {@value #REST_GROUP}.
 *
 * <p>The page and request counters are updated by fetcher threads (a reader replaces an idle
 * fetcher by a new one, so two may briefly overlap, hence the thread-safe counters); {@code
 * splitsFinished} is updated by the task thread; the latency gauge is read by the reporter thread.
 */
public class RestSourceReaderMetrics {

  public static final String REST_GROUP = "rest";
  public static final String PAGES_FETCHED = "pagesFetched";
  public static final String REQUESTS_RETRIED = "requestsRetried";
  public static final String RECORDS_FETCHED = "recordsFetched";
  public static final String FAILED_PAGES = "failedPages";
  public static final String SPLITS_FINISHED = "splitsFinished";
  public static final String LAST_REQUEST_LATENCY_MS = "lastRequestLatencyMs";
  public static final String REQUEST_LATENCY_MS = "requestLatencyMs";

  /** How many recent requests the latency histogram keeps for its quantiles. */
  private static final int LATENCY_WINDOW = 10_000;

  private final Counter pagesFetched;
  private final Counter requestsRetried;
  private final Counter recordsFetched;
  private final Counter failedPages;
  private final Counter splitsFinished;
  private final Histogram requestLatency;
  private volatile long lastRequestLatencyMs;

  public RestSourceReaderMetrics(MetricGroup readerMetricGroup) {
    MetricGroup group = readerMetricGroup.addGroup(REST_GROUP);
    this.pagesFetched = group.counter(PAGES_FETCHED, new ThreadSafeSimpleCounter());
    this.requestsRetried = group.counter(REQUESTS_RETRIED, new ThreadSafeSimpleCounter());
    this.recordsFetched = group.counter(RECORDS_FETCHED, new ThreadSafeSimpleCounter());
    this.failedPages = group.counter(FAILED_PAGES, new ThreadSafeSimpleCounter());
    this.splitsFinished = group.counter(SPLITS_FINISHED, new ThreadSafeSimpleCounter());
    group.gauge(LAST_REQUEST_LATENCY_MS, (Gauge<Long>) () -> lastRequestLatencyMs);
    this.requestLatency =
        group.histogram(REQUEST_LATENCY_MS, new DescriptiveStatisticsHistogram(LATENCY_WINDOW));
  }

  /** A page arrived (any status that is not retried). */
  public void pageFetched() {
    pagesFetched.inc();
  }

  /** A request is about to be retried. */
  public void requestRetried() {
    requestsRetried.inc();
  }

  /** Elements read from a good page. */
  public void recordsFetched(int count) {
    recordsFetched.inc(count);
  }

  /** A page became a failure record. */
  public void pageFailed() {
    failedPages.inc();
  }

  /** Splits reported finished to the reader. */
  public void splitsFinished(int count) {
    splitsFinished.inc(count);
  }

  /** Time from sending a request to having its whole body. */
  public void requestLatency(long millis) {
    lastRequestLatencyMs = millis;
    requestLatency.update(millis);
  }

  public long pagesFetchedCount() {
    return pagesFetched.getCount();
  }

  public long requestsRetriedCount() {
    return requestsRetried.getCount();
  }

  public long failedPagesCount() {
    return failedPages.getCount();
  }
}
