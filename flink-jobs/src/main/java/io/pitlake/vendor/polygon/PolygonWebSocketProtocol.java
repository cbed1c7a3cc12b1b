package io.pitlake.vendor.polygon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pitlake.source.websocket.ControlMessage;
import io.pitlake.source.websocket.ControlMessage.Kind;
import io.pitlake.source.websocket.WebSocketProtocol;
import java.util.List;
import java.util.Locale;
import javax.annotation.Nullable;

/**
 * Polygon's (Massive's) websocket protocol (polygon.md, "WebSocket"): every frame is a JSON array
 * of events told apart by {@code ev}; {@code ev = status} elements are control messages.
 *
 * <ul>
 *   <li>{@code connected} (or {@code success} with "Connected"): send {@code
 *       {"action":"auth","params":KEY}};
 *   <li>{@code auth_success}: send {@code {"action":"subscribe","params":"AM.AAPL,AM.MSFT"}};
 *   <li>{@code success} "subscribed to: ..." per channel; {@code error} is a rejected subscription;
 *   <li>{@code auth_failed}: fatal; {@code auth_timeout}, {@code max_connections}, {@code
 *       force_disconnect}, {@code slow_consumer}: reconnect with backoff;
 *   <li>anything else with {@code ev} other than {@code status} is data ({@code AM}, {@code A},
 *       {@code T}, {@code Q}, ...).
 * </ul>
 */
public final class PolygonWebSocketProtocol implements WebSocketProtocol {

  private static final long serialVersionUID = 1L;

  /** Minute aggregates. */
  public static final String MINUTE_AGGREGATES = "AM";

  /** Trades. */
  public static final String TRADES = "T";

  @Override
  public String name() {
    return "polygon";
  }

  @Override
  public String authMessage(String key) {
    return action("auth", key);
  }

  @Override
  public String subscribeMessage(List<String> channels) {
    return action("subscribe", String.join(",", channels));
  }

  @Override
  public ControlMessage classify(JsonNode element) {
    String ev = element.path("ev").asText("");
    if (!"status".equals(ev)) {
      return ControlMessage.data();
    }
    String status = element.path("status").asText("").toLowerCase(Locale.ROOT);
    String message = element.path("message").asText("");
    String detail = status + (message.isEmpty() ? "" : ": " + message);
    return switch (status) {
      case "connected" -> ControlMessage.of(Kind.CONNECTED, detail);
      case "auth_success" -> ControlMessage.of(Kind.AUTHENTICATED, detail);
      case "auth_failed" -> ControlMessage.of(Kind.FATAL, detail);
      case "auth_timeout", "max_connections", "force_disconnect", "slow_consumer" ->
          ControlMessage.reconnect(detail, java.time.Duration.ZERO);
      case "success" ->
          message.toLowerCase(Locale.ROOT).startsWith("connected")
              ? ControlMessage.of(Kind.CONNECTED, detail)
              : message.toLowerCase(Locale.ROOT).startsWith("subscribed")
                  ? ControlMessage.of(Kind.SUBSCRIBED, detail)
                  : ControlMessage.of(Kind.INFO, detail);
      case "error", "auth_required" -> ControlMessage.of(Kind.SUBSCRIPTION_REJECTED, detail);
      default -> ControlMessage.of(Kind.INFO, detail);
    };
  }

  /** {@code EV.SYM} and the window start {@code s} (aggregates) or the SIP time {@code t}. */
  @Override
  @Nullable
  public HighWaterMark highWaterMark(JsonNode element) {
    JsonNode sym = element.get("sym");
    JsonNode time = element.get(timeField(element));
    if (sym == null || !sym.isTextual() || time == null || !time.isIntegralNumber()) {
      return null;
    }
    return new HighWaterMark(element.path("ev").asText("") + "." + sym.asText(), time.asLong());
  }

  /**
   * The field of an element's event time: an aggregate's window start {@code s} ({@code AM}, {@code
   * A}), else the SIP time {@code t} (a trade's {@code s} is its size).
   */
  static String timeField(JsonNode element) {
    String ev = element.path("ev").asText("");
    return MINUTE_AGGREGATES.equals(ev) || "A".equals(ev) ? "s" : "t";
  }

  /** The channels of {@code symbols} on {@code ev}, e.g. {@code AM.AAPL}. */
  public static List<String> channels(String ev, List<String> symbols) {
    return symbols.stream().map(symbol -> ev + "." + symbol).toList();
  }

  private static String action(String action, String params) {
    ObjectNode message = JsonNodeFactory.instance.objectNode();
    message.put("action", action);
    message.put("params", params);
    return message.toString();
  }
}
