package io.pitlake.source.rest.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RestSplitTest {

  @Test
  @DisplayName("chunks are ordered by chunk start, then key, with deterministic ids")
  void chunksMoveThroughTimeAcrossKeys() {
    List<RestSplit> splits =
        RestSplit.chunks(
            List.of("MSFT", "AAPL"),
            LocalDate.parse("2023-01-01"),
            LocalDate.parse("2024-06-30"),
            Period.ofYears(1));

    assertThat(splits)
        .extracting(RestSplit::splitId)
        .containsExactly(
            "AAPL:2023-01-01:2023-12-31",
            "MSFT:2023-01-01:2023-12-31",
            "AAPL:2024-01-01:2024-06-30",
            "MSFT:2024-01-01:2024-06-30");
    assertThat(splits).allSatisfy(s -> assertThat(s.cursorUrl()).isNull());
    assertThat(splits).allSatisfy(s -> assertThat(s.pagesFetched()).isZero());
  }

  @Test
  @DisplayName("a range shorter than a chunk gives one split per key")
  void shortRangeGivesOneChunk() {
    assertThat(
            RestSplit.chunks(
                List.of("AAPL"),
                LocalDate.parse("2024-03-01"),
                LocalDate.parse("2024-03-01"),
                Period.ofMonths(3)))
        .extracting(RestSplit::splitId)
        .containsExactly("AAPL:2024-03-01:2024-03-01");
  }

  @Test
  @DisplayName("rejects an empty period, a reversed range and a duplicate key with the fix")
  void rejectsBadInput() {
    LocalDate day = LocalDate.parse("2024-01-01");
    assertThatThrownBy(() -> RestSplit.chunks(List.of("A"), day, day, Period.ZERO))
        .hasMessageContaining("must be a positive period");
    assertThatThrownBy(
            () -> RestSplit.chunks(List.of("A"), day, day.minusDays(1), Period.ofDays(1)))
        .hasMessageContaining("is after to")
        .hasMessageContaining("swap them");
    assertThatThrownBy(() -> RestSplit.chunks(List.of("A", "A"), day, day, Period.ofDays(1)))
        .hasMessageContaining("key A is listed twice");
  }

  @Test
  @DisplayName("a split without cursor is exhausted only once a page was fetched")
  void exhaustedMeansLastPageEmitted() {
    LocalDate day = LocalDate.parse("2024-01-01");
    assertThat(RestSplit.of("A", day, day).isExhausted()).isFalse();
    assertThat(new RestSplit("A", "A", day, day, null, 3).isExhausted()).isTrue();
    assertThat(new RestSplit("A", "A", day, day, "https://h/next", 3).isExhausted()).isFalse();
  }
}
