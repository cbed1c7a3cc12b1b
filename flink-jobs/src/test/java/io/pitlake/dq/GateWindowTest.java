package io.pitlake.dq;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.time.NewYorkDateFunction;
import io.pitlake.time.NyseCalendar;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class GateWindowTest {

  @Test
  @DisplayName("the window begins a number of NYSE sessions before the earliest audited day")
  void countsSessionsNotDays() {
    // 2024-06-12 (Wed): 06-11, 06-10, then the weekend, 06-07, 06-06.
    assertThat(GateWindow.sessionsBefore(LocalDate.parse("2024-06-12"), 4))
        .isEqualTo(LocalDate.parse("2024-06-06"));
    // Juneteenth 2024 (Wed) is no session.
    assertThat(GateWindow.sessionsBefore(LocalDate.parse("2024-06-20"), 1))
        .isEqualTo(LocalDate.parse("2024-06-18"));
    assertThat(GateWindow.sessionsBefore(LocalDate.parse("2024-06-12"), 0))
        .isEqualTo(LocalDate.parse("2024-06-12"));
  }

  @Test
  @DisplayName("before the calendar's first session the window is the calendar's start")
  void stopsAtTheCalendarsStart() {
    assertThat(GateWindow.sessionsBefore(LocalDate.parse("2000-01-04"), 5))
        .isEqualTo(NyseCalendar.FIRST_SUPPORTED_DATE);
  }

  @Test
  @DisplayName(
      "the event_time bound is New York's midnight: it keeps every minute of the window's days and"
          + " none before, in winter and in summer time")
  void eventTimeBoundIsNewYorksMidnight() {
    assertThat(GateWindow.startOf(LocalDate.parse("2024-01-02")))
        .isEqualTo(Instant.parse("2024-01-02T05:00:00Z"));
    // The day after the clocks went forward (2024-03-10).
    assertThat(GateWindow.startOf(LocalDate.parse("2024-03-11")))
        .isEqualTo(Instant.parse("2024-03-11T04:00:00Z"));
    NewYorkDateFunction newYorkDate = new NewYorkDateFunction();
    for (String day : new String[] {"2024-03-10", "2024-03-11", "2024-11-03", "2024-11-04"}) {
      LocalDate from = LocalDate.parse(day);
      Instant bound = GateWindow.startOf(from);
      for (long minute = -36 * 60; minute <= 36 * 60; minute++) {
        Instant t = bound.plus(minute, ChronoUnit.MINUTES);
        assertThat(!newYorkDate.eval(t).isBefore(from))
            .as("%s: new_york_date(%s) >= %s", day, t, from)
            .isEqualTo(!t.isBefore(bound));
      }
    }
  }
}
