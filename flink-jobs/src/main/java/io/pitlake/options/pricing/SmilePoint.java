package io.pitlake.options.pricing;

import static org.apache.flink.util.Preconditions.checkArgument;

/**
 * One solved contract of one expiry, placed on the smile by both coordinates the surface uses.
 *
 * @param logMoneyness {@code ln(K/F)}, F the forward of the escrowed spot to the expiry
 * @param delta the contract's Black-Scholes-Merton delta (calls 0..1, puts -1..0)
 * @param volatility its implied volatility, a solved one ({@link IvResult#isSolved()})
 */
public record SmilePoint(double logMoneyness, double delta, double volatility) {

  public SmilePoint {
    checkArgument(
        Double.isFinite(logMoneyness) && Double.isFinite(delta),
        "logMoneyness and delta must be finite, got %s and %s",
        logMoneyness,
        delta);
    checkArgument(
        volatility > 0 && Double.isFinite(volatility),
        "volatility must be positive and finite, got %s; pass only solved IVs (IvResult.isSolved)",
        volatility);
  }
}
