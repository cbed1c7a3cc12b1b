package io.pitlake.vendor.polygon;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

import io.pitlake.time.NyseCalendar;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Optional;
import javax.annotation.Nullable;

/**
 * When a Polygon daily bar became knowable: the end of the window it aggregates plus the vendor's
 * publication delay.
 *
 * <p>Polygon's daily bar covers pre-market, regular and after-hours trading (polygon.md: "windows
 * include pre-market and after-hours"), so its high, low, volume and VWAP are final only after the
 * after-hours session ends: 20:00 America/New_York, or 17:00 on an early-close day. Using the 16:00
 * close instead would let a backtest see after-hours trading it could not have known.
 */
public final class PolygonDailyBarAvailability implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final LocalTime EXTENDED_CLOSE = LocalTime.of(20, 0);

  private final Duration publicationDelay;

  public PolygonDailyBarAvailability(Duration publicationDelay) {
    checkNotNull(publicationDelay, "publication delay must not be null");
    checkArgument(
        !publicationDelay.isNegative(),
        "polygon.aggs-day.publication-delay must not be negative, got %s",
        publicationDelay);
    this.publicationDelay = publicationDelay;
  }

  /**
   * The first-version availability of the bar for {@code date}. A bar dated on a closed day is
   * invalid and will be quarantined, but still gets a defined instant: 20:00 that day.
   */
  public Instant availableAt(LocalDate date) {
    NyseCalendar calendar = NyseCalendar.instance();
    Instant windowEnd =
        calendar.isSession(date)
            ? calendar.extendedClose(date)
            : date.atTime(EXTENDED_CLOSE).atZone(NyseCalendar.ZONE).toInstant();
    return windowEnd.plus(publicationDelay);
  }

  /**
   * The newest session whose bar is available at {@code now}: what a live run can fetch by then.
   * {@code null} when {@code now} is before the calendar's first session's bar.
   */
  @Nullable
  public LocalDate newestAvailableSession(Instant now) {
    NyseCalendar calendar = NyseCalendar.instance();
    LocalDate day = LocalDate.ofInstant(now, NyseCalendar.ZONE);
    if (day.isAfter(NyseCalendar.LAST_SUPPORTED_DATE)) {
      day = NyseCalendar.LAST_SUPPORTED_DATE;
    }
    Optional<LocalDate> session =
        calendar.isSession(day) ? Optional.of(day) : calendar.previousSession(day);
    while (session.isPresent() && availableAt(session.get()).isAfter(now)) {
      session = calendar.previousSession(session.get());
    }
    return session.orElse(null);
  }
}
