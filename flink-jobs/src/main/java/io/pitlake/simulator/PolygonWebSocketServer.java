package io.pitlake.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import javax.annotation.Nullable;
import org.java_websocket.WebSocket;

/**
 * The Polygon simulator's websocket ({@code ws://127.0.0.1:PORT/stocks}): Polygon's protocol
 * (polygon.md, "WebSocket") replaying one session of minute aggregates ({@code AM}) and trades
 * ({@code T}: Polygon's websocket has no corrections or cancels, every trade stands) as {@link
 * ReplayWebSocketServer} and {@link SessionReplay} say. A revised bar goes out again 1 to 15
 * minutes after its first send, as Polygon re-sends a bar when late trades arrive.
 *
 * <p>Protocol: a new connection gets {@code connected}; {@code {"action":"auth","params":KEY}} gets
 * {@code auth_success} or {@code auth_failed} (and a close); a second connection authenticating
 * with the same key knocks the older one off with {@code max_connections}, as Polygon does; {@code
 * subscribe} gets one {@code success} per channel, or {@code error} for a channel other than {@code
 * AM.SYMBOL}, {@code T.SYMBOL} or their {@code *}, and {@code auth_required} before auth. Chaos
 * drops a client with {@code force_disconnect} and a close, or abruptly.
 */
public final class PolygonWebSocketServer extends ReplayWebSocketServer {

  private static final Pattern CHANNEL = Pattern.compile("^(AM|T)\\.([A-Z][A-Z0-9.\\-]*|\\*)$");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String apiKey;
  private final AtomicInteger kicked = new AtomicInteger();

  /**
   * @param minuteBars the REST simulator's settled minute bars of a symbol and session
   * @param trades the REST simulator's trades of a symbol and session ({@code /v3/trades})
   */
  PolygonWebSocketServer(
      String apiKey,
      SessionReplay replay,
      BiFunction<String, LocalDate, List<SimulatedBar>> minuteBars,
      BiFunction<String, LocalDate, SimulatedTrades.Day> trades) {
    super(replay, minuteBars, trades, "polygon-ws-replay");
    this.apiKey = apiKey;
  }

  /** Binds 127.0.0.1 on an ephemeral port and starts serving. */
  PolygonWebSocketServer start() {
    begin();
    return this;
  }

  /** {@code ws://127.0.0.1:PORT/stocks}. */
  public String url() {
    return address() + "/stocks";
  }

  /** Connections knocked off by a newer one on the same key. */
  public int kickedCount() {
    return kicked.get();
  }

  @Override
  @Nullable
  Client opened(WebSocket conn, String path) {
    if (!"/stocks".equals(path)) {
      conn.close(1008, "the simulator serves /stocks only, not " + path);
      return null;
    }
    conn.send(status("connected", "Connected Successfully"));
    return new Client();
  }

  @Override
  void received(WebSocket conn, Client client, String text) {
    JsonNode message;
    try {
      message = JSON.readTree(text);
    } catch (IOException e) {
      conn.send(status("error", "message is not valid JSON"));
      return;
    }
    String action = message.path("action").asText("");
    String params = message.path("params").asText("");
    switch (action) {
      case "auth" -> auth(conn, client, params);
      case "subscribe" -> subscribe(conn, client, params);
      case "unsubscribe" -> {
        for (String channel : params.split(",")) {
          client.symbols.remove(channel.strip().replaceFirst("^AM\\.", ""));
          client.tradeSymbols.remove(channel.strip().replaceFirst("^T\\.", ""));
          conn.send(status("success", "unsubscribed to: " + channel.strip()));
        }
      }
      default -> conn.send(status("error", "unknown action: " + action));
    }
  }

  private void auth(WebSocket conn, Client client, String key) {
    if (!apiKey.equals(key)) {
      conn.send(status("auth_failed", "authentication failed"));
      conn.close(1008, "authentication failed");
      return;
    }
    // One connection per key: the newer one stays, as at Polygon.
    for (WebSocket other : connections()) {
      Client otherClient = other.getAttachment();
      if (other != conn && otherClient != null && otherClient.authenticated) {
        otherClient.authenticated = false;
        kicked.incrementAndGet();
        other.send(
            status(
                "max_connections",
                "Maximum number of websocket connections exceeded. You have reached the"
                    + " connection limit for your account."));
        other.close(1008, "max_connections");
      }
    }
    client.authenticated = true;
    conn.send(status("auth_success", "authenticated"));
  }

  private void subscribe(WebSocket conn, Client client, String params) {
    if (!client.authenticated) {
      conn.send(status("auth_required", "authentication required"));
      return;
    }
    List<String> accepted = new ArrayList<>();
    for (String raw : params.split(",")) {
      String channel = raw.strip();
      var m = CHANNEL.matcher(channel);
      if (!m.matches()) {
        conn.send(
            status("error", "the simulator streams AM.SYMBOL and T.SYMBOL only, not: " + channel));
        continue;
      }
      boolean trades = "T".equals(m.group(1));
      if ("*".equals(m.group(2))) {
        if (trades) {
          client.allTrades = true;
        } else {
          client.allSymbols = true;
        }
      } else {
        (trades ? client.tradeSymbols : client.symbols).add(m.group(2));
        accepted.add(m.group(2));
      }
      conn.send(status("success", "subscribed to: " + channel));
    }
    startReplay(accepted);
  }

  @Override
  Duration revisionDelay(SplittableRandom random) {
    return Duration.ofMinutes(1 + random.nextInt(15));
  }

  @Override
  String dropNotice() {
    return status("force_disconnect", "the simulator drops this connection");
  }

  /** Polygon's {@code AM} element, with the day's running volume {@code av} and VWAP {@code a}. */
  @Override
  String element(Scheduled event, double[] day) {
    SimulatedBar bar = event.bar();
    long volume = (long) bar.v();
    return json(
        json -> {
          json.writeStartObject();
          json.writeStringField("ev", "AM");
          json.writeStringField("sym", event.symbol());
          json.writeNumberField("v", volume);
          json.writeNumberField("av", (long) day[0]);
          json.writeNumberField("op", day[2]);
          json.writeNumberField("vw", bar.vw());
          json.writeNumberField("o", bar.o());
          json.writeNumberField("c", bar.c());
          json.writeNumberField("h", bar.h());
          json.writeNumberField("l", bar.l());
          json.writeNumberField("a", day[0] > 0 ? SimulatedMarket.round4(day[1] / day[0]) : 0);
          json.writeNumberField("z", bar.n() > 0 ? volume / bar.n() : 0);
          json.writeNumberField("s", bar.t());
          json.writeNumberField("e", bar.t() + 60_000);
          json.writeEndObject();
        });
  }

  /**
   * Polygon's trade ({@code T}): the id {@code i} a string, the SIP time {@code t} in ms, {@code c}
   * left out when the trade has no conditions (as in the apiref's third example).
   */
  @Override
  String tradeElement(TradeEvent event) {
    SimulatedTrade trade = event.trade();
    return json(
        json -> {
          json.writeStartObject();
          json.writeStringField("ev", "T");
          json.writeStringField("sym", trade.symbol());
          json.writeNumberField("x", trade.polygonExchange());
          json.writeStringField("i", Long.toString(trade.id()));
          json.writeNumberField("z", TradeVenue.POLYGON_TAPE);
          json.writeNumberField("p", trade.price());
          json.writeNumberField("s", trade.size());
          if (!trade.polygonConditions().isEmpty()) {
            json.writeArrayFieldStart("c");
            for (int condition : trade.polygonConditions()) {
              json.writeNumber(condition);
            }
            json.writeEndArray();
          }
          json.writeNumberField("t", trade.sipMillis());
          json.writeNumberField("q", trade.sequence());
          json.writeEndObject();
        });
  }

  private static String status(String status, String message) {
    return controlFrame(
        json -> {
          json.writeStringField("ev", "status");
          json.writeStringField("status", status);
          json.writeStringField("message", message);
        });
  }
}
