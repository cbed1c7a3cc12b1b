package io.pitlake.adjustment;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.adjustment.SessionFactors.Step;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SessionFactorsTest {

  static final LocalDate SESSION = LocalDate.of(2024, 6, 7);
  static final LocalDate EX = LocalDate.of(2024, 6, 10);
  static final long MAX = Long.MAX_VALUE;
  static final long MIN = Long.MIN_VALUE;

  static FactorSegment segment(LocalDate sessionFrom, long from, long to, double split) {
    return new FactorSegment(EX, sessionFrom, from, to, split, split * 0.9, 1, 8);
  }

  @Test
  @DisplayName("a session without actions has factor 1 at every instant")
  void noActions() {
    assertThat(SessionFactors.steps(SESSION, List.of())).containsExactly(new Step(MIN, 1, 1, MIN));
  }

  @Test
  @DisplayName("a split known later starts a step at that instant; before it the factor is 1")
  void laterSplit() {
    assertThat(SessionFactors.steps(SESSION, List.of(segment(null, 50, MAX, 0.25))))
        .containsExactly(new Step(MIN, 1, 1, MIN), new Step(50, 0.25, 0.25 * 0.9, 8));
  }

  @Test
  @DisplayName("consecutive segments with equal factors are one step; a withdrawn one returns to 1")
  void equalFactorsMergeAndWithdrawalReturnsToOne() {
    assertThat(
            SessionFactors.steps(
                SESSION, List.of(segment(null, 50, 60, 0.5), segment(null, 60, 70, 0.5))))
        .containsExactly(
            new Step(MIN, 1, 1, MIN), new Step(50, 0.5, 0.45, 8), new Step(70, 1, 1, MIN));
  }

  @Test
  @DisplayName("the ex date itself and sessions before session_from are not covered")
  void coverage() {
    assertThat(SessionFactors.steps(EX, List.of(segment(null, 50, MAX, 0.25))))
        .containsExactly(new Step(MIN, 1, 1, MIN));
    assertThat(SessionFactors.steps(SESSION, List.of(segment(SESSION.plusDays(1), 50, MAX, 0.25))))
        .containsExactly(new Step(MIN, 1, 1, MIN));
  }
}
