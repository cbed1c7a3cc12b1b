package io.pitlake.vendor.polygon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pitlake.source.websocket.ControlMessage.Kind;
import io.pitlake.source.websocket.WebSocketProtocol.HighWaterMark;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Polygon's control messages and frames, from polygon.md's fixtures and the spec's statuses. */
class PolygonWebSocketProtocolTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final PolygonWebSocketProtocol protocol = new PolygonWebSocketProtocol();

  @Test
  void theFixtureHandshakeIsConnectedThenAuthenticatedThenSubscribed() throws IOException {
    JsonNode frames = fixture("polygon-ws-status.json");
    assertThat(frames).hasSize(3);
    assertThat(protocol.classify(frames.get(0).get(0)).kind()).isEqualTo(Kind.CONNECTED);
    assertThat(protocol.classify(frames.get(1).get(0)).kind()).isEqualTo(Kind.AUTHENTICATED);
    assertThat(protocol.classify(frames.get(2).get(0)))
        .satisfies(m -> assertThat(m.kind()).isEqualTo(Kind.SUBSCRIBED))
        .satisfies(m -> assertThat(m.detail()).contains("AM.AAPL"));
  }

  @Test
  void anAggregateIsDataWithAHighWaterMarkAtItsWindowStart() throws IOException {
    JsonNode am = fixture("polygon-ws-am.json").get(0);
    assertThat(protocol.classify(am).kind()).isEqualTo(Kind.DATA);
    assertThat(protocol.highWaterMark(am)).isEqualTo(new HighWaterMark("AM.GTE", 1610144640000L));
    JsonNode trade = node("{\"ev\":\"T\",\"sym\":\"MSFT\",\"p\":114.125,\"t\":1536036818784}");
    assertThat(protocol.highWaterMark(trade))
        .isEqualTo(new HighWaterMark("T.MSFT", 1536036818784L));
    assertThat(protocol.highWaterMark(node("{\"ev\":\"AM\",\"sym\":\"X\"}"))).isNull();
  }

  @Test
  void statusesAreClassifiedAsTheSpecDefinesThem() {
    assertThat(kind("auth_failed", "authentication failed")).isEqualTo(Kind.FATAL);
    assertThat(kind("max_connections", "Maximum number of websocket connections exceeded."))
        .isEqualTo(Kind.RECONNECT);
    assertThat(kind("force_disconnect", "")).isEqualTo(Kind.RECONNECT);
    assertThat(kind("slow_consumer", "")).isEqualTo(Kind.RECONNECT);
    assertThat(kind("auth_timeout", "")).isEqualTo(Kind.RECONNECT);
    assertThat(kind("error", "not authorized for T.AAPL")).isEqualTo(Kind.SUBSCRIPTION_REJECTED);
    assertThat(kind("auth_required", "")).isEqualTo(Kind.SUBSCRIPTION_REJECTED);
    // The spec's connect example says success, the mock server and client-go say connected.
    assertThat(kind("success", "Connected Successfully")).isEqualTo(Kind.CONNECTED);
    assertThat(kind("success", "unsubscribed to: AM.AAPL")).isEqualTo(Kind.INFO);
    assertThat(kind("something_new", "")).isEqualTo(Kind.INFO);
  }

  @Test
  void authAndSubscribeAreTheDocumentedMessages() {
    assertThat(protocol.authMessage("k3y")).isEqualTo("{\"action\":\"auth\",\"params\":\"k3y\"}");
    assertThat(
            protocol.subscribeMessage(
                PolygonWebSocketProtocol.channels("AM", List.of("AAPL", "MSFT"))))
        .isEqualTo("{\"action\":\"subscribe\",\"params\":\"AM.AAPL,AM.MSFT\"}");
  }

  @Test
  void theContentHashIgnoresTheDaysRunningValuesButNoBarValue() {
    JsonNode bar =
        node("{\"ev\":\"AM\",\"sym\":\"A\",\"v\":10,\"av\":100,\"a\":1.5,\"c\":2.0,\"s\":1}");
    JsonNode later =
        node("{\"sym\":\"A\",\"ev\":\"AM\",\"v\":10,\"av\":250,\"a\":1.6,\"c\":2.0,\"s\":1}");
    JsonNode revised =
        node("{\"ev\":\"AM\",\"sym\":\"A\",\"v\":11,\"av\":250,\"a\":1.6,\"c\":2.0,\"s\":1}");
    assertThat(new PolygonWsElements().contentHash(later))
        .isEqualTo(new PolygonWsElements().contentHash(bar));
    assertThat(new PolygonWsElements().contentHash(revised))
        .isNotEqualTo(new PolygonWsElements().contentHash(bar));
  }

  @Test
  void aRestMinuteBarBecomesTheAmElementAndHashesAsTheWebsocketsEqualBar() {
    JsonNode sent =
        node(
            "{\"ev\":\"AM\",\"sym\":\"AAPL\",\"v\":20863,\"av\":6730402,\"op\":1070.397,"
                + "\"vw\":1072.0967,\"o\":1069.8702,\"c\":1071.5,\"h\":1072.0,\"l\":1069.0,"
                + "\"a\":1071.1,\"z\":101,\"s\":1709308500000,\"e\":1709308560000}");
    JsonNode rest =
        node(
            "{\"v\":20863.0,\"vw\":1072.0967,\"o\":1069.8702,\"c\":1071.5,\"h\":1072.0,"
                + "\"l\":1069.0,\"t\":1709308500000,\"n\":206}");
    PolygonWsElements elements = new PolygonWsElements();
    JsonNode filled = elements.fromRestBar(rest, "AAPL");
    assertThat(elements.read(filled).eventTime().toEpochMilli()).isEqualTo(1709308500000L);
    assertThat(elements.read(filled).windowEnd().toEpochMilli()).isEqualTo(1709308560000L);
    assertThat(filled.get("n").asLong()).as("the trade count is kept").isEqualTo(206);
    assertThat(elements.contentHash(filled)).isEqualTo(elements.contentHash(sent));
    JsonNode revised =
        elements.fromRestBar(((ObjectNode) rest.deepCopy()).put("c", 1071.6), "AAPL");
    assertThat(elements.contentHash(revised)).isNotEqualTo(elements.contentHash(sent));
  }

  private Kind kind(String status, String message) {
    return protocol
        .classify(
            JSON.createObjectNode()
                .put("ev", "status")
                .put("status", status)
                .put("message", message))
        .kind();
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
        PolygonWebSocketProtocolTest.class.getResourceAsStream("/apiref/" + name)) {
      return JSON.readTree(in);
    }
  }
}
