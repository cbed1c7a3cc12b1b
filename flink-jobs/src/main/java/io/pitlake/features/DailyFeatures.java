package io.pitlake.features;

import javax.annotation.Nullable;

/**
 * One row of {@code gold.bar_features_daily}: session {@code session}'s features as known at {@code
 * availableAt} (epoch milliseconds, like every instant here). Null returns and volatility mean an
 * input they need was not known yet at that instant.
 */
public record DailyFeatures(
    int session,
    long availableAt,
    long eventTime,
    long ingestedAt,
    int barVersion,
    double close,
    double volume,
    double dollarVolume,
    @Nullable Double ret1d,
    @Nullable Double ret5d,
    @Nullable Double ret21d,
    @Nullable Double vol21d,
    int returnsInWindow) {}
