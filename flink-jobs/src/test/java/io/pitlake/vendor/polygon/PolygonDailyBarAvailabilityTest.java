package io.pitlake.vendor.polygon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class PolygonDailyBarAvailabilityTest {

  final PolygonDailyBarAvailability rule = new PolygonDailyBarAvailability(Duration.ofMinutes(15));

  @Test
  void aRegularSessionIsKnowableAfterAfterHoursEndAt20NewYorkPlusTheDelay() {
    // EST (UTC-5) in January, EDT (UTC-4) in July: 20:15 New York either way.
    assertThat(rule.availableAt(LocalDate.of(2024, 1, 5)))
        .isEqualTo(Instant.parse("2024-01-06T01:15:00Z"));
    assertThat(rule.availableAt(LocalDate.of(2024, 7, 5)))
        .isEqualTo(Instant.parse("2024-07-06T00:15:00Z"));
  }

  @Test
  void theDstSwitchWeekendMovesTheUtcInstantByOneHour() {
    assertThat(rule.availableAt(LocalDate.of(2024, 3, 8)))
        .isEqualTo(Instant.parse("2024-03-09T01:15:00Z"));
    assertThat(rule.availableAt(LocalDate.of(2024, 3, 11)))
        .isEqualTo(Instant.parse("2024-03-12T00:15:00Z"));
  }

  @Test
  void anEarlyCloseDayEndsAfterHoursAt17NewYork() {
    // 2024-11-29, the day after Thanksgiving, closes at 13:00.
    assertThat(rule.availableAt(LocalDate.of(2024, 11, 29)))
        .isEqualTo(Instant.parse("2024-11-29T22:15:00Z"));
  }

  @Test
  void aBarOnAClosedDayStillGetsADefinedInstant() {
    assertThat(rule.availableAt(LocalDate.of(2024, 7, 4)))
        .isEqualTo(Instant.parse("2024-07-05T00:15:00Z"));
  }

  @Test
  void aNegativeDelayIsRejectedNamingTheOption() {
    assertThatThrownBy(() -> new PolygonDailyBarAvailability(Duration.ofMinutes(-1)))
        .hasMessageContaining("polygon.aggs-day.publication-delay must not be negative");
  }

  @Test
  void theNewestAvailableSessionIsTheLastWhoseBarIsPublishedByThen() {
    // Friday 2024-03-08's bar is published at 20:15 New York (01:15Z Saturday); the weekend
    // adds nothing; Monday's bar only from 20:15 New York (EDT from 2024-03-10: 00:15Z).
    assertThat(rule.newestAvailableSession(Instant.parse("2024-03-09T01:14:59Z")))
        .isEqualTo(LocalDate.of(2024, 3, 7));
    assertThat(rule.newestAvailableSession(Instant.parse("2024-03-09T01:15:00Z")))
        .isEqualTo(LocalDate.of(2024, 3, 8));
    assertThat(rule.newestAvailableSession(Instant.parse("2024-03-12T00:14:00Z")))
        .isEqualTo(LocalDate.of(2024, 3, 8));
    assertThat(rule.newestAvailableSession(Instant.parse("2024-03-12T00:15:00Z")))
        .isEqualTo(LocalDate.of(2024, 3, 11));
  }
}
