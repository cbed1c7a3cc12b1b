package io.pitlake.options.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TimeToExpiryTest {

  private static final double HOUR = 1 / 24.0;

  @Test
  @DisplayName("a normal session's 16:00 close to the expiry's 16:00 close is whole days / 365")
  void normalDay() {
    assertThat(TimeToExpiry.years(LocalDate.of(2024, 6, 3), LocalDate.of(2024, 6, 21)))
        .isCloseTo(18 / 365.0, within(1e-15));
  }

  @Test
  @DisplayName("an early close starts the clock at 13:00, three hours earlier")
  void earlyClose() {
    // 2024-11-29, the day after Thanksgiving, closes at 13:00.
    assertThat(TimeToExpiry.years(LocalDate.of(2024, 11, 29), LocalDate.of(2024, 12, 20)))
        .isCloseTo((21 + 3 * HOUR) / 365, within(1e-15));
    // ...and an expiry on an early close (2024-12-24) ends it at 13:00.
    assertThat(TimeToExpiry.years(LocalDate.of(2024, 12, 23), LocalDate.of(2024, 12, 24)))
        .isCloseTo((1 - 3 * HOUR) / 365, within(1e-15));
  }

  @Test
  @DisplayName("elapsed time is real: a DST change shortens the week by an hour")
  void daylightSavingTime() {
    assertThat(TimeToExpiry.years(LocalDate.of(2024, 3, 8), LocalDate.of(2024, 3, 15)))
        .isCloseTo((7 - HOUR) / 365, within(1e-15));
  }

  @Test
  @DisplayName("the expiration day itself, and any later session, is zero")
  void expirationDay() {
    assertThat(TimeToExpiry.years(LocalDate.of(2024, 6, 21), LocalDate.of(2024, 6, 21))).isZero();
    assertThat(TimeToExpiry.years(LocalDate.of(2024, 6, 24), LocalDate.of(2024, 6, 21))).isZero();
  }

  @Test
  @DisplayName("an expiry on an exchange closure counts to 16:00 New York of that date")
  void expiryOnClosure() {
    // 2025-04-18 is Good Friday; 2025-04-17 is a regular session.
    assertThat(TimeToExpiry.years(LocalDate.of(2025, 4, 17), LocalDate.of(2025, 4, 18)))
        .isCloseTo(1 / 365.0, within(1e-15));
  }

  @Test
  @DisplayName("a date that is not a session is refused with the fix")
  void notASession() {
    assertThatThrownBy(
            () -> TimeToExpiry.years(LocalDate.of(2024, 6, 1), LocalDate.of(2024, 6, 21)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Weekend")
        .hasMessageContaining("pass a session date");
  }
}
