package io.pitlake.vendor.polygon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pitlake.job.ingest.RawNormalizer;
import io.pitlake.job.ingest.WsElementReader.Read;
import io.pitlake.job.ingest.WsTrade;
import io.pitlake.source.rest.AuthStyle;
import io.pitlake.source.rest.ParsedPage;
import io.pitlake.source.rest.split.RestSplit;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Polygon's trades: the apiref's real {@code T} frames and {@code /v3/trades} page. */
class PolygonWsTradesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final PolygonWsElements elements = new PolygonWsElements();

  @Test
  @DisplayName("every T of the fixture is a trade: string id, exchange, SIP ms, conditions or none")
  void theFixtureTradesAreTyped() throws IOException {
    JsonNode frame = fixture("polygon-ws-t.json");
    assertThat(elements.trade(frame.get(0)))
        .isEqualTo(
            new WsTrade(
                WsTrade.TRADE,
                "12345",
                null,
                "4",
                114.125,
                100.0,
                "0,12",
                "3",
                Instant.ofEpochMilli(1536036818784L)));
    assertThat(elements.trade(frame.get(2)).conditions()).as("a trade without c").isNull();
    for (JsonNode trade : frame) {
      Read read = elements.read(trade);
      assertThat(read.rejected()).isNull();
      assertThat(read.channel()).isEqualTo("T");
      assertThat(read.windowEnd()).isNull();
      assertThat(read.eventTime()).isEqualTo(Instant.ofEpochMilli(trade.get("t").asLong()));
      assertThat(elements.contentHash(trade))
          .isEqualTo(
              RawNormalizer.sha256(elements.trade(trade).identity(trade.get("sym").asText())));
    }
    assertThat(elements.tradeChannels()).containsExactly("T");
  }

  @Test
  @DisplayName("a trade without its id or SIP time is rejected with the reason")
  void aTradeWithoutIdIsRejected() throws IOException {
    ObjectNode trade = (ObjectNode) fixture("polygon-ws-t.json").get(0).deepCopy();
    trade.remove("i");
    assertThat(elements.read(trade).rejected()).contains("id i");
    ObjectNode late = (ObjectNode) fixture("polygon-ws-t.json").get(0).deepCopy();
    late.put("t", "yesterday");
    assertThat(elements.read(late).rejected()).isNotNull();
  }

  @Test
  @DisplayName(
      "a /v3/trades result becomes the T element, SIP ns read as a long; ids are per exchange")
  void aRestTradeBecomesTheWebsocketsElement() throws Exception {
    String page = raw("polygon-trades-v3.json");
    PolygonDatasetProtocol protocol =
        new PolygonDatasetProtocol(
            PolygonDataset.TRADES,
            PolygonDatasetProtocol.MAX_TRADES_PAGE_SIZE,
            AuthStyle.bearerHeader());
    ParsedPage parsed = protocol.parse(page);
    assertThat(parsed.elements()).hasSize(2);
    assertThat(parsed.elements().get(0)).contains("1651181822461979400");
    JsonNode first = elements.fromRestTrade(JSON.readTree(parsed.elements().get(0)), "AAPL");
    JsonNode second = elements.fromRestTrade(JSON.readTree(parsed.elements().get(1)), "AAPL");
    assertThat(first.get("t").asLong()).isEqualTo(1651181822461L);
    WsTrade trade = elements.trade(first);
    assertThat(trade.tradeId()).isEqualTo("183276");
    assertThat(trade.exchange()).isEqualTo("11");
    assertThat(trade.price()).isEqualTo(156.43);
    assertThat(trade.conditions()).isEqualTo("12,37");
    // The same id on exchanges 11 and 12: two trades, two identities.
    assertThat(elements.contentHash(first)).isNotEqualTo(elements.contentHash(second));
    // The websocket's equal trade (its own fields, more or fewer) is the same event.
    ObjectNode websocket = (ObjectNode) first.deepCopy();
    websocket.remove("q");
    websocket.put("p", 156.0);
    assertThat(elements.contentHash(websocket)).isEqualTo(elements.contentHash(first));
  }

  @Test
  @DisplayName("the gap fill asks /v3/trades for one ticker's New York days, ascending")
  void theTradesUrlAsksForOneTickersDays() {
    HttpUrl url =
        new PolygonDatasetProtocol(
                PolygonDataset.TRADES,
                PolygonDatasetProtocol.MAX_TRADES_PAGE_SIZE,
                AuthStyle.bearerHeader())
            .firstPage(
                HttpUrl.get("http://127.0.0.1:1"),
                RestSplit.of("AAPL", LocalDate.of(2024, 3, 1), LocalDate.of(2024, 3, 1)));
    assertThat(url.toString())
        .isEqualTo(
            "http://127.0.0.1:1/v3/trades/AAPL?timestamp.gte=2024-03-01&timestamp.lte=2024-03-01"
                + "&order=asc&sort=timestamp&limit=50000");
  }

  /** The fixture's text as sent: its nanosecond times must not pass through a double. */
  private static String raw(String name) throws IOException {
    try (InputStream in = PolygonWsTradesTest.class.getResourceAsStream("/apiref/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static JsonNode fixture(String name) throws IOException {
    try (InputStream in = PolygonWsTradesTest.class.getResourceAsStream("/apiref/" + name)) {
      return JSON.readTree(in);
    }
  }
}
