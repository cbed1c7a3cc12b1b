package io.pitlake.features;

import static org.apache.flink.util.Preconditions.checkArgument;

import javax.annotation.Nullable;

/**
 * One version of one daily bar over the span of availability time in which it was the newest
 * version: {@code [validFrom, validTo)}, in epoch milliseconds. Gold features at instant k use, for
 * every session, the life that contains k, which is exactly what a live system knew at k.
 *
 * @param session NYSE session index of the bar
 * @param vwap the vendor's volume-weighted price, if it gave one
 * @param validTo the next version's {@code available_at}, or {@link Long#MAX_VALUE} while newest
 */
public record BarLife(
    int session,
    int version,
    double close,
    double volume,
    @Nullable Double vwap,
    long eventTime,
    long ingestedAt,
    long validFrom,
    long validTo) {

  public BarLife {
    checkArgument(
        validFrom < validTo,
        "life of session %s version %s is empty: valid_from %s >= valid_to %s",
        session,
        version,
        validFrom,
        validTo);
  }

  boolean contains(long instant) {
    return validFrom <= instant && instant < validTo;
  }
}
