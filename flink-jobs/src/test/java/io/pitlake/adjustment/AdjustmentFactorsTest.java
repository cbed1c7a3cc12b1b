package io.pitlake.adjustment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AdjustmentFactorsTest {

  static final LocalDate DIVIDEND_EX = LocalDate.of(2024, 3, 14);
  static final LocalDate SPLIT_EX = LocalDate.of(2024, 6, 10);
  static final long DIVIDEND_KNOWN = 1_000;
  static final long SPLIT_KNOWN = 2_000;
  static final long MAX = Long.MAX_VALUE;

  static ActionLife split(String id, int version, long from, long to, double oldShares) {
    return ActionLife.of(
        id, version, SPLIT_EX, from, to, oldShares, 4.0, null, DividendMethod.CRSP, null, 7);
  }

  static ActionLife dividend() {
    return ActionLife.of(
        "d", 1, DIVIDEND_EX, DIVIDEND_KNOWN, MAX, null, null, 0.5, DividendMethod.CRSP, 50.0, 9);
  }

  @Test
  @DisplayName("each instant gives the whole set of segments, products from the latest ex date")
  void segmentsPerInstant() {
    List<FactorSegment> segments =
        AdjustmentFactors.compute(List.of(split("s", 1, SPLIT_KNOWN, MAX, 1), dividend()));

    assertThat(segments)
        .containsExactly(
            new FactorSegment(DIVIDEND_EX, null, DIVIDEND_KNOWN, SPLIT_KNOWN, 1, 0.99, 1, 9),
            new FactorSegment(SPLIT_EX, DIVIDEND_EX, SPLIT_KNOWN, MAX, 0.25, 0.25, 1, 7),
            new FactorSegment(DIVIDEND_EX, null, SPLIT_KNOWN, MAX, 0.25, 0.25 * 0.99, 2, 9));
  }

  @Test
  @DisplayName("a revised action replaces its first version from the revision's instant")
  void revisionReplacesTheFirstVersion() {
    List<FactorSegment> segments =
        AdjustmentFactors.compute(
            List.of(split("s", 1, SPLIT_KNOWN, 3_000, 1), split("s", 2, 3_000, MAX, 2)));

    assertThat(segments)
        .extracting(
            FactorSegment::availableAt, FactorSegment::supersededAt, FactorSegment::splitFactor)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(SPLIT_KNOWN, 3_000L, 0.25),
            org.assertj.core.groups.Tuple.tuple(3_000L, MAX, 0.5));
  }

  @Test
  @DisplayName("when no action is in effect any more, the last set simply ends")
  void retractionLeavesNoSegments() {
    assertThat(AdjustmentFactors.compute(List.of(split("s", 1, SPLIT_KNOWN, 3_000, 1))))
        .singleElement()
        .satisfies(s -> assertThat(s.supersededAt()).isEqualTo(3_000));
    assertThat(AdjustmentFactors.compute(List.of())).isEmpty();
  }

  @Test
  @DisplayName("the segments do not depend on the order of the lives")
  void orderDoesNotMatter() {
    List<ActionLife> lives = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      lives.add(
          ActionLife.of(
              "a" + i,
              1,
              SPLIT_EX.plusDays(7L * i),
              100L * i,
              MAX,
              i % 3 == 0 ? 1.0 : null,
              i % 3 == 0 ? 3.0 : null,
              i % 3 == 0 ? null : 0.1 * i,
              DividendMethod.CRSP,
              37.0 + i,
              i));
    }
    List<FactorSegment> expected = AdjustmentFactors.compute(lives);
    Random random = new Random(5);
    for (int round = 0; round < 5; round++) {
      List<ActionLife> shuffled = new ArrayList<>(lives);
      Collections.shuffle(shuffled, random);
      assertThat(AdjustmentFactors.compute(shuffled)).isEqualTo(expected);
    }
    assertThat(expected).hasSize(12 * 13 / 2);
  }

  @Test
  @DisplayName("a dividend without its previous close, or not below it, does not adjust")
  void dividendFactorNeedsAClose() {
    assertThat(dividend().dividendFactor()).isEqualTo(0.99);
    assertThat(
            ActionLife.of(
                    "d", 1, DIVIDEND_EX, 1, MAX, null, null, 0.5, DividendMethod.CRSP, null, 0)
                .dividendFactor())
        .isEqualTo(1);
    assertThat(
            ActionLife.of(
                    "d", 1, DIVIDEND_EX, 1, MAX, null, null, 60.0, DividendMethod.CRSP, 50.0, 0)
                .dividendFactor())
        .isEqualTo(1);
    assertThat(split("s", 1, 1, MAX, 10).splitFactor()).isEqualTo(2.5);
  }

  @Test
  @DisplayName(
      "each dividend method is its formula: crsp 1 - D/close(e-1), ex-close close(e)/(close(e)+D)")
  void dividendMethodsFollowTheirFormulas() {
    // D = 0.37 with close(e-1) = 41.3 and close(e) = 40.9, values whose results are not round.
    assertThat(DividendMethod.CRSP.factor(0.37, 41.3)).isEqualTo(1 - 0.37 / 41.3);
    assertThat(DividendMethod.EX_CLOSE.factor(0.37, 40.9)).isEqualTo(40.9 / (40.9 + 0.37));
    assertThat(DividendMethod.EX_CLOSE.factor(0.37, 40.9))
        .isNotEqualTo(DividendMethod.CRSP.factor(0.37, 40.9));
    // Both keep the total return across e when close(e) = close(e-1) - D exactly:
    // adjusted close(e-1) = close(e) under either.
    double before = 41.3;
    double after = before - 0.37;
    assertThat(before * DividendMethod.CRSP.factor(0.37, before)).isCloseTo(after, within(1e-12));
    assertThat(before * DividendMethod.EX_CLOSE.factor(0.37, after))
        .isCloseTo(after, within(1e-12));
    assertThat(DividendMethod.EX_CLOSE.factor(0.37, null)).isEqualTo(1);
    assertThat(DividendMethod.EX_CLOSE.factor(50, 40.0)).isEqualTo(1);
    assertThat(DividendMethod.EX_CLOSE).hasToString("ex-close");
  }

  @Test
  void rejectsALifeThatNeverStarts() {
    assertThatThrownBy(() -> split("s", 1, 5, 5, 1))
        .hasMessageContaining("action s v1: knownFrom 5 must be before knownTo 5");
  }
}
