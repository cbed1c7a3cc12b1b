package io.pitlake.adjustment;

import java.time.LocalDate;

/**
 * One version of a raw daily bar and its life in availability time: [{@code validFrom}, {@code
 * validTo}) while it was the newest version (silver.bars_daily's available_at and superseded_at).
 * Instants are epoch milliseconds; {@code validTo} is {@link Long#MAX_VALUE} while newest.
 */
public record RawBarLife(
    int sessionIndex,
    LocalDate sessionDate,
    int version,
    double open,
    double high,
    double low,
    double close,
    double volume,
    long eventTime,
    long ingestedAt,
    long validFrom,
    long validTo) {}
