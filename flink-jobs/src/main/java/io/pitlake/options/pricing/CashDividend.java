package io.pitlake.options.pricing;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

import java.time.LocalDate;

/**
 * One discrete cash dividend as known at the pricing instant: the date the underlying goes ex and
 * the amount per share, in the same price basis as the spot it is subtracted from.
 *
 * @param exDate the first session the underlying trades without the dividend
 * @param amount cash per share, >= 0
 */
public record CashDividend(LocalDate exDate, double amount) {

  public CashDividend {
    checkNotNull(exDate, "exDate must not be null; pass the dividend's ex-dividend date");
    checkArgument(
        amount >= 0 && Double.isFinite(amount),
        "dividend amount must be >= 0 and finite, got %s for ex date %s; check the dividend feed",
        amount,
        exDate);
  }
}
