package io.pitlake.options.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class VolatilitySurfaceTest {

  private static final double EPS = 1e-15;

  private static double days(double d) {
    return d / 365;
  }

  @Test
  @DisplayName("ATM IV is linear in log-moneyness between the nearest strikes around the forward")
  void atTheMoney() {
    List<SmilePoint> smile =
        List.of(
            new SmilePoint(0.10, 0.30, 0.19),
            new SmilePoint(-0.02, -0.45, 0.22),
            new SmilePoint(-0.10, -0.20, 0.25),
            new SmilePoint(0.03, 0.45, 0.20));
    // 0.22 + (0 - -0.02) / (0.03 - -0.02) · (0.20 - 0.22) = 0.22 - 0.4 · 0.02
    assertThat(VolatilitySurface.atTheMoney(smile).getAsDouble()).isCloseTo(0.212, within(EPS));
    assertThat(VolatilitySurface.atTheMoney(List.of(new SmilePoint(0, 0.5, 0.3))).getAsDouble())
        .isEqualTo(0.3);
    assertThat(VolatilitySurface.atTheMoney(smile.subList(0, 1)))
        .as("no strike below the forward: no extrapolation")
        .isEmpty();
    assertThat(VolatilitySurface.atTheMoney(List.of())).isEmpty();
  }

  @Test
  @DisplayName("25-delta put and call IVs are linear in delta within an expiry")
  void twentyFiveDelta() {
    List<SmilePoint> puts =
        List.of(
            new SmilePoint(-0.20, -0.10, 0.30),
            new SmilePoint(-0.12, -0.20, 0.27),
            new SmilePoint(-0.07, -0.30, 0.25),
            new SmilePoint(-0.01, -0.45, 0.23));
    List<SmilePoint> calls =
        List.of(new SmilePoint(0.04, 0.40, 0.21), new SmilePoint(0.09, 0.20, 0.19));
    // 0.25 + (-0.25 - -0.30) / 0.10 · (0.27 - 0.25)
    assertThat(VolatilitySurface.atDelta(puts, -0.25).getAsDouble()).isCloseTo(0.26, within(EPS));
    // 0.19 + (0.25 - 0.20) / 0.20 · (0.21 - 0.19)
    assertThat(VolatilitySurface.atDelta(calls, 0.25).getAsDouble()).isCloseTo(0.195, within(EPS));
    assertThat(VolatilitySurface.atDelta(calls, 0.10)).isEmpty();
    assertThatThrownBy(() -> VolatilitySurface.atDelta(calls, 25))
        .hasMessageContaining("(0, 1) for calls");
  }

  @Test
  @DisplayName(
      "30-day and 90-day ATM IVs are linear in total variance; the slope is their difference")
  void termStructure() {
    List<TermPoint> term =
        List.of(
            new TermPoint(days(7), 0.30),
            new TermPoint(days(49), 0.22),
            new TermPoint(days(21), 0.25),
            new TermPoint(days(91), 0.21));
    // sqrt((0.25²·21 + (30-21)/(49-21)·(0.22²·49 - 0.25²·21)) / 30)
    double thirty = 0.23472856664666958;
    // sqrt((0.22²·49 + (90-49)/(91-49)·(0.21²·91 - 0.22²·49)) / 90)
    double ninety = 0.21013267413884196;
    assertThat(VolatilitySurface.thirtyDay(term).getAsDouble()).isCloseTo(thirty, within(1e-14));
    assertThat(VolatilitySurface.atTenor(term, VolatilitySurface.NINETY_DAYS).getAsDouble())
        .isCloseTo(ninety, within(1e-14));
    assertThat(VolatilitySurface.termSlope(term).getAsDouble())
        .isCloseTo(ninety - thirty, within(1e-14));
    assertThat(VolatilitySurface.atTenor(term, days(21)).getAsDouble()).isEqualTo(0.25);

    List<TermPoint> shortOnly = term.subList(0, 3);
    assertThat(VolatilitySurface.thirtyDay(shortOnly)).isPresent();
    assertThat(VolatilitySurface.termSlope(shortOnly))
        .as("no expiry beyond 90 days: no slope")
        .isEqualTo(OptionalDouble.empty());
  }
}
