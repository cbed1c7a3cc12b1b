package io.pitlake.options.pricing;

import static org.apache.flink.util.Preconditions.checkNotNull;

import io.pitlake.time.NyseCalendar;
import io.pitlake.time.TradingSession;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;

/**
 * Time to expiry in years, ACT/365, from a session's close to the expiration's close.
 *
 * <p>Why from the close: the gold features price an option against the underlying's close of the
 * session, so the clock starts where that price was taken: 16:00 New York, or 13:00 on an NYSE
 * early close ({@link NyseCalendar}). Why ACT/365 of actual elapsed time rather than trading days:
 * the rate and dividends accrue over calendar time, and listed-option practice quotes implied
 * volatility on a 365-day year. Measuring instants (not dates) makes a DST change count its real 23
 * or 25 hours and an early close count its extra three.
 *
 * <p>The expiration's close is that date's session close (13:00 if it is an early close). An
 * expiration date that is not a session (a contract listed for a day that later became a closure)
 * uses 16:00 New York on that date, as the contract terms fix it.
 */
public final class TimeToExpiry {

  /** The ACT/365 day count's year. */
  public static final double DAYS_PER_YEAR = 365.0;

  private static final double SECONDS_PER_YEAR = DAYS_PER_YEAR * 24 * 60 * 60;
  private static final LocalTime REGULAR_CLOSE = LocalTime.of(16, 0);

  private TimeToExpiry() {}

  /**
   * Years from {@code session}'s close to {@code expiry}'s close; 0 on the expiration day itself
   * and after it, which the solver reports as {@link IvReason#EXPIRED} and the gold table as NULL
   * features.
   *
   * @throws IllegalArgumentException if {@code session} is not an NYSE session: features exist per
   *     session only, so another date is a caller's bug
   */
  public static double years(LocalDate session, LocalDate expiry) {
    checkNotNull(session, "session must not be null; pass the pricing session's date");
    checkNotNull(expiry, "expiry must not be null; pass the contract's expiration date");
    NyseCalendar calendar = NyseCalendar.instance();
    Instant from =
        calendar
            .session(session)
            .map(TradingSession::close)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        String.format(
                            "%s is not an NYSE session (%s); time to expiry starts at a session's close,"
                                + " so pass a session date",
                            session, calendar.closureName(session).orElse("closed"))));
    if (!expiry.isAfter(session)) {
      return 0;
    }
    Instant to =
        calendar
            .session(expiry)
            .map(TradingSession::close)
            .orElseGet(
                () -> ZonedDateTime.of(expiry, REGULAR_CLOSE, NyseCalendar.ZONE).toInstant());
    return Duration.between(from, to).getSeconds() / SECONDS_PER_YEAR;
  }
}
