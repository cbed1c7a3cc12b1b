package io.pitlake.features.library;

import static org.apache.flink.util.Preconditions.checkArgument;

import java.time.LocalDate;

/**
 * The splits and dividends of one ex date, as known at the row's instant: raw prices of sessions
 * before {@code exDate} are multiplied by {@code factor} (and volumes divided by it) to reach the
 * basis of a session on or after it (FEATURES.md §0).
 *
 * @param factor the product of the ex date's actions' factors, e.g. 0.25 for a 4-for-1 split
 */
public record ExFactor(LocalDate exDate, double factor) {

  public ExFactor {
    checkArgument(
        factor > 0 && Double.isFinite(factor),
        "factor of ex date %s is %s: a factor must be positive and finite (check"
            + " gold.adjustment_factors)",
        exDate,
        factor);
  }
}
