package io.pitlake.adjustment;

/**
 * A row of {@code gold.bars_daily_adjusted}: one bar version under one factor, valid during [{@code
 * availableAt}, {@code supersededAt}) (epoch milliseconds, {@link Long#MAX_VALUE} while current).
 * Split-adjusted prices are raw × {@code splitFactor} and the volume raw / {@code splitFactor};
 * total-return prices are raw × {@code totalFactor}.
 */
public record AdjustedBar(
    RawBarLife bar,
    long availableAt,
    long supersededAt,
    double splitFactor,
    double totalFactor,
    long ingestedAt) {

  public double splitAdjusted(double rawPrice) {
    return rawPrice * splitFactor;
  }

  public double splitAdjustedVolume() {
    return bar.volume() / splitFactor;
  }

  public double totalAdjusted(double rawPrice) {
    return rawPrice * totalFactor;
  }
}
