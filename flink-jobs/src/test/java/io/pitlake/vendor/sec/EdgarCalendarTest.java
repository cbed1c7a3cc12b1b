package io.pitlake.vendor.sec;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.time.NyseCalendar;
import java.time.LocalDate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EdgarCalendarTest {

  @Test
  @DisplayName("EDGAR is open on Good Friday and closed on Columbus Day, unlike the NYSE")
  void edgarKeepsFederalDaysNotTheExchanges() {
    LocalDate goodFriday = LocalDate.parse("2024-03-29");
    LocalDate columbusDay = LocalDate.parse("2024-10-14");
    LocalDate veteransDay = LocalDate.parse("2024-11-11");

    assertThat(EdgarCalendar.isBusinessDay(goodFriday)).isTrue();
    assertThat(NyseCalendar.instance().isSession(goodFriday)).isFalse();
    assertThat(EdgarCalendar.closureName(columbusDay)).contains("Columbus Day");
    assertThat(NyseCalendar.instance().isSession(columbusDay)).isTrue();
    assertThat(EdgarCalendar.closureName(veteransDay)).contains("Veterans Day");
  }

  @Test
  @DisplayName("holidays on a weekend are observed on the Friday before or the Monday after")
  void weekendHolidaysAreObserved() {
    // New Year's Day 2022 was a Saturday: observed on Friday 2021-12-31.
    assertThat(EdgarCalendar.closureName(LocalDate.parse("2021-12-31"))).contains("New Year's Day");
    // Independence Day 2021 was a Sunday: observed on Monday 2021-07-05.
    assertThat(EdgarCalendar.closureName(LocalDate.parse("2021-07-05")))
        .contains("Independence Day");
    // Juneteenth is federal from 2021 (the NYSE closes from 2022): Friday 2021-06-18.
    assertThat(EdgarCalendar.closureName(LocalDate.parse("2021-06-18"))).contains("Juneteenth");
    assertThat(EdgarCalendar.closureName(LocalDate.parse("2020-06-19"))).isEmpty();
    assertThat(EdgarCalendar.closureName(LocalDate.parse("2024-03-30"))).contains("Saturday");
    assertThat(EdgarCalendar.closureName(LocalDate.parse("2025-01-09")))
        .contains("Carter mourning");
  }

  @Test
  @DisplayName("2024 has 251 EDGAR business days: 262 weekdays less 11 federal holidays")
  void aYearOfBusinessDays() {
    int days = 0;
    for (LocalDate d = LocalDate.parse("2024-01-01"); d.getYear() == 2024; d = d.plusDays(1)) {
      days += EdgarCalendar.isBusinessDay(d) ? 1 : 0;
    }
    // Every one of 2024's eleven federal holidays fell on a weekday.
    assertThat(days).isEqualTo(262 - 11);
  }
}
