package io.pitlake.fundamentals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PointInTimeFundamentalsTest {

  static final long TEN_K = Instant.parse("2023-03-29T20:31:07Z").toEpochMilli();
  static final long TEN_Q = Instant.parse("2023-06-01T22:02:11Z").toEpochMilli();

  @Test
  @DisplayName("a restated balance replaces the original only from the restatement's instant on")
  void restatementIsKnownOnlyFromItsAvailability() {
    List<FundamentalsSnapshot> snapshots =
        PointInTimeFundamentals.compute(
            List.of(
                balance(LineItem.CASH_EQUIVALENTS, "2023-01-31", 398_346_000, TEN_K, "23-000030"),
                balance(LineItem.CASH_EQUIVALENTS, "2023-01-31", 539_390_000, TEN_Q, "23-000102")));

    assertThat(snapshots)
        .extracting(FundamentalsSnapshot::availableAt)
        .containsExactly(TEN_K, TEN_Q);
    assertThat(snapshots.get(0).balance().get(LineItem.CASH_EQUIVALENTS)).isEqualTo(398_346_000d);
    assertThat(snapshots.get(1).balance().get(LineItem.CASH_EQUIVALENTS)).isEqualTo(539_390_000d);
    assertThat(snapshots.get(1).accessionNumber()).isEqualTo("23-000102");
    assertThat(snapshots.get(1).balanceSheetDate()).isEqualTo(LocalDate.parse("2023-01-31"));
  }

  @Test
  @DisplayName("Q4 is the fiscal year minus nine months; a reported year is the TTM")
  void fourthQuarterFromTheYearAndTheYearToDate() {
    List<FundamentalsSnapshot> snapshots =
        PointInTimeFundamentals.compute(
            List.of(
                flow(LineItem.REVENUE, "2019-02-01", "2019-10-31", 177_056_000, 1),
                flow(LineItem.REVENUE, "2019-08-01", "2019-10-31", 73_012_000, 1),
                flow(LineItem.REVENUE, "2019-02-01", "2020-01-31", 264_748_000, 2)));

    FundamentalsSnapshot first = snapshots.get(0);
    assertThat(first.quarter().get(LineItem.REVENUE)).isEqualTo(73_012_000d);
    assertThat(first.ttm()).doesNotContainKey(LineItem.REVENUE);
    assertThat(first.fiscalQuarterEnd()).isEqualTo(LocalDate.parse("2019-10-31"));

    FundamentalsSnapshot second = snapshots.get(1);
    assertThat(second.quarter().get(LineItem.REVENUE)).isEqualTo(264_748_000d - 177_056_000d);
    assertThat(second.ttm().get(LineItem.REVENUE)).isEqualTo(264_748_000d);
    assertThat(second.fiscalQuarterEnd()).isEqualTo(LocalDate.parse("2020-01-31"));
  }

  @Test
  @DisplayName("a year-to-date TTM is this year-to-date plus last year minus last year-to-date")
  void ttmFromYearToDates() {
    List<FundamentalsSnapshot> snapshots =
        PointInTimeFundamentals.compute(
            List.of(
                flow(LineItem.OPERATING_CASH_FLOW, "2022-01-01", "2022-12-31", 400, 1),
                flow(LineItem.OPERATING_CASH_FLOW, "2022-01-01", "2022-06-30", 180, 1),
                flow(LineItem.OPERATING_CASH_FLOW, "2023-01-01", "2023-03-31", 120, 2),
                flow(LineItem.OPERATING_CASH_FLOW, "2023-01-01", "2023-06-30", 250, 3)));

    FundamentalsSnapshot last = snapshots.get(snapshots.size() - 1);
    assertThat(last.ttm().get(LineItem.OPERATING_CASH_FLOW)).isEqualTo(250d + 400d - 180d);
    assertThat(last.quarter().get(LineItem.OPERATING_CASH_FLOW)).isEqualTo(130d);
    assertThat(snapshots.get(1).ttm().get(LineItem.OPERATING_CASH_FLOW))
        .as("no Q1 of the prior year known: the year is the latest TTM")
        .isEqualTo(400d);
  }

  @Test
  @DisplayName("four consecutive quarters sum to the TTM, and the year-ago TTM is kept for revenue")
  void ttmFromFourQuarters() {
    List<FundamentalsSnapshot> snapshots =
        PointInTimeFundamentals.compute(
            List.of(
                flow(LineItem.REVENUE, "2021-01-01", "2021-12-31", 1000, 1),
                flow(LineItem.REVENUE, "2022-01-01", "2022-03-31", 300, 2),
                flow(LineItem.REVENUE, "2022-04-01", "2022-06-30", 310, 2),
                flow(LineItem.REVENUE, "2022-07-01", "2022-09-30", 320, 2),
                flow(LineItem.REVENUE, "2022-10-01", "2022-12-31", 330, 3)));

    assertThat(snapshots.get(1).ttm().get(LineItem.REVENUE)).isEqualTo(1000d);
    FundamentalsSnapshot last = snapshots.get(2);
    assertThat(last.ttm().get(LineItem.REVENUE)).isEqualTo(1260d);
    assertThat(last.revenueTtmYearAgo()).isEqualTo(1000d);
    assertThat(snapshots.get(0).quarter()).doesNotContainKey(LineItem.REVENUE);
  }

  @Test
  @DisplayName("a balance item with a period start is refused, naming the item")
  void balanceWithAStartIsRefused() {
    assertThatThrownBy(
            () ->
                new ReportedValue(
                    LineItem.TOTAL_ASSETS,
                    LocalDate.parse("2022-01-01"),
                    LocalDate.parse("2022-12-31"),
                    1,
                    1,
                    0,
                    0,
                    null,
                    null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TOTAL_ASSETS is a balance");
    assertThatThrownBy(() -> LineItem.of("ebitda"))
        .hasMessageContaining("'ebitda' is not a curated line item");
  }

  private static ReportedValue balance(
      LineItem item, String end, double value, long availableAt, String accession) {
    return new ReportedValue(
        item, null, LocalDate.parse(end), value, 1, availableAt, availableAt, accession, "10-K");
  }

  private static ReportedValue flow(
      LineItem item, String start, String end, double value, long availableAt) {
    return new ReportedValue(
        item,
        LocalDate.parse(start),
        LocalDate.parse(end),
        value,
        1,
        availableAt,
        availableAt,
        "accn-" + availableAt,
        "10-Q");
  }
}
