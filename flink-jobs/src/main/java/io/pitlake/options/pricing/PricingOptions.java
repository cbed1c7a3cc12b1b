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

  public static final ConfigOption<Double> VEGA_FLOOR =
      ConfigOptions.key("options.vega-floor")
          .doubleType()
          .defaultValue(ImpliedVolatility.DEFAULT_RELATIVE_VEGA_FLOOR)
          .withDescription(
              "The smallest vega at which an implied volatility is reported, relative to the"
                  + " spot (vega per 1.00 of volatility divided by the spot); below it a row has"
                  + " iv_reason VEGA_BELOW_FLOOR. A price error e moves the IV by about e / vega:"
                  + " the default 1e-6 suits exact prices (the simulator's); prices rounded to the"
                  + " cent (Polygon's) carry errors up to half a cent, so 0.005 / (floor x spot)"
                  + " is the IV error a floor allows: 5e-3 keeps it under one volatility point"
                  + " from a $100 spot up. Must be > 0.");
}
