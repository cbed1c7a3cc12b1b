package io.pitlake.options.pricing;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Collection;

/**
 * The escrowed-dividend model: the spot the pricer sees is the quoted price less the present value
 * of the cash dividends the holder of the stock receives before the option expires.
 *
 * <p>Why this model: a discrete dividend drops the stock by its amount on the ex date, which the
 * plain Black-Scholes-Merton formula cannot represent; removing the dividends' present value from
 * the spot keeps the formula (and put-call parity {@code C - P = S - PV(D) - K·exp(-r·t)}) exact
 * for the escrowed part, and is the standard practitioner convention. A continuous yield would
 * smear a known, dated amount over the whole life of the option.
 *
 * <p>Which dividends count: those with {@code session < exDate <= expiry}. A dividend going ex on
 * the pricing session is already out of that session's close; one going ex on the expiration date
 * is out of the price at the expiry's close, so it counts. Each is discounted at the given rate
 * over ACT/365 calendar days from the session to its ex date.
 */
public final class EscrowedDividends {

  private EscrowedDividends() {}

  /**
   * {@code spot} minus the present value of the dividends in {@code (session, expiry]}.
   *
   * @param spot the underlying's raw close on {@code session} (not adjusted for later actions)
   * @param dividends the dividends known at the pricing instant, in any order; others are ignored
   * @param rate continuously compounded risk-free rate used to discount each dividend
   * @return the escrowed spot; may be <= 0 only if the dividends exceed the price, which {@link
   *     OptionInputs} rejects
   */
  public static double spot(
      double spot,
      LocalDate session,
      LocalDate expiry,
      Collection<CashDividend> dividends,
      double rate) {
    checkNotNull(session, "session must not be null; pass the pricing session's date");
    checkNotNull(expiry, "expiry must not be null; pass the contract's expiration date");
    checkNotNull(dividends, "dividends must not be null; pass an empty list when there are none");
    checkArgument(
        spot > 0 && Double.isFinite(spot),
        "spot must be positive and finite, got %s; check the underlying's close",
        spot);
    double presentValue = 0;
    for (CashDividend dividend : dividends) {
      LocalDate exDate = dividend.exDate();
      if (exDate.isAfter(session) && !exDate.isAfter(expiry)) {
        double years = ChronoUnit.DAYS.between(session, exDate) / TimeToExpiry.DAYS_PER_YEAR;
        presentValue += dividend.amount() * Math.exp(-rate * years);
      }
    }
    return spot - presentValue;
  }
}
