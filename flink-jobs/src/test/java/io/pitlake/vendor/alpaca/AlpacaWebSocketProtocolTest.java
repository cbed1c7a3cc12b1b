package io.pitlake.vendor.alpaca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pitlake.job.ingest.WsElementReader.Read;
import io.pitlake.source.websocket.ControlMessage.Kind;
import io.pitlake.source.websocket.WebSocketProtocol.HighWaterMark;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Alpaca's control messages and frames, from alpaca.md's fixtures and its table of error codes. */
class AlpacaWebSocketProtocolTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final AlpacaWebSocketProtocol protocol = new AlpacaWebSocketProtocol();
  private final AlpacaWsElements elements = new AlpacaWsElements();

  @Test
  void theFixtureHandshakeIsConnectedThenAuthenticatedThenSubscribed() throws IOException {
    JsonNode frames = fixture("alpaca-ws-control.json");
    assertThat(frames).hasSize(3);
    assertThat(protocol.classify(frames.get(0).get(0)).kind()).isEqualTo(Kind.CONNECTED);
    assertThat(protocol.classify(frames.get(1).get(0)).kind()).isEqualTo(Kind.AUTHENTICATED);
    assertThat(protocol.classify(frames.get(2).get(0)))
        .satisfies(m -> assertThat(m.kind()).isEqualTo(Kind.SUBSCRIBED))
        .satisfies(m -> assertThat(m.detail()).contains("bars=[\"*\"]").contains("AAPL"));
  }

  @Test
  void everyErrorCodeOfTheFixtureIsClassifiedAsTheIssueSays() throws IOException {
    Map<Integer, Kind> kinds = new TreeMap<>();
    for (JsonNode frame : fixture("alpaca-ws-errors.json")) {
      kinds.put(frame.get(0).get("code").asInt(), protocol.classify(frame.get(0)).kind());
    }
    assertThat(kinds)
        .containsExactlyEntriesOf(
            new TreeMap<>(
                Map.ofEntries(
                    Map.entry(400, Kind.INFO),
                    Map.entry(401, Kind.RECONNECT),
                    Map.entry(402, Kind.FATAL),
                    Map.entry(403, Kind.INFO),
                    Map.entry(404, Kind.RECONNECT),
                    Map.entry(405, Kind.SUBSCRIPTION_REJECTED),
                    Map.entry(406, Kind.CONNECTION_LIMIT),
                    Map.entry(407, Kind.RECONNECT),
                    Map.entry(408, Kind.FATAL),
                    Map.entry(409, Kind.FATAL),
                    Map.entry(410, Kind.SUBSCRIPTION_REJECTED),
                    Map.entry(411, Kind.FATAL),
                    Map.entry(500, Kind.RECONNECT))));
    assertThat(AlpacaWebSocketProtocol.error(406, "connection limit exceeded").detail())
        .isEqualTo("error 406: connection limit exceeded");
    assertThat(AlpacaWebSocketProtocol.error(499, "new").kind()).isEqualTo(Kind.INFO);
  }

  @Test
  void everyElementOfEveryDataFrameIsDataWithAHighWaterMark() throws IOException {
    List<JsonNode> data = new ArrayList<>();
    for (String name :
        List.of(
            "alpaca-ws-bars.json",
            "alpaca-ws-updatedbars.json",
            "alpaca-ws-trades.json",
            "alpaca-ws-quotes.json")) {
      fixture(name).forEach(data::add);
    }
    assertThat(data).hasSizeGreaterThan(4);
    for (JsonNode element : data) {
      assertThat(protocol.classify(element).kind()).as("%s", element).isEqualTo(Kind.DATA);
      assertThat(protocol.highWaterMark(element)).as("%s", element).isNotNull();
    }
    // A bar and its update share a mark: the update re-sends the bar.
    JsonNode bar = fixture("alpaca-ws-bars.json").get(0);
    JsonNode update = fixture("alpaca-ws-updatedbars.json").get(0);
    HighWaterMark spy =
        new HighWaterMark("bars.SPY", Instant.parse("2021-02-22T19:15:00Z").toEpochMilli());
    assertThat(protocol.highWaterMark(bar)).isEqualTo(spy);
    assertThat(protocol.highWaterMark(update)).isEqualTo(spy);
    assertThat(protocol.highWaterMark(node("{\"T\":\"b\",\"S\":\"X\",\"t\":\"yesterday\"}")))
        .isNull();
  }

  @Test
  void authAndSubscribeAreTheDocumentedMessages() {
    assertThat(protocol.authMessage("PKID:s3cr:et"))
        .isEqualTo("{\"action\":\"auth\",\"key\":\"PKID\",\"secret\":\"s3cr:et\"}");
    assertThatThrownBy(() -> protocol.authMessage("only-a-key"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("KEY_ID:SECRET")
        .hasMessageNotContaining("only-a-key");
    assertThat(
            protocol.subscribeMessage(
                AlpacaWebSocketProtocol.barChannels(List.of("AAPL", "BRK.B"))))
        .isEqualTo(
            "{\"action\":\"subscribe\",\"bars\":[\"AAPL\",\"BRK.B\"],"
                + "\"updatedBars\":[\"AAPL\",\"BRK.B\"]}");
  }

  @Test
  void aBarAndItsUpdateAreOneKeyAndAnIdenticalUpdateIsTheSameContent() throws IOException {
    JsonNode bar = fixture("alpaca-ws-bars.json").get(0);
    Read read = elements.read(bar);
    assertThat(read.rejected()).isNull();
    assertThat(read.channel()).isEqualTo("bars");
    assertThat(read.symbol()).isEqualTo("SPY");
    assertThat(read.eventTime()).isEqualTo(Instant.parse("2021-02-22T19:15:00Z"));
    assertThat(read.windowEnd()).isEqualTo(Instant.parse("2021-02-22T19:16:00Z"));
    JsonNode update = fixture("alpaca-ws-updatedbars.json").get(0);
    assertThat(elements.read(update).channel()).isEqualTo("bars");
    // The fixture's update has another volume: a new version.
    assertThat(elements.contentHash(update)).isNotEqualTo(elements.contentHash(bar));
    // The same values as u, in another field order: no new version.
    JsonNode resent =
        node(
            "{\"t\":\"2021-02-22T19:15:00Z\",\"S\":\"SPY\",\"T\":\"u\",\"v\":49378,\"c\":389.12,"
                + "\"l\":388.975,\"h\":389.13,\"o\":388.985}");
    assertThat(elements.contentHash(resent)).isEqualTo(elements.contentHash(bar));
    assertThat(elements.read(fixture("alpaca-ws-trades.json").get(0)).channel()).isEqualTo("t");
  }

  @Test
  void aRestMinuteBarBecomesTheBarElementAndHashesAsTheWebsocketsEqualBar() throws IOException {
    JsonNode bar = fixture("alpaca-ws-bars.json").get(0);
    // alpaca.bars_minute's element: the REST bar with its symbol put first as S, no T.
    ObjectNode rest = bar.deepCopy();
    rest.remove("T");
    JsonNode filled = elements.fromRestBar(rest, "SPY");
    assertThat(filled.get("T").asText()).isEqualTo("b");
    assertThat(elements.read(filled).eventTime()).isEqualTo(elements.read(bar).eventTime());
    assertThat(elements.contentHash(filled)).isEqualTo(elements.contentHash(bar));
  }

  @Test
  void elementsWithoutSymbolOrReadableTimeAreRejectedWithTheReason() {
    assertThat(elements.read(node("{\"T\":\"b\",\"o\":1}")).rejected())
        .isEqualTo("missing field T or S");
    assertThat(elements.read(node("{\"T\":\"b\",\"S\":\"A\",\"t\":1614021300000}")).rejected())
        .isEqualTo("missing or unreadable field t (RFC 3339 time)");
    // Up to nine fractional digits (a quote: a trade needs its id and exchange too).
    assertThat(
            elements
                .read(node("{\"T\":\"q\",\"S\":\"A\",\"t\":\"2021-02-22T15:51:45.335689322Z\"}"))
                .eventTime())
        .isEqualTo(Instant.parse("2021-02-22T15:51:45.335689322Z"));
  }

  private static JsonNode node(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static JsonNode fixture(String name) throws IOException {
    try (InputStream in =
        AlpacaWebSocketProtocolTest.class.getResourceAsStream("/apiref/" + name)) {
      return JSON.readTree(in);
    }
  }
}
