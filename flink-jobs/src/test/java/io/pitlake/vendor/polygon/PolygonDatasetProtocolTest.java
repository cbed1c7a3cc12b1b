package io.pitlake.vendor.polygon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pitlake.source.rest.MalformedPageException;
import io.pitlake.source.rest.ParsedPage;
import io.pitlake.source.rest.split.RestSplit;
import io.pitlake.vendor.MinuteBarAvailability;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Replays the apiref fixtures through each Polygon dataset's protocol and typed record. */
class PolygonDatasetProtocolTest {

  private static final HttpUrl BASE = HttpUrl.get("http://127.0.0.1:8080/polygon/");
  private static final LocalDate D2024_01_02 = LocalDate.of(2024, 1, 2);

  @Test
  @DisplayName("first pages: path, filters, ascending order and page size per dataset")
  void firstPageUrls() {
    RestSplit year = RestSplit.of("AAPL", D2024_01_02, LocalDate.of(2024, 12, 31));
    RestSplit all = RestSplit.of("*", D2024_01_02, LocalDate.of(2024, 12, 31));
    RestSplit day = RestSplit.of("BRK.B", D2024_01_02, D2024_01_02);

    assertThat(url(PolygonDataset.SPLITS, year))
        .isEqualTo(
            "http://127.0.0.1:8080/polygon/v3/reference/splits?ticker=AAPL"
                + "&execution_date.gte=2024-01-02&execution_date.lte=2024-12-31&order=asc"
                + "&sort=execution_date&limit=1000");
    assertThat(url(PolygonDataset.DIVIDENDS, all))
        .isEqualTo(
            "http://127.0.0.1:8080/polygon/v3/reference/dividends"
                + "?ex_dividend_date.gte=2024-01-02&ex_dividend_date.lte=2024-12-31&order=asc"
                + "&sort=ex_dividend_date&limit=1000");
    assertThat(url(PolygonDataset.NEWS, year))
        .isEqualTo(
            "http://127.0.0.1:8080/polygon/v2/reference/news?ticker=AAPL"
                + "&published_utc.gte=2024-01-02&published_utc.lt=2025-01-01&order=asc"
                + "&sort=published_utc&limit=1000");
    assertThat(url(PolygonDataset.GROUPED_DAILY, RestSplit.of("*", D2024_01_02, D2024_01_02)))
        .isEqualTo(
            "http://127.0.0.1:8080/polygon/v2/aggs/grouped/locale/us/market/stocks/2024-01-02"
                + "?adjusted=false");
    assertThat(url(PolygonDataset.TICKER_DETAILS, day))
        .isEqualTo("http://127.0.0.1:8080/polygon/v3/reference/tickers/BRK.B?date=2024-01-02");
    assertThat(url(PolygonDataset.TICKER_EVENTS, year))
        .isEqualTo(
            "http://127.0.0.1:8080/polygon/vX/reference/tickers/AAPL/events?types=ticker_change");
    assertThat(url(PolygonDataset.MINUTE_AGGS, day))
        .isEqualTo(
            "http://127.0.0.1:8080/polygon/v2/aggs/ticker/BRK.B/range/1/minute/2024-01-02"
                + "/2024-01-02?adjusted=false&sort=asc&limit=50000");
    assertThat(url(PolygonDataset.DAY_AGGS_ADJUSTED, year))
        .isEqualTo(
            "http://127.0.0.1:8080/polygon/v2/aggs/ticker/AAPL/range/1/day/2024-01-02"
                + "/2024-12-31?adjusted=true&sort=asc&limit=50000");
  }

  @Test
  @DisplayName("one-day datasets refuse a multi-day split, per-ticker ones the * key")
  void refusesSplitsOfTheWrongShape() {
    RestSplit twoDays = RestSplit.of("AAPL", D2024_01_02, LocalDate.of(2024, 1, 3));
    assertThatThrownBy(() -> url(PolygonDataset.TICKER_DETAILS, twoDays))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("spans 2024-01-02 to 2024-01-03")
        .hasMessageContaining("make one split per day");
    assertThatThrownBy(
            () -> url(PolygonDataset.MINUTE_AGGS, RestSplit.of("*", D2024_01_02, D2024_01_02)))
        .hasMessageContaining("needs one ticker per split");
    assertThatThrownBy(() -> new PolygonDatasetProtocol(PolygonDataset.SPLITS, 1001, null))
        .hasMessageContaining("polygon.reference.page-size between 1 and 1000");
  }

  @Test
  @DisplayName("minute splits are one per ticker and NYSE session; grouped one per session")
  void minuteAndGroupedSplits() {
    List<RestSplit> minutes =
        PolygonDatasetProtocol.sessionSplits(
            List.of("AAPL", "MSFT"), LocalDate.of(2024, 7, 3), LocalDate.of(2024, 7, 8));
    assertThat(minutes)
        .extracting(RestSplit::splitId)
        .containsExactly(
            "AAPL:2024-07-03:2024-07-03",
            "MSFT:2024-07-03:2024-07-03",
            "AAPL:2024-07-05:2024-07-05",
            "MSFT:2024-07-05:2024-07-05",
            "AAPL:2024-07-08:2024-07-08",
            "MSFT:2024-07-08:2024-07-08");
    assertThat(
            PolygonDatasetProtocol.groupedDailySplits(
                LocalDate.of(2024, 7, 3), LocalDate.of(2024, 7, 5)))
        .extracting(RestSplit::splitId)
        .containsExactly("*:2024-07-03:2024-07-03", "*:2024-07-05:2024-07-05");
  }

  @Test
  @DisplayName("grouped daily: every result, keyed by the requested session, t kept as window end")
  void groupedDailyFixture() throws Exception {
    ParsedPage page = parse(PolygonDataset.GROUPED_DAILY, "polygon-grouped-daily.json");

    assertThat(page.elements()).hasSize(3);
    assertThat(page.hasNext()).isFalse();
    LocalDate session = LocalDate.of(2020, 10, 14);
    PolygonGroupedBar tanh = PolygonGroupedBar.parse(page.elements().get(1), session);
    assertThat(tanh.symbol()).isEqualTo("TANH");
    assertThat(tanh.session()).isEqualTo(session);
    assertThat(tanh.windowEnd()).isEqualTo(Instant.parse("2020-10-14T20:00:00Z"));
    assertThat(tanh.o()).isEqualTo(24.5);
    assertThat(tanh.h()).isEqualTo(24.763);
    assertThat(tanh.l()).isEqualTo(22.65);
    assertThat(tanh.c()).isEqualTo(23.4);
    assertThat(tanh.v()).isEqualTo(25933.6);
    assertThat(tanh.vw()).isEqualTo(23.493);
    assertThat(tanh.n()).isEqualTo(1096L);
    assertThat(tanh.otc()).isNull();
    assertThat(tanh.eventTime()).isEqualTo(Instant.parse("2020-10-14T04:00:00Z"));
    assertThat(tanh.availableAt(new PolygonDailyBarAvailability(Duration.ofMinutes(15))))
        .isEqualTo(Instant.parse("2020-10-15T00:15:00Z"));
    assertThat(PolygonGroupedBar.parse(page.elements().get(0), session).symbol())
        .isEqualTo("KIMpL");
  }

  @Test
  @DisplayName("splits: forward 4:1 and 2:1, dated by execution date, next_url followed")
  void splitsFixture() throws Exception {
    ParsedPage page = parse(PolygonDataset.SPLITS, "polygon-splits.json");

    assertThat(page.nextUrl()).startsWith("https://api.massive.com/v3/splits/AAPL?cursor=YWN0");
    assertThat(page.elements()).hasSize(2);
    PolygonSplit split = PolygonSplit.parse(page.elements().get(0));
    assertThat(split.id())
        .isEqualTo("E36416cce743c3964c5da63e1ef1626c0aece30fb47302eea5a49c0055c04e8d0");
    assertThat(split.ticker()).isEqualTo("AAPL");
    assertThat(split.executionDate()).isEqualTo(LocalDate.of(2020, 8, 31));
    assertThat(split.splitFrom()).isEqualByComparingTo("1");
    assertThat(split.splitTo()).isEqualByComparingTo("4");
    assertThat(split.ratio()).isEqualByComparingTo("4");
    assertThat(split.isReverse()).isFalse();
    assertThat(split.eventTime()).isEqualTo(Instant.parse("2020-08-31T04:00:00Z"));
    assertThat(split.availableAt()).isEqualTo(split.eventTime());
    assertThat(PolygonSplit.parse(page.elements().get(1)).executionDate())
        .isEqualTo(LocalDate.of(2005, 2, 28));
    PolygonSplit reverse =
        PolygonSplit.parse(
            "{\"execution_date\":\"2024-08-20\",\"split_from\":10,\"split_to\":1,"
                + "\"ticker\":\"RSPL\"}");
    assertThat(reverse.isReverse()).isTrue();
    assertThat(reverse.ratio()).isEqualByComparingTo("0.1");
    assertThat(reverse.id()).isNull();
  }

  @Test
  @DisplayName("dividends: every date, amount exact, available at the end of the declaration day")
  void dividendsFixture() throws Exception {
    ParsedPage page = parse(PolygonDataset.DIVIDENDS, "polygon-dividends.json");

    assertThat(page.elements()).hasSize(3);
    assertThat(page.hasNext()).isFalse();
    PolygonDividend dividend = PolygonDividend.parse(page.elements().get(0));
    assertThat(dividend.id()).isNull();
    assertThat(dividend.ticker()).isEqualTo("CSSEN");
    assertThat(dividend.cashAmount()).isEqualTo(new BigDecimal("0.59375"));
    assertThat(dividend.currency()).isNull();
    assertThat(dividend.declarationDate()).isEqualTo(LocalDate.of(2020, 9, 9));
    assertThat(dividend.exDividendDate()).isEqualTo(LocalDate.of(2025, 6, 12));
    assertThat(dividend.recordDate()).isEqualTo(LocalDate.of(2025, 6, 15));
    assertThat(dividend.payDate()).isEqualTo(LocalDate.of(2025, 6, 30));
    assertThat(dividend.frequency()).isEqualTo(4L);
    assertThat(dividend.dividendType()).isEqualTo("CD");
    assertThat(dividend.isSpecial()).isFalse();
    assertThat(dividend.eventTime()).isEqualTo(Instant.parse("2025-06-12T04:00:00Z"));
    assertThat(dividend.availableAt()).isEqualTo(Instant.parse("2020-09-10T04:00:00Z"));
    PolygonDividend undeclared =
        PolygonDividend.parse(
            "{\"cash_amount\":1.5,\"ex_dividend_date\":\"2024-11-15\",\"ticker\":\"DIVC\","
                + "\"dividend_type\":\"SC\"}");
    assertThat(undeclared.isSpecial()).isTrue();
    assertThat(undeclared.availableAt()).isEqualTo(Instant.parse("2024-11-15T05:00:00Z"));
  }

  @Test
  @DisplayName("news: every field of the article, available when published")
  void newsFixture() throws Exception {
    ParsedPage page = parse(PolygonDataset.NEWS, "polygon-news.json");

    assertThat(page.nextUrl()).startsWith("https://api.massive.com:443/v2/reference/news?cursor=");
    PolygonNewsArticle article = PolygonNewsArticle.parse(page.elements().get(0));
    assertThat(article.id())
        .isEqualTo("8ec638777ca03b553ae516761c2a22ba2fdd2f37befae3ab6fdab74e9e5193eb");
    assertThat(article.publisherName()).isEqualTo("Investing.com");
    assertThat(article.title())
        .isEqualTo("Markets are underestimating Fed cuts: UBS By Investing.com - Investing.com UK");
    assertThat(article.author()).isEqualTo("Sam Boughedda");
    assertThat(article.publishedUtc()).isEqualTo(Instant.parse("2024-06-24T18:33:53Z"));
    assertThat(article.articleUrl())
        .isEqualTo(
            "https://uk.investing.com/news/stock-market-news/markets-are-underestimating-fed-cuts-ubs-3559968");
    assertThat(article.tickers()).containsExactly("UBS");
    assertThat(article.keywords())
        .containsExactly("Federal Reserve", "interest rates", "economic data");
    assertThat(article.description()).startsWith("UBS analysts warn");
    assertThat(article.eventTime()).isEqualTo(article.publishedUtc());
    assertThat(article.availableAt()).isEqualTo(article.publishedUtc());
  }

  @Test
  @DisplayName("ticker details: the results object is one element, as of the requested day")
  void tickerDetailsFixture() throws Exception {
    ParsedPage page = parse(PolygonDataset.TICKER_DETAILS, "polygon-ticker-details.json");

    assertThat(page.elements()).hasSize(1);
    LocalDate asOf = LocalDate.of(2024, 1, 2);
    PolygonTickerDetails details = PolygonTickerDetails.parse(page.elements().get(0), asOf);
    assertThat(details.ticker()).isEqualTo("AAPL");
    assertThat(details.asOf()).isEqualTo(asOf);
    assertThat(details.name()).isEqualTo("Apple Inc.");
    assertThat(details.active()).isTrue();
    assertThat(details.listDate()).isEqualTo(LocalDate.of(1980, 12, 12));
    assertThat(details.delistedUtc()).isNull();
    assertThat(details.cik()).isEqualTo("0000320193");
    assertThat(details.compositeFigi()).isEqualTo("BBG000B9XRY4");
    assertThat(details.shareClassFigi()).isEqualTo("BBG001S5N8V8");
    assertThat(details.primaryExchange()).isEqualTo("XNAS");
    assertThat(details.type()).isEqualTo("CS");
    assertThat(details.marketCap()).isEqualByComparingTo("2771126040150");
    assertThat(details.shareClassSharesOutstanding()).isEqualByComparingTo("16406400000");
    assertThat(details.weightedSharesOutstanding()).isEqualByComparingTo("16334371000");
    assertThat(details.eventTime()).isEqualTo(Instant.parse("2024-01-02T05:00:00Z"));
    assertThat(details.availableAt()).isEqualTo(Instant.parse("2024-01-03T05:00:00Z"));
  }

  @Test
  @DisplayName("ticker events: one element per event, each with the company's identifiers")
  void tickerEventsFixture() throws Exception {
    ParsedPage page = parse(PolygonDataset.TICKER_EVENTS, "polygon-ticker-events.json");

    assertThat(page.elements()).hasSize(2);
    PolygonTickerEvent meta = PolygonTickerEvent.parse(page.elements().get(0));
    assertThat(meta.compositeFigi()).isEqualTo("BBG000MM2P62");
    assertThat(meta.cik()).isEqualTo("0001326801");
    assertThat(meta.name()).isEqualTo("Meta Platforms, Inc. Class A Common Stock");
    assertThat(meta.type()).isEqualTo("ticker_change");
    assertThat(meta.date()).isEqualTo(LocalDate.of(2022, 6, 11));
    assertThat(meta.ticker()).isEqualTo("META");
    assertThat(meta.eventTime()).isEqualTo(Instant.parse("2022-06-11T04:00:00Z"));
    assertThat(meta.availableAt()).isEqualTo(meta.eventTime());
    PolygonTickerEvent fb = PolygonTickerEvent.parse(page.elements().get(1));
    assertThat(fb.ticker()).isEqualTo("FB");
    assertThat(fb.date()).isEqualTo(LocalDate.of(2012, 5, 18));
    assertThat(fb.compositeFigi()).isEqualTo("BBG000MM2P62");
  }

  @Test
  @DisplayName("minute bars: start time from t, availability one minute plus the delay later")
  void minuteBar() throws Exception {
    ParsedPage page =
        new PolygonDatasetProtocol(PolygonDataset.MINUTE_AGGS)
            .parse(
                "{\"ticker\":\"AAPL\",\"status\":\"OK\",\"results\":[{\"v\":1200.0,"
                    + "\"vw\":190.1,\"o\":190.0,\"c\":190.2,\"h\":190.3,\"l\":189.9,"
                    + "\"t\":1704205800000,\"n\":12}]}");
    PolygonMinuteBar bar = PolygonMinuteBar.parse(page.elements().get(0), "AAPL");
    assertThat(page.elements().get(0)).contains("\"v\":1200.0");
    assertThat(bar.symbol()).isEqualTo("AAPL");
    assertThat(bar.eventTime()).isEqualTo(Instant.parse("2024-01-02T14:30:00Z"));
    assertThat(bar.o()).isEqualTo(190.0);
    assertThat(bar.h()).isEqualTo(190.3);
    assertThat(bar.l()).isEqualTo(189.9);
    assertThat(bar.c()).isEqualTo(190.2);
    assertThat(bar.v()).isEqualTo(1200.0);
    assertThat(bar.vw()).isEqualTo(190.1);
    assertThat(bar.n()).isEqualTo(12L);
    assertThat(bar.availableAt(new MinuteBarAvailability(Duration.ofMinutes(15))))
        .isEqualTo(Instant.parse("2024-01-02T14:46:00Z"));
    assertThatThrownBy(() -> PolygonMinuteBar.parse("{\"o\":1}", "AAPL"))
        .hasMessageContaining("Polygon minute bar has no field t");
  }

  @Test
  @DisplayName("an error status, a non-list results and non-JSON are malformed pages")
  void refusesMalformedPages() {
    PolygonDatasetProtocol splits = new PolygonDatasetProtocol(PolygonDataset.SPLITS);
    assertThatThrownBy(() -> splits.parse("{\"status\":\"ERROR\",\"error\":\"bad ticker\"}"))
        .isInstanceOf(MalformedPageException.class)
        .hasMessage(
            "Polygon splits page has status ERROR, not OK or DELAYED (bad ticker): check the key"
                + " (polygon.api-key-env or polygon.api-key-file) and that the plan covers this"
                + " endpoint");
    String fixUrl = "check that polygon.base-url is Polygon's REST API";
    assertThatThrownBy(() -> splits.parse("{\"status\":\"OK\",\"results\":{}}"))
        .isInstanceOf(MalformedPageException.class)
        .hasMessage(
            "Polygon splits page's field results is a JSON object, not an array: " + fixUrl);
    assertThatThrownBy(
            () ->
                new PolygonDatasetProtocol(PolygonDataset.TICKER_DETAILS)
                    .parse("{\"status\":\"OK\",\"results\":[]}"))
        .hasMessage(
            "Polygon ticker_details page's field results is a JSON array, not an object: "
                + fixUrl);
    assertThatThrownBy(
            () ->
                new PolygonDatasetProtocol(PolygonDataset.TICKER_EVENTS)
                    .parse("{\"status\":\"OK\",\"results\":{\"events\":{}}}"))
        .hasMessage(
            "Polygon ticker_events page's field results.events is a JSON object, not an array: "
                + fixUrl);
    assertThatThrownBy(() -> splits.parse("<html>"))
        .hasMessageStartingWith("Polygon splits page is not JSON (")
        .hasMessageEndingWith(fixUrl);
  }

  private static String url(PolygonDataset dataset, RestSplit split) {
    return new PolygonDatasetProtocol(dataset).firstPage(BASE, split).toString();
  }

  private static ParsedPage parse(PolygonDataset dataset, String fixture) throws Exception {
    return new PolygonDatasetProtocol(dataset).parse(fixture(fixture));
  }

  static String fixture(String name) throws IOException {
    try (InputStream in = PolygonDatasetProtocolTest.class.getResourceAsStream("/apiref/" + name)) {
      assertThat(in).as("test resource /apiref/%s", name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
