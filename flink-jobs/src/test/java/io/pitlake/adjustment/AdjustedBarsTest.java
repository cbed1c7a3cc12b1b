package io.pitlake.adjustment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AdjustedBarsTest {

  static final LocalDate SESSION = LocalDate.of(2024, 6, 7);
  static final LocalDate EX = LocalDate.of(2024, 6, 10);
  static final long MAX = Long.MAX_VALUE;

  static RawBarLife bar(int version, double close, long from, long to) {
    return new RawBarLife(100, SESSION, version, close, close, close, close, 1000, 0, 5, from, to);
  }

  static FactorSegment segment(LocalDate sessionFrom, long from, long to, double split) {
    return new FactorSegment(EX, sessionFrom, from, to, split, split * 0.9, 1, 8);
  }

  @Test
  @DisplayName("a bar without actions keeps its life and factor 1")
  void noActions() {
    assertThat(AdjustedBars.compute(List.of(bar(1, 40, 10, MAX)), List.of()))
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.availableAt()).isEqualTo(10);
              assertThat(row.supersededAt()).isEqualTo(MAX);
              assertThat(row.splitFactor()).isEqualTo(1);
              assertThat(row.splitAdjusted(40)).isEqualTo(40);
              assertThat(row.ingestedAt()).isEqualTo(5);
            });
  }

  @Test
  @DisplayName("a split known after the bar adds a row at that instant and keeps the old one")
  void laterSplitAddsARow() {
    List<AdjustedBar> rows =
        AdjustedBars.compute(List.of(bar(1, 40, 10, MAX)), List.of(segment(null, 50, MAX, 0.25)));

    assertThat(rows)
        .extracting(
            AdjustedBar::availableAt,
            AdjustedBar::supersededAt,
            AdjustedBar::splitFactor,
            AdjustedBar::ingestedAt)
        .containsExactly(tuple(10L, 50L, 1.0, 5L), tuple(50L, MAX, 0.25, 8L));
    assertThat(rows.get(1).splitAdjusted(40)).isEqualTo(10);
    assertThat(rows.get(1).splitAdjustedVolume()).isEqualTo(4000);
    assertThat(rows.get(1).totalAdjusted(40)).isEqualTo(40 * 0.25 * 0.9);
  }

  @Test
  @DisplayName("a revised bar and a factor change each start a row; equal factors do not")
  void revisionsAndEqualFactors() {
    List<AdjustedBar> rows =
        AdjustedBars.compute(
            List.of(bar(1, 40, 10, 70), bar(2, 41, 70, MAX)),
            List.of(segment(null, 50, 60, 0.25), segment(LocalDate.of(2024, 1, 2), 60, MAX, 0.25)));

    assertThat(rows)
        .extracting(
            row -> row.bar().version(),
            AdjustedBar::availableAt,
            AdjustedBar::supersededAt,
            AdjustedBar::splitFactor)
        .containsExactly(
            tuple(1, 10L, 50L, 1.0), tuple(1, 50L, 70L, 0.25), tuple(2, 70L, MAX, 0.25));
  }

  @Test
  @DisplayName("a segment adjusts only the sessions in [session_from, ex_date)")
  void onlyCoveredSessions() {
    FactorSegment segment = segment(LocalDate.of(2024, 6, 7), 50, MAX, 0.25);
    RawBarLife onEx = new RawBarLife(101, EX, 1, 10, 10, 10, 10, 1000, 0, 5, 10, MAX);
    RawBarLife beforeFrom =
        new RawBarLife(99, LocalDate.of(2024, 6, 6), 1, 10, 10, 10, 10, 1000, 0, 5, 10, MAX);

    assertThat(AdjustedBars.compute(List.of(onEx, beforeFrom), List.of(segment)))
        .extracting(AdjustedBar::splitFactor)
        .containsExactly(1.0, 1.0);
    assertThat(AdjustedBars.compute(List.of(bar(1, 40, 10, MAX)), List.of(segment)))
        .extracting(AdjustedBar::splitFactor)
        .containsExactly(1.0, 0.25);
  }

  @Test
  @DisplayName("a factor that ends with nothing after it returns the session to factor 1")
  void retractedFactor() {
    assertThat(
            AdjustedBars.compute(List.of(bar(1, 40, 10, MAX)), List.of(segment(null, 50, 60, 0.5))))
        .extracting(AdjustedBar::availableAt, AdjustedBar::splitFactor)
        .containsExactly(tuple(10L, 1.0), tuple(50L, 0.5), tuple(60L, 1.0));
  }
}
