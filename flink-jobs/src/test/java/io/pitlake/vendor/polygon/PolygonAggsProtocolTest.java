package io.pitlake.vendor.polygon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pitlake.source.rest.AuthStyle;
import io.pitlake.source.rest.MalformedPageException;
import io.pitlake.source.rest.ParsedPage;
import io.pitlake.source.rest.split.RestSplit;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PolygonAggsProtocolTest {

  private static final String FIX_KEY =
      "check the key (polygon.api-key-env or polygon.api-key-file) and that the plan covers this"
          + " endpoint";
  private static final String FIX_URL = "check that polygon.base-url is Polygon's REST API";

  private final PolygonAggsProtocol protocol = new PolygonAggsProtocol();

  @Test
  @DisplayName("the first page asks for unadjusted daily bars, ascending, at the page size")
  void firstPageUrl() {
    RestSplit split =
        RestSplit.of("BRK.B", LocalDate.parse("2023-01-01"), LocalDate.parse("2023-12-31"));

    HttpUrl url =
        new PolygonAggsProtocol(1000)
            .firstPage(HttpUrl.get("http://127.0.0.1:8080/polygon/"), split);

    assertThat(url.toString())
        .isEqualTo(
            "http://127.0.0.1:8080/polygon/v2/aggs/ticker/BRK.B/range/1/day/2023-01-01/2023-12-31"
                + "?adjusted=false&sort=asc&limit=1000");
  }

  @Test
  @DisplayName("reads every result of the SDK fixture, numbers as sent, and no next page")
  void parsesSinglePageFixture() throws Exception {
    ParsedPage page = protocol.parse(fixture("polygon-aggs-day.json"));

    assertThat(page.elements()).hasSize(2);
    assertThat(page.elements().get(0))
        .isEqualTo(
            "{\"v\":642646396.0,\"vw\":1.469,\"o\":1.5032,\"c\":1.4604,\"h\":1.5064,"
                + "\"l\":1.4489,\"t\":1112331600000,\"n\":82132}");
    assertThat(page.hasNext()).isFalse();
  }

  @Test
  @DisplayName("reads the paged fixture and its next_url")
  void parsesPagedFixture() throws Exception {
    ParsedPage page = protocol.parse(fixture("polygon-aggs-day-paged.json"));

    assertThat(page.elements()).hasSize(2).allMatch(e -> e.startsWith("{\"c\":"));
    assertThat(page.nextUrl())
        .isEqualTo(
            "https://api.massive.com/v2/aggs/ticker/AAPL/range/1/day/1578114000000/2020-01-10"
                + "?cursor=bGltaXQ9MiZzb3J0PWFzYw");
  }

  @Test
  @DisplayName("absent, null or empty results are a page without elements")
  void emptyResults() throws Exception {
    assertThat(protocol.parse("{\"status\":\"OK\",\"resultsCount\":0}").elements()).isEmpty();
    assertThat(protocol.parse("{\"status\":\"OK\",\"results\":null}").elements()).isEmpty();
    assertThat(protocol.parse("{\"status\":\"DELAYED\",\"results\":[]}").elements()).isEmpty();
    assertThat(protocol.parse("{\"status\":\"OK\",\"next_url\":null}").hasNext()).isFalse();
  }

  @Test
  @DisplayName("an error body is rejected with its status and message")
  void rejectsErrorBody() {
    assertThatThrownBy(
            () ->
                protocol.parse(
                    "{\"status\":\"ERROR\",\"request_id\":\"r1\",\"error\":\"Unknown API Key\"}"))
        .isInstanceOf(MalformedPageException.class)
        .hasMessage(
            "Polygon aggs_day page has status ERROR, not OK or DELAYED (Unknown API Key): "
                + FIX_KEY);
    assertThatThrownBy(
            () ->
                protocol.parse("{\"status\":\"NOT_AUTHORIZED\",\"message\":\"Upgrade your plan\"}"))
        .hasMessage(
            "Polygon aggs_day page has status NOT_AUTHORIZED, not OK or DELAYED (Upgrade your"
                + " plan): "
                + FIX_KEY);
  }

  @Test
  @DisplayName("an HTML page, malformed JSON or a non-object are rejected")
  void rejectsNonJson() {
    assertThatThrownBy(() -> protocol.parse("<html><body>502 Bad Gateway</body></html>"))
        .isInstanceOf(MalformedPageException.class)
        .hasMessageStartingWith("Polygon aggs_day page is not JSON (")
        .hasMessageEndingWith(FIX_URL);
    assertThatThrownBy(() -> protocol.parse("{\"status\":\"OK\",\"results\":[{\"t\":1"))
        .hasMessageStartingWith("Polygon aggs_day page is not JSON (")
        .hasMessageEndingWith(FIX_URL);
    assertThatThrownBy(() -> protocol.parse("[]"))
        .hasMessage("Polygon aggs_day page is a JSON array, not a JSON object: " + FIX_URL);
    assertThatThrownBy(() -> protocol.parse(""))
        .hasMessage("Polygon aggs_day page is empty, not a JSON object: " + FIX_URL);
    assertThatThrownBy(() -> protocol.parse("{\"status\":\"OK\",\"results\":{}}"))
        .hasMessage(
            "Polygon aggs_day page's field results is a JSON object, not an array: " + FIX_URL);
  }

  @Test
  @DisplayName("Bearer header by default, apiKey query parameter on request")
  void authStyles() {
    assertThat(protocol.authStyle()).isEqualTo(AuthStyle.bearerHeader());
    assertThat(new PolygonAggsProtocol(10, AuthStyle.queryParam("apiKey")).authStyle())
        .isEqualTo(AuthStyle.queryParam("apiKey"));
  }

  @Test
  @DisplayName("a page size outside 1..50000 names the option")
  void rejectsPageSizeOutOfRange() {
    assertThatThrownBy(() -> new PolygonAggsProtocol(50_001))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("polygon.aggs.page-size between 1 and 50000");
    assertThatThrownBy(() -> new PolygonAggsProtocol(0))
        .hasMessageContaining("page size 0 is out of range");
  }

  private static String fixture(String name) throws IOException {
    try (InputStream in = PolygonAggsProtocolTest.class.getResourceAsStream("/apiref/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
