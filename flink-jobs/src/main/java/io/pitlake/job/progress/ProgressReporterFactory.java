package io.pitlake.job.progress;

import java.util.Properties;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/** Lets Flink create the {@link ProgressReporter} from {@code metrics.reporter.*} settings. */
public final class ProgressReporterFactory implements MetricReporterFactory {
  @Override
  public MetricReporter createMetricReporter(Properties properties) {
    return new ProgressReporter();
  }
}
