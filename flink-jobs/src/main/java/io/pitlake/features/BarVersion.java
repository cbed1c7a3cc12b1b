package io.pitlake.features;

import javax.annotation.Nullable;

/**
 * One version of one daily bar as {@code silver.bars_daily} holds it: what the per-symbol engine
 * ({@link BarFeaturesEngine}) consumes. Instants are epoch milliseconds.
 *
 * @param session NYSE session index of the bar
 * @param vwap the vendor's volume-weighted price, if it gave one
 */
public record BarVersion(
    String symbol,
    int session,
    int version,
    double close,
    double volume,
    @Nullable Double vwap,
    long eventTime,
    long availableAt,
    long ingestedAt) {

  /** This version as the life that starts now and lasts while it is the newest. */
  BarLife life() {
    return new BarLife(
        session, version, close, volume, vwap, eventTime, ingestedAt, availableAt, Long.MAX_VALUE);
  }
}
