package io.pitlake.vendor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The shared availability rules: corporate actions and minute bars. */
class AvailabilityRulesTest {

  @Test
  @DisplayName("an announced action is known at the end of its announcement day, New York time")
  void announcedActionAtEndOfAnnouncementDay() {
    assertThat(
            CorporateActionAvailability.availableAt(
                LocalDate.of(2024, 5, 21), LocalDate.of(2024, 6, 13)))
        .isEqualTo(Instant.parse("2024-05-22T04:00:00Z"));
    assertThat(
            CorporateActionAvailability.availableAt(
                LocalDate.of(2024, 2, 20), LocalDate.of(2024, 3, 14)))
        .as("EST in February")
        .isEqualTo(Instant.parse("2024-02-21T05:00:00Z"));
  }

  @Test
  @DisplayName("an action without announcement date is known at the start of its effective day")
  void unannouncedActionAtStartOfEffectiveDay() {
    assertThat(CorporateActionAvailability.availableAt(null, LocalDate.of(2020, 8, 31)))
        .isEqualTo(Instant.parse("2020-08-31T04:00:00Z"));
    assertThatThrownBy(() -> CorporateActionAvailability.availableAt(null, null))
        .hasMessageContaining("effective date must not be null");
  }

  @Test
  @DisplayName("a minute bar is known one minute after its start plus the delay")
  void minuteBarAfterWindowAndDelay() {
    Instant start = Instant.parse("2024-03-08T14:30:00Z");
    assertThat(new MinuteBarAvailability(Duration.ofMinutes(15)).availableAt(start))
        .isEqualTo(Instant.parse("2024-03-08T14:46:00Z"));
    assertThat(new MinuteBarAvailability(Duration.ZERO).availableAt(start))
        .isEqualTo(Instant.parse("2024-03-08T14:31:00Z"));
    assertThatThrownBy(() -> new MinuteBarAvailability(Duration.ofSeconds(-1)))
        .hasMessageContaining("must not be negative");
  }

  @Test
  @DisplayName("market days start and end at New York midnight across the DST switch")
  void marketDaysFollowNewYork() {
    assertThat(MarketDates.startOfDay(LocalDate.of(2024, 3, 10)))
        .isEqualTo(Instant.parse("2024-03-10T05:00:00Z"));
    assertThat(MarketDates.endOfDay(LocalDate.of(2024, 3, 10)))
        .isEqualTo(Instant.parse("2024-03-11T04:00:00Z"));
  }
}
