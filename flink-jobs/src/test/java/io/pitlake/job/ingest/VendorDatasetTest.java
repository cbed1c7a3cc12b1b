package io.pitlake.job.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pitlake.source.rest.split.RestSplit;
import io.pitlake.vendor.alpaca.AlpacaOptions;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class VendorDatasetTest {

  static final Instant FETCHED = Instant.parse("2026-01-05T12:00:00Z");
  static final VendorDataset.AvailabilityRules RULES =
      VendorDataset.AvailabilityRules.of(new Configuration());

  @Test
  void tickerDetailsAreFetchedAsOfEachMonthsLastSessionInTheRange() {
    List<RestSplit> splits =
        VendorDataset.POLYGON_TICKER_DETAILS.splits(
            List.of("AAPL"),
            LocalDate.parse("2024-01-10"),
            LocalDate.parse("2024-03-15"),
            new Configuration());

    // 2024-03-29 was Good Friday: the range ends on the 15th anyway.
    assertThat(splits)
        .extracting(RestSplit::from)
        .containsExactly(
            LocalDate.parse("2024-01-31"),
            LocalDate.parse("2024-02-29"),
            LocalDate.parse("2024-03-15"));
    assertThat(splits).allSatisfy(s -> assertThat(s.from()).isEqualTo(s.to()));
  }

  @Test
  void barDatasetsCutSplitsBySessionOrSymbolGroup() {
    LocalDate from = LocalDate.parse("2024-11-27");
    LocalDate to = LocalDate.parse("2024-12-02");
    Configuration options = new Configuration();
    options.set(AlpacaOptions.SYMBOLS_PER_REQUEST, 2);

    assertThat(VendorDataset.POLYGON_GROUPED_DAILY.splits(List.of(), from, to, options))
        .as("no session on Thanksgiving or the weekend")
        .extracting(RestSplit::from)
        .containsExactly(from, LocalDate.parse("2024-11-29"), to);
    assertThat(VendorDataset.POLYGON_AGGS_MINUTE.splits(List.of("AAPL", "MSFT"), from, to, options))
        .hasSize(6);
    assertThat(VendorDataset.ALPACA_BARS_DAY.splits(List.of("C", "A", "B"), from, to, options))
        .extracting(RestSplit::key)
        .containsExactly("A,B", "C");
    assertThat(VendorDataset.ALPACA_BARS_MINUTE.splits(List.of("A"), from, to, options))
        .as("one split per calendar day")
        .hasSize(6);
  }

  @Test
  void aVendorsDatasetsLeaveOutTheBarsWhoseRequestsGrowWithTheRange() {
    assertThat(VendorDataset.ofVendor("alpaca"))
        .containsExactly(VendorDataset.ALPACA_CORPORATE_ACTIONS, VendorDataset.ALPACA_NEWS);
    assertThat(VendorDataset.ofVendor("polygon")).noneMatch(VendorDataset::bulk);
    assertThat(VendorDataset.of("polygon.aggs_minute").bulk()).isTrue();
    assertThat(VendorDataset.of("polygon.aggs_day_adjusted").bulk()).isTrue();
  }

  @Test
  void anAdjustedDailyBarIsKnownNoEarlierThanItsFetch() {
    String bar = "{\"v\":10,\"vw\":1.5,\"o\":1,\"c\":2,\"h\":2,\"l\":1,\"t\":1732683600000}";
    VendorDataset.Identity fetchedLater =
        VendorDataset.POLYGON_AGGS_DAY_ADJUSTED.identify(
            bar, "BRK.B", LocalDate.parse("2024-01-02"), FETCHED, RULES);

    assertThat(fetchedLater.key()).isEqualTo("BRK.B|2024-11-27T05:00:00Z");
    assertThat(fetchedLater.eventTime()).isEqualTo(Instant.parse("2024-11-27T05:00:00Z"));
    assertThat(fetchedLater.availableAt()).isEqualTo(FETCHED);
    // Fetched before the raw bar's rule (20:00 New York + 15 min): the rule.
    assertThat(
            VendorDataset.POLYGON_AGGS_DAY_ADJUSTED
                .identify(
                    bar,
                    "BRK.B",
                    LocalDate.parse("2024-01-02"),
                    Instant.parse("2024-11-27T22:00:00Z"),
                    RULES)
                .availableAt())
        .isEqualTo(Instant.parse("2024-11-28T01:15:00Z"));
    assertThatThrownBy(
            () ->
                VendorDataset.POLYGON_AGGS_DAY_ADJUSTED.identify(
                    "{\"c\":2}", "BRK.B", LocalDate.parse("2024-01-02"), FETCHED, RULES))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("t");
  }

  @Test
  void aMinuteBarIsKeyedByItsSplitsTickerAndStart() {
    VendorDataset.Identity identity =
        VendorDataset.POLYGON_AGGS_MINUTE.identify(
            "{\"v\":100,\"vw\":1.5,\"o\":1.5,\"c\":1.5,\"h\":1.5,\"l\":1.5,\"t\":1732717800000,\"n\":3}",
            "BRK.B",
            LocalDate.parse("2024-11-27"),
            FETCHED,
            RULES);

    assertThat(identity.key()).isEqualTo("BRK.B|2024-11-27T14:30:00Z");
    assertThat(identity.eventTime()).isEqualTo(Instant.parse("2024-11-27T14:30:00Z"));
    assertThat(identity.availableAt()).isEqualTo(Instant.parse("2024-11-27T14:31:02Z"));
  }

  @Test
  void aGroupedBarIsOfTheRequestedSessionNotOfItsWindowEnd() {
    VendorDataset.Identity identity =
        VendorDataset.POLYGON_GROUPED_DAILY.identify(
            "{\"T\":\"AAPL\",\"c\":2,\"h\":2,\"l\":1,\"o\":1,\"t\":1732741200000,\"v\":10}",
            "*",
            LocalDate.parse("2024-11-27"),
            FETCHED,
            RULES);

    assertThat(identity.key()).isEqualTo("AAPL|2024-11-27T05:00:00Z");
    assertThat(identity.availableAt()).isEqualTo(Instant.parse("2024-11-28T01:15:00Z"));
  }

  @Test
  void anElementOfAnotherShapeIsRejectedNamingTheField() {
    assertThatThrownBy(
            () ->
                VendorDataset.ALPACA_BARS_DAY.identify(
                    "{\"t\":\"2024-11-27T05:00:00Z\",\"c\":1}",
                    "AAPL",
                    LocalDate.parse("2024-11-27"),
                    FETCHED,
                    RULES))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("S");
  }
}
