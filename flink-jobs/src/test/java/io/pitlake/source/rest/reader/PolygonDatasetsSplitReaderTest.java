package io.pitlake.source.rest.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.pitlake.simulator.PolygonSimulator;
import io.pitlake.source.rest.AuthStyle;
import io.pitlake.source.rest.Credentials;
import io.pitlake.source.rest.FetchedRecord;
import io.pitlake.source.rest.split.RestSplit;
import io.pitlake.vendor.polygon.PolygonDataset;
import io.pitlake.vendor.polygon.PolygonDatasetProtocol;
import io.pitlake.vendor.polygon.PolygonDividend;
import io.pitlake.vendor.polygon.PolygonGroupedBar;
import io.pitlake.vendor.polygon.PolygonMinuteBar;
import io.pitlake.vendor.polygon.PolygonNewsArticle;
import io.pitlake.vendor.polygon.PolygonSplit;
import io.pitlake.vendor.polygon.PolygonTickerDetails;
import io.pitlake.vendor.polygon.PolygonTickerEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST source's split reader against the Polygon simulator's datasets over loopback. */
class PolygonDatasetsSplitReaderTest {

  private static final String KEY = "polygon-reader-key-0123456789";
  private static final Instant NOW = Instant.parse("2025-12-01T12:00:00Z");
  private static final LocalDate JAN_1 = LocalDate.of(2024, 1, 1);
  private static final LocalDate DEC_31 = LocalDate.of(2024, 12, 31);

  @TempDir Path tmp;

  private PolygonSimulator vendor;
  private Credentials credentials;

  @BeforeEach
  void start() throws IOException {
    vendor =
        PolygonSimulator.builder()
            .apiKey(KEY)
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .build()
            .start();
    Path keyFile = tmp.resolve("polygon.key");
    Files.writeString(keyFile, KEY + "\n");
    credentials = Credentials.fromFile(keyFile);
  }

  @AfterEach
  void stop() {
    vendor.close();
  }

  @Test
  @DisplayName("splits and dividends of every ticker follow next_url to the end, one per page")
  void readsCorporateActionsAcrossPages() throws IOException {
    SplitDrain.Result splits = read(PolygonDataset.SPLITS, 1, RestSplit.of("*", JAN_1, DEC_31));
    assertThat(splits.records()).hasSize(2);
    assertThat(splits.requestUrls()).hasSize(2);
    assertThat(splits.requestUrls().get(1)).contains("/v3/reference/splits?cursor=");
    assertThat(splits.records().stream().map(r -> PolygonSplit.parse(r.payload())))
        .extracting(PolygonSplit::ticker, s -> s.ratio().doubleValue())
        .containsExactly(tuple("SPLT", 4.0), tuple("RSPL", 0.1));
    assertThat(splits.finalState().isExhausted()).isTrue();

    SplitDrain.Result dividends =
        read(PolygonDataset.DIVIDENDS, 2, RestSplit.of("DIVC", JAN_1, DEC_31));
    List<PolygonDividend> parsed =
        dividends.records().stream().map(r -> PolygonDividend.parse(r.payload())).toList();
    assertThat(parsed).hasSize(3).allMatch(d -> d.availableAt().isBefore(d.eventTime()));
    assertThat(parsed.get(2).isSpecial()).isTrue();
    assertThat(dividends.requestUrls()).hasSize(2);
  }

  @Test
  @DisplayName("news and ticker events: every article, one element per event")
  void readsNewsAndEvents() throws IOException {
    SplitDrain.Result news = read(PolygonDataset.NEWS, 3, RestSplit.of("*", JAN_1, DEC_31));
    assertThat(news.records()).hasSize(7);
    assertThat(news.requestUrls()).hasSize(3);
    assertThat(
            news.records().stream()
                .map(r -> PolygonNewsArticle.parse(r.payload()).publishedUtc())
                .toList())
        .isSorted();

    SplitDrain.Result events =
        read(PolygonDataset.TICKER_EVENTS, 1000, RestSplit.of("NEWC", JAN_1, DEC_31));
    assertThat(events.records().stream().map(r -> PolygonTickerEvent.parse(r.payload())))
        .extracting(PolygonTickerEvent::ticker, PolygonTickerEvent::date)
        .containsExactly(
            tuple("NEWC", LocalDate.of(2024, 9, 3)), tuple("OLDC", LocalDate.of(2000, 1, 3)));
  }

  @Test
  @DisplayName("ticker details as of a day, and the whole market's bars of one session")
  void readsDetailsAndGroupedDaily() throws IOException {
    LocalDate day = LocalDate.of(2024, 10, 1);
    SplitDrain.Result details =
        read(PolygonDataset.TICKER_DETAILS, 1000, RestSplit.of("GONE", day, day));
    PolygonTickerDetails gone = PolygonTickerDetails.parse(details.records().get(0).payload(), day);
    assertThat(gone.active()).isFalse();
    assertThat(gone.delistedUtc()).isEqualTo(Instant.parse("2024-10-01T04:00:00Z"));

    RestSplit session = PolygonDatasetProtocol.groupedDailySplits(day, day).get(0);
    SplitDrain.Result grouped = read(PolygonDataset.GROUPED_DAILY, 1000, session);
    List<PolygonGroupedBar> bars =
        grouped.records().stream().map(r -> PolygonGroupedBar.parse(r.payload(), day)).toList();
    assertThat(bars)
        .extracting(PolygonGroupedBar::symbol)
        .doesNotContain("GONE")
        .contains("AAPL", "NEWC");
    PolygonGroupedBar aapl =
        bars.stream().filter(b -> b.symbol().equals("AAPL")).findFirst().orElseThrow();
    assertThat(aapl.c()).isEqualTo(vendor.bar("AAPL", day, NOW).c());
  }

  @Test
  @DisplayName("ticker details of a ticker before it was listed are no data, not a failure")
  void detailsBeforeATickerExistedAreNoData() throws IOException {
    LocalDate beforeRename = LocalDate.of(2024, 8, 30);
    try (SplitDrain drain =
        new SplitDrain(
            vendor.baseUrl(),
            new PolygonDatasetProtocol(PolygonDataset.TICKER_DETAILS),
            credentials)) {
      SplitDrain.Result result = drain.drain(RestSplit.of("NEWC", beforeRename, beforeRename));

      assertThat(result.records()).isEmpty();
      assertThat(vendor.requestCount()).isEqualTo(1);
      assertThat(result.finalState().isExhausted()).isTrue();
    }
    LocalDate afterRename = LocalDate.of(2024, 9, 30);
    assertThat(
            read(
                    PolygonDataset.TICKER_DETAILS,
                    1000,
                    RestSplit.of("NEWC", afterRename, afterRename))
                .records())
        .hasSize(1);
  }

  @Test
  @DisplayName("a symbol-day of minute bars pages through next_url to the session's 390 bars")
  void readsMinuteBarsOfOneDay() throws IOException {
    RestSplit split =
        PolygonDatasetProtocol.sessionSplits(
                List.of("AAPL"), LocalDate.of(2024, 3, 8), LocalDate.of(2024, 3, 8))
            .get(0);
    SplitDrain.Result result = read(PolygonDataset.MINUTE_AGGS, 100, split);

    List<PolygonMinuteBar> bars =
        result.records().stream().map(r -> PolygonMinuteBar.parse(r.payload(), r.key())).toList();
    assertThat(bars).hasSize(390);
    assertThat(bars.stream().map(PolygonMinuteBar::eventTime).distinct()).hasSize(390);
    assertThat(bars.get(0).eventTime()).isEqualTo(Instant.parse("2024-03-08T14:30:00Z"));
    assertThat(bars.get(0).o()).isEqualTo(vendor.bar("AAPL", LocalDate.of(2024, 3, 8), NOW).o());
    assertThat(result.requestUrls()).hasSize(4);
    assertThat(result.requestUrls().get(1))
        .contains(
            "/range/1/minute/" + bars.get(100).eventTime().toEpochMilli() + "/2024-03-08?cursor=");
  }

  private SplitDrain.Result read(PolygonDataset dataset, int pageSize, RestSplit split)
      throws IOException {
    try (SplitDrain drain =
        new SplitDrain(
            vendor.baseUrl(),
            new PolygonDatasetProtocol(dataset, pageSize, AuthStyle.bearerHeader()),
            credentials)) {
      SplitDrain.Result result = drain.drain(split);
      assertThat(result.records()).isNotEmpty().noneMatch(FetchedRecord::isFailure);
      assertThat(result.records()).allSatisfy(r -> assertThat(r.requestUrl()).doesNotContain(KEY));
      assertThat(result.finalState().isExhausted()).isTrue();
      return result;
    }
  }
}
