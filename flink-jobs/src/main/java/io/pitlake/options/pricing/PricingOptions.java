package io.pitlake.options.pricing;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Settings of option pricing ({@code options.*} in a config file). */
public final class PricingOptions {

  private PricingOptions() {}

  public static final ConfigOption<Double> RISK_FREE_RATE =
      ConfigOptions.key("options.risk-free-rate")
          .doubleType()
          .defaultValue(0.0)
          .withDescription(
              "Constant risk-free rate for option pricing and implied volatility: a continuously"
                  + " compounded decimal per year (0.05 is 5%). The default 0 is a visible"
                  + " assumption, not an estimate: set the rate of the period, or use"
                  + " options.risk-free-curve. Not allowed together with the curve.");

  public static final ConfigOption<String> RISK_FREE_CURVE =
      ConfigOptions.key("options.risk-free-curve")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Path of a CSV risk-free curve with the header date,tenor_days,rate: one row per"
                  + " date the rate became known (ISO date), tenor in calendar days and"
                  + " continuously compounded decimal rate. Each pricing date uses the newest curve"
                  + " dated on or before it, interpolated linearly in tenor and flat beyond its"
                  + " shortest and longest tenor. Replaces options.risk-free-rate.");
}
