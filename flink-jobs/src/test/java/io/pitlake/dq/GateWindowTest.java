package io.pitlake.dq;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.time.NyseCalendar;
import java.time.LocalDate;
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
}
