package io.pitlake.vendor;

import io.pitlake.time.NyseCalendar;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Instants of New York calendar days, the unit in which vendors date corporate actions,
 * announcements and reference data.
 *
 * <p>A vendor date without a time says only "some time that day". Availability rules therefore use
 * the end of a day for when something was announced (it may have come out after the close) and the
 * start of a day for when something took effect (the exchange had published it before the open).
 */
public final class MarketDates {

  private MarketDates() {}

  /** 00:00 America/New_York on {@code date}. */
  public static Instant startOfDay(LocalDate date) {
    return date.atStartOfDay(NyseCalendar.ZONE).toInstant();
  }

  /** 00:00 America/New_York on the day after {@code date}: no part of {@code date} is later. */
  public static Instant endOfDay(LocalDate date) {
    return startOfDay(date.plusDays(1));
  }
}
