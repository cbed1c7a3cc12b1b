package io.pitlake.panel;

import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;

/** Settings of the research panel ({@code panel.*} in a config file). */
public final class PanelOptions {

  private PanelOptions() {}

  public static final ConfigOption<Duration> DECISION_OFFSET =
      ConfigOptions.key("panel.decision-offset")
          .durationType()
          .defaultValue(Duration.ZERO)
          .withDescription(
              "A session's decision instant in gold.panel_daily, after its close (16:00 New York,"
                  + " 13:00 on an early close): the fundamentals of a session's row are those known"
                  + " at that instant. Negative decides before the close, e.g. -PT30M.");

  /**
   * The job's decision offset from its global job parameters, where {@code SqlEnvironments} puts
   * it, so one SQL file serves every offset.
   */
  public static Duration decisionOffset(Map<String, String> jobParameters) {
    String key = DECISION_OFFSET.key();
    String value = jobParameters.get(key);
    return value == null
        ? DECISION_OFFSET.defaultValue()
        : Configuration.fromMap(Map.of(key, value)).get(DECISION_OFFSET);
  }
}
