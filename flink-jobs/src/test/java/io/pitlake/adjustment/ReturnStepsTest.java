package io.pitlake.adjustment;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.time.NyseCalendar;
import java.time.LocalDate;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ReturnStepsTest {

  static final NyseCalendar CALENDAR = NyseCalendar.instance();
  static final LocalDate SPLIT_EX = LocalDate.of(2024, 6, 10);
  static final LocalDate DIVIDEND_EX = LocalDate.of(2024, 8, 1);
  static final int SPLIT = CALENDAR.sessionIndex(SPLIT_EX);
  static final int DIVIDEND = CALENDAR.sessionIndex(DIVIDEND_EX);
  static final long K1 = 1_000;
  static final long K2 = 2_000;
  static final long K3 = 3_000;
  static final long MAX = Long.MAX_VALUE;

  static FactorSegment segment(LocalDate ex, LocalDate from, long known, long until, double total) {
    return new FactorSegment(ex, from, known, until, total, total, 1, 0);
  }

  @Test
  @DisplayName("a split's ratio applies to its ex session from when it is known, and nowhere else")
  void splitRatioOnItsExSession() {
    ReturnSteps steps = ReturnSteps.of(List.of(segment(SPLIT_EX, null, K1, MAX, 0.25)));

    assertThat(steps.ratioAt(SPLIT, K1 - 1)).isEqualTo(1);
    assertThat(steps.ratioAt(SPLIT, K1)).isEqualTo(0.25);
    assertThat(steps.ratioAt(SPLIT - 1, K1)).isEqualTo(1);
    assertThat(steps.ratioAt(SPLIT + 1, K1)).isEqualTo(1);
    TreeSet<Long> instants = new TreeSet<>();
    steps.addChanges(SPLIT, 0, instants);
    assertThat(instants).containsExactly(K1);
    instants.clear();
    steps.addChanges(SPLIT, K1 + 1, instants);
    assertThat(instants).as("changes before 'from' are not asked for").isEmpty();
  }

  @Test
  @DisplayName(
      "a later action elsewhere leaves an earlier ratio's life whole, though rounding moves it")
  void laterActionDoesNotSplitAnEarlierRatio() {
    double dividend = 0.987_654_321;
    ReturnSteps steps =
        ReturnSteps.of(
            List.of(
                segment(SPLIT_EX, null, K1, K2, 0.25),
                segment(SPLIT_EX, null, K2, K3, 0.25 * dividend),
                segment(DIVIDEND_EX, SPLIT_EX, K2, K3, dividend),
                segment(SPLIT_EX, null, K3, MAX, 0.25)));

    TreeSet<Long> instants = new TreeSet<>();
    steps.addChanges(SPLIT, 0, instants);
    assertThat(instants).containsExactly(K1);
    assertThat(steps.ratioAt(SPLIT, K2)).isEqualTo(0.25);

    assertThat(steps.ratioAt(DIVIDEND, K2 - 1)).isEqualTo(1);
    assertThat(steps.ratioAt(DIVIDEND, K2)).isEqualTo(dividend);
    assertThat(steps.ratioAt(DIVIDEND, K3)).as("withdrawn at K3").isEqualTo(1);
    instants.clear();
    steps.addChanges(DIVIDEND, 0, instants);
    assertThat(instants).containsExactly(K2, K3);
  }

  @Test
  @DisplayName("an ex date on a closed day moves to the next session")
  void exDateOnAWeekendAppliesToTheNextSession() {
    ReturnSteps steps =
        ReturnSteps.of(List.of(segment(LocalDate.of(2024, 6, 8), null, K1, MAX, 0.5)));

    assertThat(steps.ratioAt(SPLIT, K1)).isEqualTo(0.5);
    assertThat(steps.ratioAt(SPLIT - 1, K1)).isEqualTo(1);
  }

  @Test
  @DisplayName("no segments, or an ex date outside the calendar, is no ratio")
  void nothingToApply() {
    assertThat(ReturnSteps.of(List.of())).isSameAs(ReturnSteps.NONE);
    ReturnSteps old =
        ReturnSteps.of(List.of(segment(LocalDate.of(1987, 6, 16), null, K1, MAX, 0.5)));
    assertThat(old.ratioAt(0, K1)).isEqualTo(1);
  }
}
