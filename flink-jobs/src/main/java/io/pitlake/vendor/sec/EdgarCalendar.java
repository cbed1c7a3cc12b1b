package io.pitlake.vendor.sec;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.TemporalAdjusters;
import java.util.Map;
import java.util.Optional;

/**
 * The days EDGAR accepts filings: federal workdays. EDGAR keeps the federal government's holidays,
 * not the NYSE's: it is open on Good Friday (an NYSE holiday only) and closed on Columbus Day and
 * Veterans Day (NYSE sessions), and on the days of national mourning the government closed.
 *
 * <p>Federal rules (5 U.S.C. 6103 and OPM's observance rule): a holiday on a Saturday is observed
 * the Friday before (New Year's Day included, so 2021-12-31 was closed), one on a Sunday the Monday
 * after; Juneteenth from 2021.
 */
public final class EdgarCalendar {

  private static final int JUNETEENTH_FIRST_YEAR = 2021;

  /** Closures no rule predicts: national days of mourning, when the government closed. */
  private static final Map<LocalDate, String> MOURNING =
      Map.of(
          LocalDate.of(2004, 6, 11), "Reagan mourning",
          LocalDate.of(2007, 1, 2), "Ford mourning",
          LocalDate.of(2018, 12, 5), "G.H.W. Bush mourning",
          LocalDate.of(2025, 1, 9), "Carter mourning");

  private EdgarCalendar() {}

  /** Whether EDGAR accepts filings on {@code date}. */
  public static boolean isBusinessDay(LocalDate date) {
    return closureName(date).isEmpty();
  }

  /**
   * Why EDGAR is closed on {@code date}: the holiday's name, {@code "Saturday"} or {@code
   * "Sunday"}, empty on a business day.
   */
  public static Optional<String> closureName(LocalDate date) {
    DayOfWeek day = date.getDayOfWeek();
    if (day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY) {
      return Optional.of(day == DayOfWeek.SATURDAY ? "Saturday" : "Sunday");
    }
    String mourning = MOURNING.get(date);
    if (mourning != null) {
      return Optional.of(mourning);
    }
    // The observed New Year's Day of next year can fall on December 31 of this one.
    for (int year = date.getYear(); year <= date.getYear() + 1; year++) {
      String name = holiday(year, date);
      if (name != null) {
        return Optional.of(name);
      }
    }
    return Optional.empty();
  }

  /** The federal holiday of {@code year} observed on {@code date}, or null. */
  private static String holiday(int year, LocalDate date) {
    if (date.equals(observed(LocalDate.of(year, Month.JANUARY, 1)))) {
      return "New Year's Day";
    }
    if (date.getYear() != year) {
      return null;
    }
    if (date.equals(nth(year, Month.JANUARY, 3, DayOfWeek.MONDAY))) {
      return "Martin Luther King Jr. Day";
    }
    if (date.equals(nth(year, Month.FEBRUARY, 3, DayOfWeek.MONDAY))) {
      return "Washington's Birthday";
    }
    if (date.equals(
        LocalDate.of(year, Month.MAY, 1).with(TemporalAdjusters.lastInMonth(DayOfWeek.MONDAY)))) {
      return "Memorial Day";
    }
    if (year >= JUNETEENTH_FIRST_YEAR
        && date.equals(observed(LocalDate.of(year, Month.JUNE, 19)))) {
      return "Juneteenth";
    }
    if (date.equals(observed(LocalDate.of(year, Month.JULY, 4)))) {
      return "Independence Day";
    }
    if (date.equals(nth(year, Month.SEPTEMBER, 1, DayOfWeek.MONDAY))) {
      return "Labor Day";
    }
    if (date.equals(nth(year, Month.OCTOBER, 2, DayOfWeek.MONDAY))) {
      return "Columbus Day";
    }
    if (date.equals(observed(LocalDate.of(year, Month.NOVEMBER, 11)))) {
      return "Veterans Day";
    }
    if (date.equals(nth(year, Month.NOVEMBER, 4, DayOfWeek.THURSDAY))) {
      return "Thanksgiving Day";
    }
    if (date.equals(observed(LocalDate.of(year, Month.DECEMBER, 25)))) {
      return "Christmas Day";
    }
    return null;
  }

  private static LocalDate observed(LocalDate holiday) {
    return switch (holiday.getDayOfWeek()) {
      case SATURDAY -> holiday.minusDays(1);
      case SUNDAY -> holiday.plusDays(1);
      default -> holiday;
    };
  }

  private static LocalDate nth(int year, Month month, int ordinal, DayOfWeek day) {
    return LocalDate.of(year, month, 1).with(TemporalAdjusters.dayOfWeekInMonth(ordinal, day));
  }
}
