package io.pitlake.time;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Every NYSE session of the supported range, computed once from {@link NyseRules}.
 *
 * <p>A flat table keyed by day offset makes {@code isSession} and {@code sessionAt} O(1) and the
 * range queries a binary search; the whole century is about 25,000 sessions (a few hundred KB),
 * cheap enough to build in full the first time the calendar is used. Immutable after construction,
 * so it is safe to share between threads.
 */
final class SessionTable {

  private final LocalDate first;

  /** Session index for each day offset from {@code first}, or -1 when the exchange is closed. */
  private final int[] sessionIndexByDay;

  /** Epoch day of each session, ascending. */
  private final long[] sessionEpochDays;

  /** Session indexes that close early. */
  private final BitSet earlyCloses;

  /** Weekday closures with their names. */
  private final Map<LocalDate, String> closureNames;

  private SessionTable(
      LocalDate first,
      int[] sessionIndexByDay,
      long[] sessionEpochDays,
      BitSet earlyCloses,
      Map<LocalDate, String> closureNames) {
    this.first = first;
    this.sessionIndexByDay = sessionIndexByDay;
    this.sessionEpochDays = sessionEpochDays;
    this.earlyCloses = earlyCloses;
    this.closureNames = closureNames;
  }

  static SessionTable build(LocalDate first, LocalDate last) {
    Map<LocalDate, String> closures = new HashMap<>();
    BitSet early = new BitSet();
    int days = Math.toIntExact(last.toEpochDay() - first.toEpochDay() + 1);
    int[] indexByDay = new int[days];
    long[] epochDays = new long[days];
    int sessions = 0;
    Map<LocalDate, String> yearClosures = Map.of();
    Set<LocalDate> yearEarlyCloses = Set.of();
    for (int offset = 0; offset < days; offset++) {
      LocalDate day = first.plusDays(offset);
      if (offset == 0 || day.getDayOfYear() == 1) {
        yearClosures = NyseRules.closures(day.getYear());
        yearEarlyCloses = NyseRules.earlyCloses(day.getYear());
        closures.putAll(yearClosures);
      }
      if (isWeekend(day) || yearClosures.containsKey(day)) {
        indexByDay[offset] = -1;
      } else {
        if (yearEarlyCloses.contains(day)) {
          early.set(sessions);
        }
        indexByDay[offset] = sessions;
        epochDays[sessions++] = day.toEpochDay();
      }
    }
    return new SessionTable(
        first, indexByDay, Arrays.copyOf(epochDays, sessions), early, Map.copyOf(closures));
  }

  /** The session index of {@code date}, or -1 if it is not a session; the date must be in range. */
  int indexOf(LocalDate date) {
    return sessionIndexByDay[(int) (date.toEpochDay() - first.toEpochDay())];
  }

  int sessionCount() {
    return sessionEpochDays.length;
  }

  LocalDate dateAt(int index) {
    return LocalDate.ofEpochDay(sessionEpochDays[index]);
  }

  boolean isEarlyClose(int index) {
    return earlyCloses.get(index);
  }

  /** Index of the first session on or after {@code date} (may equal {@link #sessionCount()}). */
  int firstIndexOnOrAfter(LocalDate date) {
    int found = Arrays.binarySearch(sessionEpochDays, date.toEpochDay());
    return found >= 0 ? found : -found - 1;
  }

  String closureName(LocalDate date) {
    return closureNames.get(date);
  }

  static boolean isWeekend(LocalDate date) {
    DayOfWeek day = date.getDayOfWeek();
    return day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY;
  }
}
