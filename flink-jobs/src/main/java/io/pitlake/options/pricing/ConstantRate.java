package io.pitlake.options.pricing;

import static org.apache.flink.util.Preconditions.checkArgument;

import java.time.LocalDate;

/** A flat rate at every date and tenor ({@code options.risk-free-rate}). */
record ConstantRate(double value) implements RiskFreeCurve {

  ConstantRate {
    checkArgument(
        Double.isFinite(value),
        "the risk-free rate must be finite, got %s; set %s to a decimal such as 0.05",
        value,
        PricingOptions.RISK_FREE_RATE.key());
  }

  @Override
  public double rate(LocalDate asOf, double tenorDays) {
    return value;
  }
}
