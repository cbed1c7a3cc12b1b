package io.pitlake.options.pricing;

import static org.apache.flink.util.Preconditions.checkNotNull;

import java.io.Serializable;
import java.nio.file.Path;
import java.time.LocalDate;
import org.apache.flink.configuration.ReadableConfig;

/**
 * The continuously compounded risk-free rate for a tenor, as known at a date.
 *
 * <p>An interface because a constant and a user's point-in-time curve answer the same question and
 * pricing code should not care which it has. {@link Serializable} so that Flink functions can hold
 * one.
 */
public interface RiskFreeCurve extends Serializable {

  /**
   * The rate for {@code tenorDays} calendar days as known at {@code asOf}: a continuously
   * compounded decimal per year.
   *
   * @throws IllegalArgumentException if nothing is known at {@code asOf} (before a curve's first
   *     date); the message names the file and the fix
   */
  double rate(LocalDate asOf, double tenorDays);

  /** The same rate at every date and tenor. */
  static RiskFreeCurve constant(double rate) {
    return new ConstantRate(rate);
  }

  /**
   * The curve the configuration asks for: {@link PricingOptions#RISK_FREE_CURVE} read from its CSV
   * if set, otherwise the constant {@link PricingOptions#RISK_FREE_RATE}.
   *
   * @throws IllegalArgumentException if both are set, or the CSV is unreadable or malformed
   */
  static RiskFreeCurve fromConfig(ReadableConfig config) {
    checkNotNull(config, "config must not be null");
    return config
        .getOptional(PricingOptions.RISK_FREE_CURVE)
        .<RiskFreeCurve>map(
            path -> {
              if (config.getOptional(PricingOptions.RISK_FREE_RATE).isPresent()) {
                throw new IllegalArgumentException(
                    String.format(
                        "both %s and %s are set; remove one (the curve replaces the constant)",
                        PricingOptions.RISK_FREE_CURVE.key(), PricingOptions.RISK_FREE_RATE.key()));
              }
              return CsvRateCurve.read(Path.of(path));
            })
        .orElseGet(() -> constant(config.get(PricingOptions.RISK_FREE_RATE)));
  }
}
