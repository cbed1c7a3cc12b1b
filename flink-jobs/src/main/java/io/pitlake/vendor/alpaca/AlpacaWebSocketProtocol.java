package io.pitlake.vendor.alpaca;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pitlake.source.websocket.ControlMessage;
import io.pitlake.source.websocket.ControlMessage.Kind;
import io.pitlake.source.websocket.WebSocketProtocol;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;

/**
 * Alpaca's market-data websocket protocol (alpaca.md, "WebSocket"): every frame is a JSON array of
 * messages told apart by {@code T}; {@code success}, {@code error} and {@code subscription} are
 * control messages, everything else ({@code b}, {@code u}, {@code t}, {@code q}, ...) is data.
 *
 * <ul>
 *   <li>{@code success} "connected": send {@code {"action":"auth","key":ID,"secret":SECRET}};
 *   <li>{@code success} "authenticated": send {@code {"action":"subscribe","bars":[..],
 *       "updatedBars":[..]}}; the answer {@code subscription} is the complete subscription state;
 *   <li>{@code error} by code: 402 (auth failed), 408 (v2 not enabled), 409 (feed not in the plan)
 *       and 411 (insufficient scope) are fatal, since no retry changes them; 406 (connection limit:
 *       Alpaca keeps a dropped session for ~90 s) waits {@code websocket.connection-limit-hold};
 *       401 (not authenticated), 404 (auth timeout), 407 (slow client) and 500 reconnect with
 *       backoff; 405 (symbol limit) and 410 (invalid subscribe action for this feed) are rejected
 *       subscriptions, reported; 400 and 403 (already authenticated) are logged.
 * </ul>
 *
 * <p>The key is the pair {@code KEY_ID:SECRET} as {@link AlpacaAuth#credentials} resolves it; it
 * goes into the auth message only. Channels are written {@code bars.AAPL}, {@code
 * updatedBars.AAPL}: the subscription key, a dot, the symbol (which may hold dots itself).
 */
public final class AlpacaWebSocketProtocol implements WebSocketProtocol {

  private static final long serialVersionUID = 1L;

  /** Minute bars ({@code T = b}). */
  public static final String BARS = "bars";

  /** Minute bars re-sent after late trades ({@code T = u}). */
  public static final String UPDATED_BARS = "updatedBars";

  @Override
  public String name() {
    return "alpaca";
  }

  @Override
  public String authMessage(String key) {
    int colon = key.indexOf(':');
    if (colon <= 0 || colon == key.length() - 1) {
      throw new IllegalStateException(
          "the Alpaca key is not KEY_ID:SECRET: set both alpaca.api-key-id-env and"
              + " alpaca.api-secret-key-env variables, or write KEY_ID:SECRET in the key file");
    }
    ObjectNode message = JsonNodeFactory.instance.objectNode();
    message.put("action", "auth");
    message.put("key", key.substring(0, colon));
    message.put("secret", key.substring(colon + 1));
    return message.toString();
  }

  @Override
  public String subscribeMessage(List<String> channels) {
    Map<String, List<String>> bySubscription = new LinkedHashMap<>();
    for (String channel : channels) {
      int dot = channel.indexOf('.');
      if (dot <= 0) {
        throw new IllegalArgumentException(
            "channel '" + channel + "' is not SUBSCRIPTION.SYMBOL, e.g. bars.AAPL");
      }
      bySubscription
          .computeIfAbsent(channel.substring(0, dot), k -> new java.util.ArrayList<>())
          .add(channel.substring(dot + 1));
    }
    ObjectNode message = JsonNodeFactory.instance.objectNode();
    message.put("action", "subscribe");
    bySubscription.forEach((name, symbols) -> symbols.forEach(message.putArray(name)::add));
    return message.toString();
  }

  @Override
  public ControlMessage classify(JsonNode element) {
    String type = element.path("T").asText("");
    String msg = element.path("msg").asText("");
    return switch (type) {
      case "success" ->
          switch (msg) {
            case "connected" -> ControlMessage.of(Kind.CONNECTED, "connected");
            case "authenticated" -> ControlMessage.of(Kind.AUTHENTICATED, "authenticated");
            default -> ControlMessage.of(Kind.INFO, "success: " + msg);
          };
      case "subscription" -> ControlMessage.of(Kind.SUBSCRIBED, subscriptionState(element));
      case "error" -> error(element.path("code").asInt(0), msg);
      default -> ControlMessage.data();
    };
  }

  /** An {@code error} message by its code (alpaca.md, "Error messages"). */
  static ControlMessage error(int code, String msg) {
    String detail = "error " + code + ": " + msg;
    return switch (code) {
      case 402, 408, 409, 411 -> ControlMessage.of(Kind.FATAL, detail);
      case 406 -> ControlMessage.of(Kind.CONNECTION_LIMIT, detail);
      case 401, 404, 407, 500 -> ControlMessage.reconnect(detail, Duration.ZERO);
      case 405, 410 -> ControlMessage.of(Kind.SUBSCRIPTION_REJECTED, detail);
      default -> ControlMessage.of(Kind.INFO, detail);
    };
  }

  /**
   * {@code bars.SYM} for minute bars and their updates alike (an update re-sends the bar with the
   * same {@code t}), else {@code T.SYM}; the time is {@code t} (RFC 3339).
   */
  @Override
  @Nullable
  public HighWaterMark highWaterMark(JsonNode element) {
    JsonNode symbol = element.get("S");
    Instant time = time(element);
    if (symbol == null || !symbol.isTextual() || time == null) {
      return null;
    }
    return new HighWaterMark(
        channelOf(element.path("T").asText("")) + "." + symbol.asText(), time.toEpochMilli());
  }

  /** Trades, with their corrections ({@code c}) and cancels ({@code x}), which Alpaca adds. */
  public static final String TRADES = "trades";

  /** The channels of the trades of {@code symbols}, e.g. {@code trades.AAPL}. */
  public static List<String> tradeChannels(List<String> symbols) {
    return symbols.stream().map(symbol -> TRADES + "." + symbol).toList();
  }

  /** The channels of minute bars and their updates for {@code symbols}. */
  public static List<String> barChannels(List<String> symbols) {
    return java.util.stream.Stream.concat(
            symbols.stream().map(symbol -> BARS + "." + symbol),
            symbols.stream().map(symbol -> UPDATED_BARS + "." + symbol))
        .toList();
  }

  /** {@code bars} for {@code b} and {@code u} (one bar, re-sent), else the type itself. */
  static String channelOf(String type) {
    return "b".equals(type) || "u".equals(type) ? BARS : type;
  }

  /** The element's {@code t}, or {@code null} when it is missing or not RFC 3339. */
  @Nullable
  static Instant time(JsonNode element) {
    JsonNode t = element.get("t");
    if (t == null || !t.isTextual()) {
      return null;
    }
    try {
      return Instant.parse(t.asText());
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String subscriptionState(JsonNode element) {
    StringBuilder state = new StringBuilder("subscription");
    element
        .fields()
        .forEachRemaining(
            field -> {
              if (field.getValue().isArray() && !field.getValue().isEmpty()) {
                state.append(' ').append(field.getKey()).append('=').append(field.getValue());
              }
            });
    return state.toString();
  }
}
