package io.pitlake.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class NewYorkDateFunctionTest {

  private final NewYorkDateFunction function = new NewYorkDateFunction();

  @Test
  void anAfterHoursInstantKeepsItsNewYorkDateThoughUtcIsTheNextDay() {
    assertThat(function.eval(Instant.parse("2024-11-28T01:30:00Z")))
        .as("20:30 New York on 2024-11-27 (EST)")
        .isEqualTo(LocalDate.parse("2024-11-27"));
    assertThat(function.eval(Instant.parse("2024-07-02T03:59:00Z")))
        .as("23:59 New York on 2024-07-01 (EDT)")
        .isEqualTo(LocalDate.parse("2024-07-01"));
    assertThat(function.eval(Instant.parse("2024-07-02T04:00:00Z")))
        .isEqualTo(LocalDate.parse("2024-07-02"));
  }

  @Test
  void nullStaysNull() {
    assertThat(function.eval(null)).isNull();
  }
}
