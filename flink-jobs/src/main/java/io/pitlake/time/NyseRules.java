package io.pitlake.time;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.TemporalAdjusters;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The NYSE holiday and early-close rules for one year, as documented in {@code nyse-calendar.md}
 * (pandas_market_calendars, jollyday and the NYSE's published lists).
 *
 * <p>Rules rather than a table so that every year of the supported range is covered without
 * maintaining a list; the ad-hoc closures (mourning days, 9/11, Hurricane Sandy) are the only
 * hard-coded dates. Weekends are not listed here: they are closed by definition.
 */
final class NyseRules {

  /** Full-day closures that no rule predicts, all since 2000. */
  private static final Map<LocalDate, String> SPECIAL_CLOSURES =
      Map.of(
          LocalDate.of(2001, 9, 11), "September 11 attacks",
          LocalDate.of(2001, 9, 12), "September 11 attacks",
          LocalDate.of(2001, 9, 13), "September 11 attacks",
          LocalDate.of(2001, 9, 14), "September 11 attacks",
          LocalDate.of(2004, 6, 11), "Reagan mourning",
          LocalDate.of(2007, 1, 2), "Ford mourning",
          LocalDate.of(2012, 10, 29), "Hurricane Sandy",
          LocalDate.of(2012, 10, 30), "Hurricane Sandy",
          LocalDate.of(2018, 12, 5), "G.H.W. Bush mourning",
          LocalDate.of(2025, 1, 9), "Carter mourning");

  /** Early closes that no rule predicts (2013-07-03 is also covered by the Wednesday rule). */
  private static final Set<LocalDate> SPECIAL_EARLY_CLOSES =
      Set.of(LocalDate.of(2003, 12, 26), LocalDate.of(2013, 7, 3));

  private static final Set<DayOfWeek> MONDAY_TO_THURSDAY =
      EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY);

  private static final int JUNETEENTH_FIRST_YEAR = 2022;
  private static final int JULY_3_WEDNESDAY_FIRST_YEAR = 2013;

  private NyseRules() {}

  /** Weekday full-day closures of {@code year}, by date, with the holiday's name. */
  static Map<LocalDate, String> closures(int year) {
    Map<LocalDate, String> closures = new TreeMap<>();
    LocalDate newYear = LocalDate.of(year, Month.JANUARY, 1);
    // A Saturday New Year's Day is not observed: the Friday before is a normal session.
    if (newYear.getDayOfWeek() != DayOfWeek.SATURDAY) {
      closures.put(observed(newYear), "New Year's Day");
    }
    closures.put(
        nthWeekday(year, Month.JANUARY, 3, DayOfWeek.MONDAY), "Martin Luther King Jr. Day");
    closures.put(nthWeekday(year, Month.FEBRUARY, 3, DayOfWeek.MONDAY), "Washington's Birthday");
    closures.put(easterSunday(year).minusDays(2), "Good Friday");
    closures.put(
        LocalDate.of(year, Month.MAY, 1).with(TemporalAdjusters.lastInMonth(DayOfWeek.MONDAY)),
        "Memorial Day");
    if (year >= JUNETEENTH_FIRST_YEAR) {
      closures.put(observed(LocalDate.of(year, Month.JUNE, 19)), "Juneteenth");
    }
    closures.put(observed(LocalDate.of(year, Month.JULY, 4)), "Independence Day");
    closures.put(nthWeekday(year, Month.SEPTEMBER, 1, DayOfWeek.MONDAY), "Labor Day");
    closures.put(thanksgiving(year), "Thanksgiving Day");
    closures.put(observed(LocalDate.of(year, Month.DECEMBER, 25)), "Christmas Day");
    SPECIAL_CLOSURES.forEach(
        (date, name) -> {
          if (date.getYear() == year) {
            closures.put(date, name);
          }
        });
    return closures;
  }

  /**
   * Days of {@code year} that close at 13:00 if they are sessions. The caller drops any that are
   * closed (none are, under the current rules, but a future ad-hoc closure could be).
   */
  static Set<LocalDate> earlyCloses(int year) {
    Set<LocalDate> early = new HashSet<>(SPECIAL_EARLY_CLOSES);
    early.removeIf(date -> date.getYear() != year);

    LocalDate july3 = LocalDate.of(year, Month.JULY, 3);
    DayOfWeek july3Day = july3.getDayOfWeek();
    if (july3Day == DayOfWeek.MONDAY
        || july3Day == DayOfWeek.TUESDAY
        || july3Day == DayOfWeek.THURSDAY
        || (july3Day == DayOfWeek.WEDNESDAY && year >= JULY_3_WEDNESDAY_FIRST_YEAR)) {
      early.add(july3);
    }
    // Before 2013 a Thursday Independence Day moved the early close to Friday July 5.
    LocalDate july4 = july3.plusDays(1);
    if (year < JULY_3_WEDNESDAY_FIRST_YEAR && july4.getDayOfWeek() == DayOfWeek.THURSDAY) {
      early.add(july4.plusDays(1));
    }
    early.add(thanksgiving(year).plusDays(1));
    LocalDate christmasEve = LocalDate.of(year, Month.DECEMBER, 24);
    if (MONDAY_TO_THURSDAY.contains(christmasEve.getDayOfWeek())) {
      early.add(christmasEve);
    }
    return early;
  }

  /** Gregorian Easter Sunday by the anonymous (Meeus/Jones/Butcher) computus. */
  static LocalDate easterSunday(int year) {
    int a = year % 19;
    int b = year / 100;
    int c = year % 100;
    int d = b / 4;
    int e = b % 4;
    int f = (b + 8) / 25;
    int g = (b - f + 1) / 3;
    int h = (19 * a + b - d - g + 15) % 30;
    int i = c / 4;
    int k = c % 4;
    int l = (32 + 2 * e + 2 * i - h - k) % 7;
    int m = (a + 11 * h + 22 * l) / 451;
    int month = (h + l - 7 * m + 114) / 31;
    int day = ((h + l - 7 * m + 114) % 31) + 1;
    return LocalDate.of(year, month, day);
  }

  /** Saturday holidays are observed on Friday, Sunday holidays on Monday. */
  private static LocalDate observed(LocalDate holiday) {
    return switch (holiday.getDayOfWeek()) {
      case SATURDAY -> holiday.minusDays(1);
      case SUNDAY -> holiday.plusDays(1);
      default -> holiday;
    };
  }

  private static LocalDate thanksgiving(int year) {
    return nthWeekday(year, Month.NOVEMBER, 4, DayOfWeek.THURSDAY);
  }

  private static LocalDate nthWeekday(int year, Month month, int ordinal, DayOfWeek day) {
    return LocalDate.of(year, month, 1).with(TemporalAdjusters.dayOfWeekInMonth(ordinal, day));
  }
}
