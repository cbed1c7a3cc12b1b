package io.pitlake.vendor.fmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pitlake.source.rest.AuthStyle;
import io.pitlake.source.rest.MalformedPageException;
import io.pitlake.source.rest.ParsedPage;
import io.pitlake.source.rest.split.RestSplit;
import io.pitlake.vendor.VendorJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FmpStatementProtocolTest {

  private static final RestSplit AAPL =
      RestSplit.of("AAPL", LocalDate.parse("2020-01-01"), LocalDate.parse("2024-12-31"));

  @Test
  @DisplayName("asks /stable/<statement> for one symbol, period and limit; the key is not in it")
  void firstPage() {
    FmpStatementProtocol protocol = new FmpStatementProtocol(FmpStatement.CASH_FLOW, "quarter", 40);

    assertThat(
            protocol.firstPage(HttpUrl.get("https://financialmodelingprep.com"), AAPL).toString())
        .isEqualTo(
            "https://financialmodelingprep.com/stable/cash-flow-statement"
                + "?symbol=AAPL&period=quarter&limit=40");
    assertThat(protocol.authStyle()).isEqualTo(AuthStyle.queryParam("apikey"));
    assertThatThrownBy(
            () ->
                protocol.firstPage(
                    HttpUrl.get("https://financialmodelingprep.com"),
                    RestSplit.of("AAPL,MSFT", AAPL.from(), AAPL.to())))
        .hasMessageContaining("FMP statements take one symbol per request");
  }

  @Test
  @DisplayName("each recorded statement fixture is one element, exactly as sent")
  void parsesFixtures() throws Exception {
    for (FmpStatement statement : FmpStatement.values()) {
      String body = fixture("fmp-" + statement.endpoint() + ".json");
      ParsedPage page = new FmpStatementProtocol(statement, "annual", 5).parse(body);

      assertThat(page.hasNext()).isFalse();
      assertThat(page.elements()).hasSize(1);
      assertThat(VendorJson.MAPPER.readTree(page.elements().get(0)))
          .isEqualTo(VendorJson.MAPPER.readTree(body).get(0));
    }
  }

  @Test
  @DisplayName("FMP's error object in a 200 and other shapes are malformed pages")
  void rejectsErrorBodies() {
    FmpStatementProtocol protocol = new FmpStatementProtocol(FmpStatement.INCOME, "annual", 5);

    assertThatThrownBy(
            () -> protocol.parse("{\"Error Message\":\"Limit Reach . Please upgrade your plan\"}"))
        .isInstanceOf(MalformedPageException.class)
        .hasMessage("FMP error: Limit Reach . Please upgrade your plan");
    assertThatThrownBy(() -> protocol.parse("{\"symbol\":\"AAPL\"}"))
        .hasMessage("FMP income-statement is not a JSON array but OBJECT");
    assertThatThrownBy(() -> protocol.parse("[1]"))
        .hasMessage("FMP income-statement holds a NUMBER where a statement belongs");
    assertThatThrownBy(() -> protocol.parse("<html>"))
        .hasMessageStartingWith("FMP page is not JSON");
  }

  @Test
  @DisplayName("the legacy-endpoint 403 of the fixture is fatal, naming the cause and the fix")
  void legacyEndpointIsFatal() throws Exception {
    FmpStatementProtocol protocol = new FmpStatementProtocol(FmpStatement.INCOME, "annual", 5);
    String legacy = fixture("fmp-error-legacy-endpoint.json");

    assertThat(protocol.fatalError(403, legacy))
        .hasValue(
            "FMP refused a legacy endpoint: /api/v3 is closed to keys created after 2025-08-31."
                + " pitlake requests /stable only, so set fmp.base-url to the host alone (default"
                + " https://financialmodelingprep.com), not to a URL ending in /api/v3");
    assertThat(protocol.fatalError(401, legacy)).isEmpty();
    assertThat(protocol.fatalError(403, "{\"Error Message\":\"Invalid API KEY.\"}")).isEmpty();
    assertThat(protocol.fatalError(403, "<html>Legacy Endpoint</html>")).isEmpty();
  }

  @Test
  @DisplayName("period and limit are checked against FMP's values, naming the option")
  void checksSettings() {
    assertThatThrownBy(() -> new FmpStatementProtocol(FmpStatement.INCOME, "yearly", 5))
        .hasMessageStartingWith("fmp.statements.period 'yearly' is not one of FMP's periods");
    assertThatThrownBy(() -> new FmpStatementProtocol(FmpStatement.INCOME, "annual", 1001))
        .hasMessage("fmp.statements.limit 1001 is out of range: set it between 1 and 1000");
  }

  static String fixture(String name) throws IOException {
    try (InputStream in = FmpStatementProtocolTest.class.getResourceAsStream("/apiref/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
