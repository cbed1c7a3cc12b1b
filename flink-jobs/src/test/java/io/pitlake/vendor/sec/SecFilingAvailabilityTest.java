package io.pitlake.vendor.sec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SecFilingAvailabilityTest {

  private final SecFilingAvailability rule = new SecFilingAvailability(Duration.ofMinutes(1));

  @Test
  @DisplayName("EDGAR's Z is New York time: TSLA's 10-K of Friday 20:11 is known that Friday")
  void acceptanceIsNewYorkWallClock() {
    LocalDateTime accepted = SecFilingAvailability.acceptanceWallClock("2022-02-04T20:11:27.000Z");

    assertThat(accepted).isEqualTo(LocalDateTime.parse("2022-02-04T20:11:27"));
    // EST (UTC-5): 20:11:27 New York is 01:11:27 UTC on Saturday, plus the 1-minute delay,
    // three days before the filing date 2022-02-07 would say.
    assertThat(rule.availableAt(LocalDate.parse("2022-02-07"), accepted))
        .isEqualTo(Instant.parse("2022-02-05T01:12:27Z"));
  }

  @Test
  @DisplayName("summer acceptance times are EDT (UTC-4)")
  void daylightSavingTime() {
    LocalDateTime accepted = SecFilingAvailability.acceptanceWallClock("2022-04-29T18:05:17.000Z");

    assertThat(
            new SecFilingAvailability(Duration.ZERO)
                .availableAt(LocalDate.parse("2022-05-02"), accepted))
        .isEqualTo(Instant.parse("2022-04-29T22:05:17Z"));
  }

  @Test
  @DisplayName("without an acceptance time: the open of the first session after the filing date")
  void fallbackIsNextSessionOpen() {
    // Friday 2022-02-04 -> Monday 2022-02-07 09:30 EST.
    assertThat(rule.availableAt(LocalDate.parse("2022-02-04"), null))
        .isEqualTo(Instant.parse("2022-02-07T14:30:00Z"));
    // Wednesday 2023-07-05 -> Thursday 09:30 EDT.
    assertThat(rule.availableAt(LocalDate.parse("2023-07-05"), null))
        .isEqualTo(Instant.parse("2023-07-06T13:30:00Z"));
    // Thursday before Good Friday 2023 -> Monday 2023-04-10.
    assertThat(rule.availableAt(LocalDate.parse("2023-04-06"), null))
        .isEqualTo(Instant.parse("2023-04-10T13:30:00Z"));
  }

  @Test
  @DisplayName("the fallback is never earlier than the acceptance it replaces")
  void fallbackIsConservative() {
    LocalDateTime lateEvening = LocalDateTime.parse("2021-06-04T21:59:59");
    Instant exact = rule.availableAt(LocalDate.parse("2021-06-04"), lateEvening);

    assertThat(rule.availableAt(LocalDate.parse("2021-06-04"), null)).isAfter(exact);
  }

  @Test
  @DisplayName("a negative delay and an unreadable acceptance time are refused")
  void rejectsBadInput() {
    assertThatThrownBy(() -> new SecFilingAvailability(Duration.ofSeconds(-1)))
        .hasMessageContaining("set sec.publication-delay to 0 or more");
    assertThatThrownBy(() -> SecFilingAvailability.acceptanceWallClock("2022-02-04 20:11"))
        .hasMessage(
            "acceptanceDateTime '2022-02-04 20:11' is not EDGAR's YYYY-MM-DDTHH:MM:SS.000Z");
  }
}
