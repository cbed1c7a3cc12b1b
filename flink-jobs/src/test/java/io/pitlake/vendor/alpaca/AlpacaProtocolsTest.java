package io.pitlake.vendor.alpaca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pitlake.source.rest.MalformedPageException;
import io.pitlake.source.rest.ParsedPage;
import io.pitlake.source.rest.split.RestSplit;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import okhttp3.HttpUrl;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Replays the apiref fixtures through Alpaca's protocols and typed records. */
class AlpacaProtocolsTest {

  private static final HttpUrl BASE = HttpUrl.get("http://127.0.0.1:8080/");

  @Test
  @DisplayName(
      "the bars URL carries the symbol list, timeframe, New York day bounds, feed, adjustment")
  void barsFirstPage() {
    RestSplit split =
        RestSplit.of("AAPL,BRK.B,TSLA", LocalDate.of(2022, 2, 1), LocalDate.of(2022, 3, 9));

    HttpUrl url =
        new AlpacaBarsProtocol(
                AlpacaTimeframe.MINUTE, AlpacaFeed.DELAYED_SIP, AlpacaAdjustment.SPLIT, 500)
            .firstPage(BASE, split);

    assertThat(url.encodedPath()).isEqualTo("/v2/stocks/bars");
    assertThat(url.queryParameter("symbols")).isEqualTo("AAPL,BRK.B,TSLA");
    assertThat(url.queryParameter("timeframe")).isEqualTo("1Min");
    assertThat(url.queryParameter("start")).isEqualTo("2022-02-01T05:00:00Z");
    assertThat(url.queryParameter("end")).isEqualTo("2022-03-10T04:59:59Z");
    assertThat(url.queryParameter("limit")).isEqualTo("500");
    assertThat(url.queryParameter("feed")).isEqualTo("delayed_sip");
    assertThat(url.queryParameter("adjustment")).isEqualTo("split");
    assertThat(url.queryParameter("sort")).isEqualTo("asc");
    assertThat(url.queryParameter("page_token")).isNull();
    HttpUrl daily = new AlpacaBarsProtocol().firstPage(BASE, split);
    assertThat(daily.queryParameter("timeframe")).isEqualTo("1Day");
    assertThat(daily.queryParameter("feed")).isEqualTo("sip");
    assertThat(daily.queryParameter("adjustment")).isEqualTo("raw");
    assertThat(daily.queryParameter("limit")).isEqualTo("10000");
  }

  @Test
  @DisplayName("the options' defaults are SIP, raw, daily, 200 requests a minute")
  void optionDefaults() {
    Configuration config = new Configuration();
    assertThat(config.get(AlpacaOptions.FEED)).isEqualTo(AlpacaFeed.SIP);
    assertThat(config.get(AlpacaOptions.ADJUSTMENT)).isEqualTo(AlpacaAdjustment.RAW);
    assertThat(config.get(AlpacaOptions.TIMEFRAME)).isEqualTo(AlpacaTimeframe.DAY);
    assertThat(config.get(AlpacaOptions.REQUESTS_PER_MINUTE)).isEqualTo(200);
    config.setString(AlpacaOptions.FEED.key(), "iex");
    config.setString(AlpacaOptions.ADJUSTMENT.key(), "all");
    assertThat(config.get(AlpacaOptions.FEED)).isEqualTo(AlpacaFeed.IEX);
    assertThat(config.get(AlpacaOptions.ADJUSTMENT)).isEqualTo(AlpacaAdjustment.ALL);
  }

  @Test
  @DisplayName("splits group sorted symbols per request and cut the range into chunks")
  void splitsBatchSymbols() {
    List<RestSplit> splits =
        AlpacaBarsProtocol.splits(
            List.of("TSLA", "AAPL", "MSFT", "BRK.B", "SPY"),
            2,
            LocalDate.of(2024, 1, 1),
            LocalDate.of(2025, 6, 30),
            Period.ofYears(1));
    assertThat(splits)
        .extracting(RestSplit::splitId)
        .containsExactly(
            "AAPL,BRK.B:2024-01-01:2024-12-31",
            "MSFT,SPY:2024-01-01:2024-12-31",
            "TSLA:2024-01-01:2024-12-31",
            "AAPL,BRK.B:2025-01-01:2025-06-30",
            "MSFT,SPY:2025-01-01:2025-06-30",
            "TSLA:2025-01-01:2025-06-30");
    assertThatThrownBy(
            () ->
                AlpacaBarsProtocol.splits(
                    List.of("AAPL", "AAPL"), 2, LocalDate.MIN, LocalDate.MAX, Period.ofYears(1)))
        .hasMessageContaining("list each symbol once");
    assertThatThrownBy(
            () ->
                AlpacaBarsProtocol.splits(
                    List.of("A,B"), 2, LocalDate.MIN, LocalDate.MAX, Period.ofYears(1)))
        .hasMessageContaining("holds a comma");
    assertThatThrownBy(
            () ->
                new AlpacaBarsProtocol(
                    AlpacaTimeframe.DAY, AlpacaFeed.SIP, AlpacaAdjustment.RAW, 10_001))
        .hasMessageContaining("alpaca.bars.page-size between 1 and 10000");
  }

  @Test
  @DisplayName(
      "a multi-symbol page: one element per bar with its symbol as S, the token to page on")
  void barsFixture() throws Exception {
    ParsedPage page = new AlpacaBarsProtocol().parse(fixture("alpaca-bars-multi.json"));

    assertThat(page.elements())
        .containsExactly(
            "{\"S\":\"AAPL\",\"t\":\"2022-02-01T05:00:00Z\",\"o\":174,\"h\":174.84,\"l\":172.31,"
                + "\"c\":174.61,\"v\":85998033,\"n\":732412,\"vw\":173.703516}",
            "{\"S\":\"AAPL\",\"t\":\"2022-02-02T05:00:00Z\",\"o\":174.64,\"h\":175.88,"
                + "\"l\":173.33,\"c\":175.84,\"v\":84817432,\"n\":675034,\"vw\":174.941288}");
    assertThat(page.nextUrl()).isNull();
    assertThat(page.nextToken().parameter()).isEqualTo("page_token");
    assertThat(page.nextToken().value())
        .isEqualTo("QUFQTHxEfDIwMjItMDItMDJUMDU6MDA6MDAuMDAwMDAwMDAwWg==");

    AlpacaBar bar = AlpacaBar.parse(page.elements().get(0));
    assertThat(bar.symbol()).isEqualTo("AAPL");
    assertThat(bar.eventTime()).isEqualTo(Instant.parse("2022-02-01T05:00:00Z"));
    assertThat(bar.sessionDate()).isEqualTo(LocalDate.of(2022, 2, 1));
    assertThat(bar.o()).isEqualTo(174.0);
    assertThat(bar.h()).isEqualTo(174.84);
    assertThat(bar.l()).isEqualTo(172.31);
    assertThat(bar.c()).isEqualTo(174.61);
    assertThat(bar.v()).isEqualTo(85998033.0);
    assertThat(bar.n()).isEqualTo(732412L);
    assertThat(bar.vw()).isEqualTo(173.703516);
    assertThat(bar.availableAt(AlpacaTimeframe.DAY, Duration.ofMinutes(15)))
        .as("20:00 EST + 15 min")
        .isEqualTo(Instant.parse("2022-02-02T01:15:00Z"));
    assertThat(bar.availableAt(AlpacaTimeframe.MINUTE, Duration.ZERO))
        .isEqualTo(Instant.parse("2022-02-01T05:01:00Z"));
  }

  @Test
  @DisplayName("the last page has both symbols and no next page")
  void lastBarsPage() throws Exception {
    ParsedPage page = new AlpacaBarsProtocol().parse(fixture("alpaca-bars-multi-lastpage.json"));

    assertThat(page.hasNext()).isFalse();
    assertThat(page.elements()).hasSize(2);
    AlpacaBar tsla = AlpacaBar.parse(page.elements().get(1));
    assertThat(tsla.symbol()).isEqualTo("TSLA");
    assertThat(tsla.eventTime()).isEqualTo(Instant.parse("2022-03-09T05:00:00Z"));
    assertThat(tsla.o()).isEqualTo(839.0);
    assertThat(tsla.c()).isEqualTo(858.97);
    assertThat(tsla.v()).isEqualTo(19227323.0);
  }

  @Test
  @DisplayName("corporate actions: every type of the fixture, typed, dated by its effective day")
  void corporateActionsFixture() throws Exception {
    AlpacaCorporateActionsProtocol protocol = new AlpacaCorporateActionsProtocol();
    ParsedPage page = protocol.parse(fixture("alpaca-corporate-actions.json"));

    assertThat(page.nextToken().value())
        .isEqualTo("MDA3Q1ZSMDIwfDIwMjQtMDItMTV8NjBiZjkxYzItMDc0Ni00ZDliLThjOWUtYTgwYmIzMDhmZDkx");
    assertThat(page.elements()).hasSize(4);
    assertThat(page.elements().get(0)).startsWith("{\"ca_type\":\"forward_split\",\"cusip\":");
    List<AlpacaCorporateAction> actions =
        page.elements().stream().map(AlpacaCorporateAction::parse).toList();
    assertThat(actions)
        .extracting(AlpacaCorporateAction::type)
        .containsExactly("forward_split", "reverse_split", "cash_dividend", "name_change");

    AlpacaCorporateAction forward = actions.get(0);
    assertThat(forward.id()).isEqualTo("a7932b15-f816-4f83-921e-998b524487b1");
    assertThat(forward.symbol()).isEqualTo("SRE");
    assertThat(forward.cusip()).isEqualTo("CUSIP1");
    assertThat(forward.oldRate()).isEqualByComparingTo("1");
    assertThat(forward.newRate()).isEqualByComparingTo("2");
    assertThat(forward.exDate()).isEqualTo(LocalDate.of(2023, 8, 22));
    assertThat(forward.recordDate()).isEqualTo(LocalDate.of(2023, 8, 14));
    assertThat(forward.payableDate()).isEqualTo(LocalDate.of(2023, 8, 21));
    assertThat(forward.processDate()).isEqualTo(LocalDate.of(2023, 8, 22));
    assertThat(forward.eventTime()).isEqualTo(Instant.parse("2023-08-22T04:00:00Z"));
    assertThat(forward.availableAt()).isEqualTo(forward.eventTime());

    AlpacaCorporateAction reverse = actions.get(1);
    assertThat(reverse.symbol()).isEqualTo("MNTS");
    assertThat(reverse.oldRate()).isEqualByComparingTo("50");
    assertThat(reverse.newRate()).isEqualByComparingTo("1");
    assertThat(reverse.cusip()).isNull();
    assertThat(reverse.payableDate()).isNull();

    AlpacaCorporateAction dividend = actions.get(2);
    assertThat(dividend.symbol()).isEqualTo("FCF");
    assertThat(dividend.rate()).isEqualByComparingTo("0.125");
    assertThat(dividend.special()).isFalse();
    assertThat(dividend.foreign()).isFalse();
    assertThat(dividend.exDate()).isEqualTo(LocalDate.of(2023, 5, 4));
    assertThat(dividend.payableDate()).isEqualTo(LocalDate.of(2023, 5, 19));

    AlpacaCorporateAction rename = actions.get(3);
    assertThat(rename.symbol()).isEqualTo("VFS");
    assertThat(rename.oldSymbol()).isEqualTo("BSAQ");
    assertThat(rename.exDate()).isNull();
    assertThat(rename.effectiveDate()).isEqualTo(LocalDate.of(2023, 8, 15));
    assertThat(rename.availableAt()).isEqualTo(Instant.parse("2023-08-15T04:00:00Z"));
    assertThatThrownBy(
            () ->
                AlpacaCorporateAction.parse(
                    "{\"ca_type\":\"cash_dividend\",\"id\":\"x1\",\"symbol\":\"FCF\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Alpaca corporate action x1 has none of ex_date")
        .hasMessageContaining("cannot be dated");
  }

  @Test
  @DisplayName("corporate actions and news ask for every symbol with *, a list otherwise")
  void referenceFirstPages() {
    RestSplit all = RestSplit.of("*", LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31));
    HttpUrl actions = new AlpacaCorporateActionsProtocol(100).firstPage(BASE, all);
    assertThat(actions.encodedPath()).isEqualTo("/v1/corporate-actions");
    assertThat(actions.queryParameter("symbols")).isNull();
    assertThat(actions.queryParameter("start")).isEqualTo("2024-01-01");
    assertThat(actions.queryParameter("end")).isEqualTo("2024-12-31");
    assertThat(actions.queryParameter("limit")).isEqualTo("100");
    HttpUrl news =
        new AlpacaNewsProtocol()
            .firstPage(
                BASE,
                RestSplit.of("AAPL,TSLA", LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31)));
    assertThat(news.encodedPath()).isEqualTo("/v1beta1/news");
    assertThat(news.queryParameter("symbols")).isEqualTo("AAPL,TSLA");
    assertThat(news.queryParameter("start")).isEqualTo("2024-01-01T00:00:00Z");
    assertThat(news.queryParameter("end")).isEqualTo("2024-01-31T23:59:59Z");
    assertThat(news.queryParameter("limit")).isEqualTo("50");
    assertThat(news.queryParameter("sort")).isEqualTo("asc");
    assertThatThrownBy(() -> new AlpacaNewsProtocol(51))
        .hasMessageContaining("alpaca.news.page-size between 1 and 50");
  }

  @Test
  @DisplayName("news: every article field, available when last updated")
  void newsFixture() throws Exception {
    ParsedPage page = new AlpacaNewsProtocol().parse(fixture("alpaca-news.json"));

    assertThat(page.nextToken().value()).isEqualTo("MTY0MDk0ODkyMzAwMDAwMDAwMHwyNDg0MzE3MQ==");
    assertThat(page.elements()).hasSize(2);
    AlpacaNewsArticle first = AlpacaNewsArticle.parse(page.elements().get(0));
    assertThat(first.id()).isEqualTo(41799100L);
    assertThat(first.headline()).startsWith("Piper Sandler Maintains Neutral on Clearwater");
    assertThat(first.author()).isEqualTo("Benzinga Newsdesk");
    assertThat(first.createdAt()).isEqualTo(Instant.parse("2024-11-07T09:16:41Z"));
    assertThat(first.updatedAt()).isEqualTo(Instant.parse("2024-11-07T09:16:41Z"));
    assertThat(first.summary()).isEmpty();
    assertThat(first.url()).startsWith("https://www.benzinga.com/news/24/11/41799100/");
    assertThat(first.symbols()).containsExactly("CWAN");
    assertThat(first.source()).isEqualTo("benzinga");
    assertThat(first.availableAt()).isEqualTo(first.createdAt());

    AlpacaNewsArticle second = AlpacaNewsArticle.parse(page.elements().get(1));
    assertThat(second.id()).isEqualTo(24843171L);
    assertThat(second.symbols()).containsExactly("AAPL");
    assertThat(second.eventTime()).isEqualTo(Instant.parse("2021-12-31T11:08:42Z"));
    assertThat(second.availableAt())
        .as("the content fetched is the update of one second later")
        .isEqualTo(Instant.parse("2021-12-31T11:08:43Z"));
  }

  @Test
  @DisplayName("an error object, a wrong shape and HTML are malformed pages")
  void refusesMalformedPages() {
    assertThatThrownBy(
            () ->
                new AlpacaBarsProtocol()
                    .parse(
                        "{\"code\":42210000,\"message\":\"subscription does not permit querying recent SIP data\"}"))
        .isInstanceOf(MalformedPageException.class)
        .hasMessageContaining("no field bars")
        .hasMessageContaining("subscription does not permit");
    assertThatThrownBy(() -> new AlpacaBarsProtocol().parse("{\"bars\":[]}"))
        .hasMessageContaining("not an object of symbols");
    assertThatThrownBy(() -> new AlpacaNewsProtocol().parse("<html></html>"))
        .hasMessageContaining("Alpaca page is not JSON");
  }

  private static String fixture(String name) throws IOException {
    try (InputStream in = AlpacaProtocolsTest.class.getResourceAsStream("/apiref/" + name)) {
      assertThat(in).as("test resource /apiref/%s", name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
