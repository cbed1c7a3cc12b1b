package io.pitlake.options.pricing;

import static org.apache.flink.util.Preconditions.checkArgument;

/**
 * One expiry's at-the-money implied volatility, for interpolation across expiries.
 *
 * @param years the expiry's time to expiry ({@link TimeToExpiry}), > 0
 * @param volatility its ATM implied volatility ({@link VolatilitySurface#atTheMoney})
 */
public record TermPoint(double years, double volatility) {

  public TermPoint {
    checkArgument(
        years > 0 && Double.isFinite(years),
        "years must be positive and finite, got %s; an expiring expiry has no ATM volatility",
        years);
    checkArgument(
        volatility > 0 && Double.isFinite(volatility),
        "volatility must be positive and finite, got %s",
        volatility);
  }

  /** {@code σ²·t}, the quantity that is linear in time for a flat forward volatility. */
  double totalVariance() {
    return volatility * volatility * years;
  }
}
