package io.pitlake.adjustment;

import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;

/** Settings of the point-in-time adjustment ({@code adjustment.*} in a config file). */
public final class AdjustmentOptions {

  private AdjustmentOptions() {}

  public static final ConfigOption<DividendMethod> DIVIDEND_METHOD =
      ConfigOptions.key("adjustment.dividend-method")
          .enumType(DividendMethod.class)
          .defaultValue(DividendMethod.CRSP)
          .withDescription(
              "How a cash dividend D with ex date e adjusts earlier prices: 'crsp' (the default)"
                  + " multiplies them by 1 - D / close(e-1) and is known when the dividend is;"
                  + " 'ex-close' multiplies them by close(e) / (close(e) + D), as Tiingo's and Quandl"
                  + " WIKI's adjusted closes do, and is known only once bar e is available.");

  /**
   * The job's dividend method from its global job parameters, where {@code SqlEnvironments} puts
   * it, so one SQL file serves both methods.
   */
  public static DividendMethod dividendMethod(Map<String, String> jobParameters) {
    String key = DIVIDEND_METHOD.key();
    String value = jobParameters.getOrDefault(key, DIVIDEND_METHOD.defaultValue().toString());
    return Configuration.fromMap(Map.of(key, value)).get(DIVIDEND_METHOD);
  }
}
