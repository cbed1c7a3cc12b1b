package io.pitlake.job.progress;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.runtime.metrics.groups.TaskMetricGroup;

/**
 * Exposes the metrics of an embedded run to the CLI that started it, which prints progress while a
 * job runs. Only meaningful when the job runs in the CLI's JVM; on a cluster use Flink's web UI or
 * a real reporter. Flink calls it from its metric threads; readers may call from any thread.
 */
public final class ProgressReporter implements MetricReporter {

  /** Live metrics by short name ({@code rest.recordsFetched}), summed over subtasks by readers. */
  private static final Map<String, Map<Metric, Boolean>> METRICS = new ConcurrentHashMap<>();

  /** Final values of metrics whose tasks have finished, so totals survive the end of a job. */
  private static final Map<String, Long> FINISHED = new ConcurrentHashMap<>();

  /** Live latency histograms, one per reader subtask. */
  private static final Map<Histogram, Boolean> LATENCIES = new ConcurrentHashMap<>();

  /** The greatest p99 of the histograms of finished subtasks. */
  private static volatile double finishedP99;

  @Override
  public void open(MetricConfig config) {}

  @Override
  public void close() {}

  @Override
  public void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group) {
    String scope = group.getMetricIdentifier(metricName);
    if (metric instanceof Histogram histogram && scope.endsWith(ProgressSnapshot.LATENCY)) {
      LATENCIES.put(histogram, Boolean.TRUE);
    }
    for (String tracked : ProgressSnapshot.TRACKED) {
      if (scope.endsWith(tracked)) {
        METRICS.computeIfAbsent(tracked, k -> new ConcurrentHashMap<>()).put(metric, Boolean.TRUE);
      }
    }
    // A task's own record counters sum its chained operators' and may share an operator's name:
    // counting the operators' alone counts each row once.
    if (!(group instanceof TaskMetricGroup)) {
      SqlProgress.PATTERNS.forEach(
          (name, pattern) -> {
            if (pattern.matcher(scope).find()) {
              METRICS
                  .computeIfAbsent(name, k -> new ConcurrentHashMap<>())
                  .put(metric, Boolean.TRUE);
            }
          });
    }
  }

  @Override
  public void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {
    if (metric instanceof Histogram histogram && LATENCIES.remove(histogram) != null) {
      finishedP99 = Math.max(finishedP99, p99(histogram));
    }
    METRICS.forEach(
        (name, metrics) -> {
          if (metrics.remove(metric) != null) {
            FINISHED.merge(name, valueOf(metric), Long::sum);
          }
        });
  }

  /** Sum of every live counter or numeric gauge registered under {@code name}. */
  static long sum(String name) {
    long total = FINISHED.getOrDefault(name, 0L);
    for (Metric metric : METRICS.getOrDefault(name, Map.of()).keySet()) {
      total += valueOf(metric);
    }
    return total;
  }

  /**
   * The request latency p99 in milliseconds: the greatest p99 among the readers' histograms, an
   * upper bound of the p99 over all requests (quantiles of parts do not combine exactly).
   */
  static double maxP99() {
    double max = finishedP99;
    for (Histogram histogram : LATENCIES.keySet()) {
      max = Math.max(max, p99(histogram));
    }
    return max;
  }

  private static double p99(Histogram histogram) {
    return histogram.getCount() == 0 ? 0 : histogram.getStatistics().getQuantile(0.99);
  }

  private static long valueOf(Metric metric) {
    if (metric instanceof Counter counter) {
      return counter.getCount();
    }
    if (metric instanceof Gauge<?> gauge && gauge.getValue() instanceof Number number) {
      return number.longValue();
    }
    return 0;
  }

  /** Forgets everything, so a new job's figures do not include the last job's. */
  static void reset() {
    METRICS.clear();
    FINISHED.clear();
    LATENCIES.clear();
    finishedP99 = 0;
  }
}
