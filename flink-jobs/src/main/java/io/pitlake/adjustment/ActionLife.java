package io.pitlake.adjustment;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

import java.time.LocalDate;
import javax.annotation.Nullable;

/**
 * One version of a price-changing corporate action, as the adjustment uses it: the backward factor
 * it applies to every session before its ex date, for as long as it is known and in effect.
 *
 * <p>Why a life and not the action's own {@code available_at}: an announced split must not adjust
 * prices before it goes ex, so the adjustment starts at {@code knownFrom} = max(available_at, 00:00
 * New York of the ex date) ({@link AdjustmentKnownAtFunction}) and ends when a newer version of the
 * action replaces it ({@code knownTo}, {@link Long#MAX_VALUE} while it is the newest).
 *
 * @param exDate the first session that trades on the new basis; sessions before it are adjusted
 * @param knownFrom epoch milliseconds
 * @param knownTo epoch milliseconds, exclusive
 * @param splitFactor old shares per new share (split_from / split_to): 0.25 for a 4-for-1; 1 for a
 *     dividend
 * @param dividendFactor the dividend's factor by the chosen {@link DividendMethod}; 1 for a split
 * @param ingestedAt newest fetch time of the action and the close it used, epoch milliseconds
 */
public record ActionLife(
    String actionId,
    int version,
    LocalDate exDate,
    long knownFrom,
    long knownTo,
    double splitFactor,
    double dividendFactor,
    long ingestedAt) {

  public ActionLife {
    checkNotNull(actionId, "actionId must not be null: pass the vendor's action id");
    checkNotNull(exDate, "exDate of action %s must not be null", actionId);
    checkArgument(
        knownFrom < knownTo,
        "action %s v%s: knownFrom %s must be before knownTo %s (drop lives that never started)",
        actionId,
        version,
        knownFrom,
        knownTo);
    checkArgument(
        splitFactor > 0 && dividendFactor > 0,
        "action %s v%s: factors must be positive, got split %s dividend %s",
        actionId,
        version,
        splitFactor,
        dividendFactor);
  }

  /**
   * The life of a split or cash dividend from its silver columns.
   *
   * @param splitFrom old shares of a split; {@code null} for a dividend
   * @param splitTo new shares of a split; {@code null} for a dividend
   * @param cashAmount per share of a dividend; {@code null} for a split
   * @param method how the dividend adjusts ({@link AdjustmentOptions#DIVIDEND_METHOD})
   * @param dividendClose the raw close {@code method} divides by (the session before the ex date
   *     for {@link DividendMethod#CRSP}, the ex date's for {@link DividendMethod#EX_CLOSE}) as
   *     known at {@code knownFrom}; without it (or with a dividend not below it) the dividend
   *     factor is 1
   */
  public static ActionLife of(
      String actionId,
      int version,
      LocalDate exDate,
      long knownFrom,
      long knownTo,
      @Nullable Double splitFrom,
      @Nullable Double splitTo,
      @Nullable Double cashAmount,
      DividendMethod method,
      @Nullable Double dividendClose,
      long ingestedAt) {
    double split = splitFrom != null && splitTo != null ? splitFrom / splitTo : 1;
    double dividend = cashAmount == null ? 1 : method.factor(cashAmount, dividendClose);
    return new ActionLife(
        actionId, version, exDate, knownFrom, knownTo, split, dividend, ingestedAt);
  }

  boolean liveAt(long instant) {
    return knownFrom <= instant && instant < knownTo;
  }
}
