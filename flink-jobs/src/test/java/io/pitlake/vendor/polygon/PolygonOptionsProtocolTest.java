package io.pitlake.vendor.polygon;

import static io.pitlake.vendor.polygon.PolygonDatasetProtocolTest.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pitlake.source.rest.AuthStyle;
import io.pitlake.source.rest.MalformedPageException;
import io.pitlake.source.rest.ParsedPage;
import io.pitlake.source.rest.split.RestSplit;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Replays the apiref option payloads through the options datasets' protocols and records. */
class PolygonOptionsProtocolTest {

  private static final HttpUrl BASE = HttpUrl.get("http://127.0.0.1:8080/polygon/");
  private static final LocalDate JUNE_3 = LocalDate.of(2024, 6, 3);
  private static final PolygonOptionAggsProtocol AGGS =
      new PolygonOptionAggsProtocol(50_000, AuthStyle.bearerHeader());

  @Test
  @DisplayName("contracts: one underlying as of one day, unexpired as of that day, by ticker")
  void contractsFirstPage() {
    String url =
        new PolygonDatasetProtocol(PolygonDataset.OPTIONS_CONTRACTS)
            .firstPage(BASE, RestSplit.of("SPLT", JUNE_3, JUNE_3))
            .toString();

    assertThat(url)
        .isEqualTo(
            "http://127.0.0.1:8080/polygon/v3/reference/options/contracts?underlying_ticker=SPLT"
                + "&as_of=2024-06-03&expired=false&order=asc&sort=ticker&limit=1000");
    assertThatThrownBy(
            () ->
                new PolygonDatasetProtocol(PolygonDataset.OPTIONS_CONTRACTS)
                    .firstPage(BASE, RestSplit.of("SPLT", JUNE_3, JUNE_3.plusDays(1))))
        .hasMessageContaining("make one split per day");
  }

  @Test
  @DisplayName("contracts fixture: each result an element, keyed ticker|as_of, known at day end")
  void contractsFixture() throws Exception {
    ParsedPage page =
        new PolygonDatasetProtocol(PolygonDataset.OPTIONS_CONTRACTS)
            .parse(fixture("polygon-options-contracts.json"));

    assertThat(page.elements()).hasSize(3);
    assertThat(page.nextUrl()).startsWith("https://api.massive.com/v3/reference/options/contracts");
    PolygonOptionContract contract = PolygonOptionContract.parse(page.elements().get(0), JUNE_3);
    assertThat(contract.key()).isEqualTo("O:A220520C00065000|2024-06-03");
    assertThat(contract.eventTime()).isEqualTo(Instant.parse("2024-06-03T04:00:00Z"));
    assertThat(contract.availableAt()).isEqualTo(Instant.parse("2024-06-04T04:00:00Z"));
    assertThat(page.elements().get(0)).contains("\"shares_per_contract\":100");
  }

  @Test
  @DisplayName("option aggs fixture: bars carry the contract's ticker and the daily-bar rule")
  void aggsFixture() throws Exception {
    HttpUrl cursor =
        BASE.resolve("v2/aggs/ticker/O:RDFN211119C00025000/range/1/day/2021-09-01/2021-09-30");
    ParsedPage page = AGGS.parse(fixture("polygon-options-aggs.json"), cursor);

    assertThat(page.elements()).hasSize(2);
    PolygonOptionDayBar bar = PolygonOptionDayBar.parse(page.elements().get(0));
    assertThat(bar.ticker()).isEqualTo("O:RDFN211119C00025000");
    assertThat(bar.session()).isEqualTo(LocalDate.of(2021, 9, 23));
    assertThat(bar.availableAt(new PolygonDailyBarAvailability(Duration.ofMinutes(15))))
        .isEqualTo(Instant.parse("2021-09-24T00:15:00Z"));
    assertThat(page.elements().get(1)).contains("\"c\":28.3");
  }

  @Test
  @DisplayName(
      "option aggs split: expired then live listing, each contract's bars, state never sent")
  void aggsSplitWalk() throws Exception {
    RestSplit june = RestSplit.of("A", JUNE_3, LocalDate.of(2024, 6, 28));
    HttpUrl first = AGGS.firstPage(BASE, june);
    assertThat(AGGS.requestUrl(first).toString())
        .isEqualTo(
            "http://127.0.0.1:8080/polygon/v3/reference/options/contracts?underlying_ticker=A"
                + "&as_of=2024-06-28&expired=true&expiration_date.gte=2024-06-03&order=asc"
                + "&sort=ticker&limit=1000");

    HttpUrl bars1 = next(AGGS.parse(fixture("polygon-options-contracts.json"), first));
    assertThat(AGGS.requestUrl(bars1).toString())
        .isEqualTo(
            "http://127.0.0.1:8080/polygon/v2/aggs/ticker/O:A220520C00065000/range/1/day"
                + "/2024-06-03/2024-06-28?adjusted=false&sort=asc&limit=50000");
    String emptyBars = "{\"status\":\"OK\",\"ticker\":\"O:A\",\"resultsCount\":0}";
    HttpUrl bars2 = next(AGGS.parse(emptyBars, bars1));
    HttpUrl bars3 = next(AGGS.parse(emptyBars, bars2));
    assertThat(bars3.encodedPath()).contains("O:A220520C00075000");

    HttpUrl listing2 = next(AGGS.parse(emptyBars, bars3));
    assertThat(AGGS.requestUrl(listing2).toString())
        .isEqualTo(
            "https://api.massive.com/v3/reference/options/contracts?cursor=YXA9JTdCJTIySUQlMjIlM0ElMjIy");
    String emptyListing = "{\"status\":\"OK\",\"results\":[]}";
    HttpUrl live = next(AGGS.parse(emptyListing, listing2));
    assertThat(AGGS.requestUrl(live).query()).contains("expired=false");
    assertThat(AGGS.parse(emptyListing, live).hasNext()).isFalse();
  }

  @Test
  @DisplayName("option aggs: one split per underlying and month, clipped to the range")
  void monthSplits() {
    List<RestSplit> splits =
        PolygonOptionAggsProtocol.monthSplits(
            List.of("A", "B"), LocalDate.of(2024, 5, 15), LocalDate.of(2024, 6, 10));

    assertThat(splits)
        .extracting(RestSplit::splitId)
        .containsExactly(
            "A:2024-05-15:2024-05-31",
            "B:2024-05-15:2024-05-31",
            "A:2024-06-01:2024-06-10",
            "B:2024-06-01:2024-06-10");
  }

  @Test
  @DisplayName(
      "option aggs: a bar page without the contract's ticker, or with an error status, is malformed")
  void refusesBarsWithoutTicker() {
    HttpUrl cursor = BASE.resolve("v2/aggs/ticker/O:X/range/1/day/2024-06-03/2024-06-28");
    assertThatThrownBy(() -> AGGS.parse("{\"status\":\"OK\",\"results\":[]}", cursor))
        .isInstanceOf(MalformedPageException.class)
        .hasMessageContaining("no ticker");
    assertThatThrownBy(() -> AGGS.parse("{\"status\":\"NOT_AUTHORIZED\"}", cursor))
        .hasMessageStartingWith(
            "Polygon options_aggs_day page has status NOT_AUTHORIZED, not OK or DELAYED");
    assertThatThrownBy(() -> AGGS.parse("{\"status\":\"OK\",\"results\":{}}", cursor))
        .hasMessageStartingWith(
            "Polygon options_aggs_day page's field results is a JSON object, not an array");
  }

  private static HttpUrl next(ParsedPage page) {
    assertThat(page.elements()).isEmpty();
    assertThat(page.nextUrl()).isNotNull();
    return HttpUrl.get(page.nextUrl());
  }
}
