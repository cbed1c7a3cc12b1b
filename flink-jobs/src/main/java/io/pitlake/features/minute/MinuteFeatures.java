package io.pitlake.features.minute;

import javax.annotation.Nullable;

/**
 * One row of {@code gold.bar_features_minute}: a minute's features as known at {@code availableAt}.
 * Instants are epoch milliseconds; a feature whose inputs are not all known is null. The {@code
 * session*} columns are the regular session's running values up to and including this minute (the
 * whole regular session after its close; null before the open).
 */
public record MinuteFeatures(
    String symbol,
    String vendor,
    long eventTime,
    long availableAt,
    long ingestedAt,
    String path,
    int barVersion,
    boolean regularSession,
    double close,
    double volume,
    @Nullable Double ret1m,
    @Nullable Double ret5m,
    @Nullable Double ret15m,
    @Nullable Double ret60m,
    @Nullable Double vol30m,
    @Nullable Double vwapDev,
    @Nullable Double volumeShare,
    @Nullable Double sessionOpen,
    @Nullable Double sessionHigh,
    @Nullable Double sessionLow,
    @Nullable Double sessionClose,
    @Nullable Double sessionVolume,
    @Nullable Double sessionVwap) {}
