package io.pitlake.vendor.alpaca;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pitlake.job.ingest.WsTrade;
import io.pitlake.source.rest.ParsedPage;
import io.pitlake.source.rest.split.RestSplit;
import io.pitlake.source.websocket.WebSocketProtocol.HighWaterMark;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Alpaca's trades, corrections and cancels: the apiref's real trade frame, and a correction and a
 * cancel written field for field from alpaca.md's table (A5's schemas), which has no frame of them.
 */
class AlpacaWsTradesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant TIME = Instant.parse("2021-02-22T15:51:44.208Z");
  private final AlpacaWsElements elements = new AlpacaWsElements();

  @Test
  @DisplayName("the fixture's t is a trade: int64 id, exchange and tape letters, conditions")
  void theFixtureTradeIsTyped() throws IOException {
    JsonNode trade = fixture("alpaca-ws-trades.json").get(0);
    assertThat(elements.trade(trade))
        .isEqualTo(new WsTrade(WsTrade.TRADE, "96921", null, "D", 126.55, 1.0, "@,I", "C", TIME));
    assertThat(elements.read(trade).channel()).isEqualTo("t");
    assertThat(elements.read(trade).windowEnd()).isNull();
    assertThat(new AlpacaWebSocketProtocol().highWaterMark(trade))
        .isEqualTo(new HighWaterMark("t.AAPL", TIME.toEpochMilli()));
    assertThat(elements.tradeChannels()).containsExactlyInAnyOrder("t", "c", "x");
  }

  @Test
  @DisplayName("a correction is the corrected trade under ci, referring to oi; a cancel to its i")
  void correctionsAndCancelsReferToTheirTrade() throws IOException {
    JsonNode correction =
        JSON.readTree(
            "{\"T\":\"c\",\"S\":\"AAPL\",\"x\":\"D\",\"oi\":96921,\"op\":126.55,\"os\":1,"
                + "\"oc\":[\"@\",\"I\"],\"ci\":96950,\"cp\":126.5,\"cs\":2,\"cc\":[\"@\"],"
                + "\"t\":\"2021-02-22T15:51:44.208Z\",\"z\":\"C\"}");
    assertThat(elements.trade(correction))
        .isEqualTo(
            new WsTrade(WsTrade.CORRECTION, "96950", "96921", "D", 126.5, 2.0, "@", "C", TIME));
    JsonNode cancel =
        JSON.readTree(
            "{\"T\":\"x\",\"S\":\"AAPL\",\"i\":96921,\"x\":\"D\",\"p\":126.55,\"s\":1,\"a\":\"C\","
                + "\"t\":\"2021-02-22T15:51:44.208Z\",\"z\":\"C\"}");
    assertThat(elements.trade(cancel))
        .isEqualTo(
            new WsTrade(WsTrade.CANCEL, "96921", "96921", "D", 126.55, 1.0, null, "C", TIME));
    JsonNode trade = fixture("alpaca-ws-trades.json").get(0);
    // A cancel is an event of its own, not the trade again.
    assertThat(elements.contentHash(cancel)).isNotEqualTo(elements.contentHash(trade));
    // The settled tape by REST has the corrected trade as a plain trade under ci: the same event.
    ObjectNode settled = (ObjectNode) trade.deepCopy();
    settled.put("i", 96950);
    settled.put("p", 126.5);
    assertThat(elements.contentHash(settled)).isEqualTo(elements.contentHash(correction));
    ObjectNode broken = (ObjectNode) correction.deepCopy();
    broken.remove("ci");
    assertThat(elements.read(broken).rejected()).contains("oi and ci");
  }

  @Test
  @DisplayName("a REST trade page becomes the websocket's t elements, the same events")
  void restTradesAreTheWebsocketsElements() throws Exception {
    String page =
        "{\"trades\":[{\"t\":\"2021-02-22T15:51:44.208Z\",\"x\":\"D\",\"p\":126.55,\"s\":1,"
            + "\"c\":[\"@\",\"I\"],\"i\":96921,\"z\":\"C\"}],\"symbol\":\"AAPL\","
            + "\"next_page_token\":\"QUFQTHw5Njky\"}";
    AlpacaTradesProtocol protocol = new AlpacaTradesProtocol(AlpacaFeed.SIP);
    ParsedPage parsed = protocol.parse(page);
    assertThat(parsed.hasNext()).isTrue();
    JsonNode element = elements.fromRestTrade(JSON.readTree(parsed.elements().get(0)), "AAPL");
    assertThat(element.get("T").asText()).isEqualTo("t");
    assertThat(elements.trade(element))
        .isEqualTo(elements.trade(fixture("alpaca-ws-trades.json").get(0)));
    assertThat(elements.contentHash(element))
        .isEqualTo(elements.contentHash(fixture("alpaca-ws-trades.json").get(0)));
    HttpUrl url =
        protocol.firstPage(
            HttpUrl.get("http://127.0.0.1:1"),
            RestSplit.of("AAPL", LocalDate.of(2024, 3, 1), LocalDate.of(2024, 3, 1)));
    assertThat(url.encodedPath()).isEqualTo("/v2/stocks/AAPL/trades");
    assertThat(url.queryParameter("start")).isEqualTo("2024-03-01T05:00:00Z");
    assertThat(url.queryParameter("end")).isEqualTo("2024-03-02T04:59:59Z");
    assertThat(url.queryParameter("limit")).isEqualTo("10000");
    assertThat(url.queryParameter("feed")).isEqualTo("sip");
  }

  @Test
  @DisplayName("trades subscribe as Alpaca's trades list")
  void tradesSubscribe() {
    assertThat(
            new AlpacaWebSocketProtocol()
                .subscribeMessage(AlpacaWebSocketProtocol.tradeChannels(List.of("AAPL", "MSFT"))))
        .isEqualTo("{\"action\":\"subscribe\",\"trades\":[\"AAPL\",\"MSFT\"]}");
  }

  private static JsonNode fixture(String name) throws IOException {
    try (InputStream in = AlpacaWsTradesTest.class.getResourceAsStream("/apiref/" + name)) {
      return JSON.readTree(in);
    }
  }
}
