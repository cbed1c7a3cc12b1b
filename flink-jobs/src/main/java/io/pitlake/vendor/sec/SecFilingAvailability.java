package io.pitlake.vendor.sec;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

import io.pitlake.time.NyseCalendar;
import io.pitlake.time.TradingSession;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import javax.annotation.Nullable;

/**
 * When the content of an EDGAR filing became knowable: its acceptance time, read as New York wall
 * clock, plus {@code sec.publication-delay}; without an acceptance time, the open of the first NYSE
 * session after its filing date.
 *
 * <p>EDGAR's {@code acceptanceDateTime} ends in {@code Z} but is Eastern time: Tesla's 10-K
 * accepted {@code 2022-02-04T20:11:27.000Z} has filing date 2022-02-07, which only fits 20:11 New
 * York on a Friday, after EDGAR's 17:30 cut-off (read as UTC it would be 15:11, before the cut-off,
 * and dated the same day). The {@code Z} is therefore ignored (sec-edgar.md).
 *
 * <p>A filing date alone says the filing was accepted at the latest that evening (EDGAR dates a
 * filing accepted after the cut-off on the next business day, so it can be a day earlier, never
 * later). The first instant that is surely after it, and at which anyone could trade on it, is the
 * open of the next session after the filing date: conservative, at the cost of up to a day. The
 * same rule serves FMP's statements, whose dates are EDGAR's.
 */
public final class SecFilingAvailability implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The longest run of days without a session (weekend plus holidays) has margin to spare. */
  private static final int MAX_DAYS_TO_NEXT_SESSION = 10;

  private final Duration publicationDelay;

  /**
   * @param publicationDelay the value of {@code sec.publication-delay} (or FMP's), not negative
   */
  public SecFilingAvailability(Duration publicationDelay) {
    checkNotNull(publicationDelay, "publication delay must not be null");
    checkArgument(
        !publicationDelay.isNegative(),
        "the publication delay must not be negative, got %s: set %s to 0 or more",
        publicationDelay,
        SecOptions.PUBLICATION_DELAY.key());
    this.publicationDelay = publicationDelay;
  }

  /**
   * EDGAR's acceptance time as the New York wall clock it is, ignoring the trailing {@code Z}:
   * {@code 2022-02-04T20:11:27.000Z} is 20:11:27 New York.
   *
   * @throws IllegalArgumentException if {@code text} is not {@code YYYY-MM-DDTHH:MM:SS[.fff][Z]}
   */
  public static LocalDateTime acceptanceWallClock(String text) {
    checkArgument(text != null, "acceptanceDateTime must not be null");
    String local = text.endsWith("Z") ? text.substring(0, text.length() - 1) : text;
    try {
      return LocalDateTime.parse(local);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          String.format("acceptanceDateTime '%s' is not EDGAR's YYYY-MM-DDTHH:MM:SS.000Z", text),
          e);
    }
  }

  /**
   * The instant a filing's content became knowable.
   *
   * @param filingDate EDGAR's filing date
   * @param acceptanceWallClock the acceptance time in New York, or {@code null} if unknown
   */
  public Instant availableAt(LocalDate filingDate, @Nullable LocalDateTime acceptanceWallClock) {
    checkNotNull(filingDate, "filingDate must not be null");
    if (acceptanceWallClock != null) {
      return acceptanceWallClock.atZone(NyseCalendar.ZONE).toInstant().plus(publicationDelay);
    }
    return nextSessionOpen(filingDate);
  }

  /** The open of the first session strictly after {@code date}. */
  static Instant nextSessionOpen(LocalDate date) {
    NyseCalendar calendar = NyseCalendar.instance();
    for (int days = 1; days <= MAX_DAYS_TO_NEXT_SESSION; days++) {
      Optional<TradingSession> session = calendar.session(date.plusDays(days));
      if (session.isPresent()) {
        return session.get().open();
      }
    }
    throw new IllegalArgumentException(
        String.format("no NYSE session within %d days after %s", MAX_DAYS_TO_NEXT_SESSION, date));
  }
}
