package io.pitlake.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.annotation.Nullable;
import org.java_websocket.WebSocket;

/**
 * The Alpaca simulator's websocket ({@code ws://127.0.0.1:PORT/v2/{feed}}, feeds {@code iex} and
 * {@code sip}, and {@code /v2/test}, which streams the symbol {@value #TEST_SYMBOL} only): Alpaca's
 * protocol (alpaca.md, "WebSocket") replaying one session of minute bars as {@link
 * ReplayWebSocketServer} and {@link SessionReplay} say. A bar goes out as {@code b}; a revised bar
 * (and an unchanged re-send) goes out again as {@code u} about 30 s later, with the same {@code t},
 * to the clients subscribed to {@code updatedBars}, as Alpaca sends an update after late trades.
 *
 * <p>Protocol: a new connection gets {@code success connected}; {@code
 * {"action":"auth","key":ID,"secret":SECRET}} gets {@code success authenticated}, error 402 (and a
 * close) for another pair, 403 when already authenticated, and 406 {@code connection limit
 * exceeded} (and a close) while another connection is authenticated with the pair, as Alpaca keeps
 * the first; {@code subscribe} before auth gets 401, else the complete subscription state ({@code T
 * = subscription}); channels other than {@code bars}, {@code updatedBars} and {@code trades} get
 * 410. Chaos drops a client with error 407 ({@code slow client}) and a close, or abruptly, and then
 * refuses the next login, and every login for {@value #HOLD_SECONDS} session seconds, with 406:
 * Alpaca keeps a half-dead session about that long.
 */
public final class AlpacaWebSocketServer extends ReplayWebSocketServer {

  /** The one symbol {@code /v2/test} streams. */
  public static final String TEST_SYMBOL = "FAKEPACA";

  static final long HOLD_SECONDS = 90;

  private static final Pattern PATH = Pattern.compile("^/v2/(iex|sip|test)$");
  private static final Set<String> CHANNELS = Set.of("bars", "updatedBars", "trades");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String keyId;
  private final String secret;
  private final AtomicInteger refused = new AtomicInteger();
  private final AtomicBoolean refuseNext = new AtomicBoolean();
  private volatile Instant heldUntil = Instant.MIN;

  /**
   * @param minuteBars the REST simulator's settled minute bars of a symbol and session
   * @param trades the REST simulator's trades of a symbol and session
   */
  AlpacaWebSocketServer(
      String keyId,
      String secret,
      SessionReplay replay,
      BiFunction<String, LocalDate, List<SimulatedBar>> minuteBars,
      BiFunction<String, LocalDate, SimulatedTrades.Day> trades) {
    super(replay, minuteBars, trades, "alpaca-ws-replay");
    this.keyId = keyId;
    this.secret = secret;
  }

  /** Binds 127.0.0.1 on an ephemeral port and starts serving. */
  AlpacaWebSocketServer start() {
    begin();
    return this;
  }

  /** {@code ws://127.0.0.1:PORT/v2/FEED}: {@code iex}, {@code sip} or {@code test}. */
  public String url(String feed) {
    return address() + "/v2/" + feed;
  }

  /** Logins refused with 406 so far. */
  public int refusedCount() {
    return refused.get();
  }

  /** One connection's state: its feed and its two subscriptions. */
  private static final class AlpacaClient extends Client {
    final boolean test;
    volatile boolean allUpdated;
    final Set<String> updated = ConcurrentHashMap.newKeySet();

    AlpacaClient(boolean test) {
      this.test = test;
    }
  }

  @Override
  @Nullable
  Client opened(WebSocket conn, String path) {
    Matcher feed = PATH.matcher(path);
    if (!feed.matches()) {
      conn.close(1008, "the simulator serves /v2/iex, /v2/sip and /v2/test, not " + path);
      return null;
    }
    conn.send(success("connected"));
    return new AlpacaClient("test".equals(feed.group(1)));
  }

  @Override
  void received(WebSocket conn, Client client, String text) {
    JsonNode message;
    try {
      message = JSON.readTree(text);
    } catch (IOException e) {
      conn.send(error(400, "invalid syntax"));
      return;
    }
    switch (message.path("action").asText("")) {
      case "auth" -> auth(conn, client, message);
      case "subscribe" -> subscribe(conn, (AlpacaClient) client, message);
      default -> conn.send(error(400, "invalid syntax"));
    }
  }

  private void auth(WebSocket conn, Client client, JsonNode message) {
    if (client.authenticated) {
      conn.send(error(403, "already authenticated"));
      return;
    }
    if (!keyId.equals(message.path("key").asText(""))
        || !secret.equals(message.path("secret").asText(""))) {
      conn.send(error(402, "auth failed"));
      conn.close(1008, "auth failed");
      return;
    }
    // One connection per key pair: the first one stays, as at Alpaca; and a dropped session is
    // kept a while.
    boolean another =
        connections().stream()
            .anyMatch(
                other ->
                    other != conn && other.getAttachment() instanceof Client c && c.authenticated);
    if (another || refuseNext.getAndSet(false) || clock().instant().isBefore(heldUntil)) {
      refused.incrementAndGet();
      conn.send(error(406, "connection limit exceeded"));
      conn.close(1008, "connection limit exceeded");
      return;
    }
    client.authenticated = true;
    conn.send(success("authenticated"));
  }

  private void subscribe(WebSocket conn, AlpacaClient client, JsonNode message) {
    if (!client.authenticated) {
      conn.send(error(401, "not authenticated"));
      return;
    }
    List<String> bars = new ArrayList<>();
    var fields = message.fields();
    while (fields.hasNext()) {
      var field = fields.next();
      if ("action".equals(field.getKey())) {
        continue;
      }
      if (!CHANNELS.contains(field.getKey()) && !field.getValue().isEmpty()) {
        conn.send(error(410, "invalid subscribe action for this feed"));
        return;
      }
      for (JsonNode symbol : field.getValue()) {
        boolean all = "*".equals(symbol.asText());
        if ("bars".equals(field.getKey())) {
          client.allSymbols |= all;
          client.symbols.add(symbol.asText());
          bars.add(symbol.asText());
        } else if ("trades".equals(field.getKey())) {
          client.allTrades |= all;
          client.tradeSymbols.add(symbol.asText());
          bars.add(symbol.asText());
        } else {
          client.allUpdated |= all;
          client.updated.add(symbol.asText());
        }
      }
    }
    conn.send(subscription(client));
    List<String> replayed =
        client.test
            ? (client.allSymbols || bars.contains(TEST_SYMBOL) ? List.of(TEST_SYMBOL) : List.of())
            : bars.stream().filter(symbol -> !"*".equals(symbol)).distinct().toList();
    startReplay(replayed);
  }

  @Override
  boolean receives(Client client, Scheduled event) {
    AlpacaClient alpaca = (AlpacaClient) client;
    if (alpaca.test && !TEST_SYMBOL.equals(event.symbol())) {
      return false;
    }
    return update(event.kind())
        ? alpaca.allUpdated || alpaca.updated.contains(event.symbol())
        : super.receives(client, event);
  }

  /** About 30 s after the bar, as Alpaca sends {@code updatedBars}. */
  @Override
  Duration revisionDelay(SplittableRandom random) {
    return Duration.ofMillis(29_000 + random.nextInt(2_000));
  }

  @Override
  String dropNotice() {
    return error(407, "slow client");
  }

  /** Alpaca keeps the dropped session a while: the next login, and those for 90 s, get 406. */
  @Override
  void dropping() {
    heldUntil = clock().instant().plusSeconds(HOLD_SECONDS);
    refuseNext.set(true);
  }

  /** Alpaca's bar: {@code b} first, {@code u} for a later send of the same bar. */
  @Override
  String element(Scheduled event, double[] day) {
    SimulatedBar bar = event.bar();
    return json(
        json -> {
          json.writeStartObject();
          json.writeStringField("T", update(event.kind()) ? "u" : "b");
          json.writeStringField("S", event.symbol());
          json.writeNumberField("o", bar.o());
          json.writeNumberField("h", bar.h());
          json.writeNumberField("l", bar.l());
          json.writeNumberField("c", bar.c());
          json.writeNumberField("v", (long) bar.v());
          json.writeStringField("t", Instant.ofEpochMilli(bar.t()).toString());
          json.writeNumberField("n", bar.n());
          json.writeNumberField("vw", bar.vw());
          json.writeEndObject();
        });
  }

  /**
   * Alpaca's trade ({@code t}), correction ({@code c}: {@code oi op os oc} the original, {@code ci
   * cp cs cc} the corrected trade) or cancel ({@code x}, action {@code C}); {@code t} is the
   * trade's SIP time, RFC 3339.
   */
  @Override
  String tradeElement(TradeEvent event) {
    SimulatedTrade trade = event.trade();
    return json(
        json -> {
          json.writeStartObject();
          switch (event.kind()) {
            case TRADE -> {
              json.writeStringField("T", "t");
              json.writeNumberField("i", trade.id());
              json.writeStringField("S", trade.symbol());
              json.writeStringField("x", trade.alpacaExchange());
              json.writeNumberField("p", trade.price());
              json.writeNumberField("s", trade.size());
              json.writeStringField("t", Instant.ofEpochMilli(trade.sipMillis()).toString());
              conditions(json, "c", trade);
            }
            case CORRECTION -> {
              SimulatedTrade original = event.original();
              json.writeStringField("T", "c");
              json.writeStringField("S", trade.symbol());
              json.writeStringField("x", trade.alpacaExchange());
              json.writeNumberField("oi", original.id());
              json.writeNumberField("op", original.price());
              json.writeNumberField("os", original.size());
              conditions(json, "oc", original);
              json.writeNumberField("ci", trade.id());
              json.writeNumberField("cp", trade.price());
              json.writeNumberField("cs", trade.size());
              conditions(json, "cc", trade);
              json.writeStringField("t", Instant.ofEpochMilli(trade.sipMillis()).toString());
            }
            case CANCEL -> {
              json.writeStringField("T", "x");
              json.writeStringField("S", trade.symbol());
              json.writeNumberField("i", trade.id());
              json.writeStringField("x", trade.alpacaExchange());
              json.writeNumberField("p", trade.price());
              json.writeNumberField("s", trade.size());
              json.writeStringField("a", "C");
              json.writeStringField("t", Instant.ofEpochMilli(trade.sipMillis()).toString());
            }
          }
          json.writeStringField("z", TradeVenue.ALPACA_TAPE);
          json.writeEndObject();
        });
  }

  private static void conditions(
      com.fasterxml.jackson.core.JsonGenerator json, String field, SimulatedTrade trade)
      throws IOException {
    json.writeArrayFieldStart(field);
    for (String condition : trade.alpacaConditions()) {
      json.writeString(condition);
    }
    json.writeEndArray();
  }

  private static boolean update(SentBar.Kind kind) {
    return kind == SentBar.Kind.REVISED || kind == SentBar.Kind.RESENT;
  }

  private static String subscription(AlpacaClient client) {
    return controlFrame(
        json -> {
          json.writeStringField("T", "subscription");
          // A trades subscription brings its corrections and cancels, as at Alpaca.
          for (String channel : List.of("trades", "corrections", "cancelErrors")) {
            json.writeArrayFieldStart(channel);
            for (String symbol : client.tradeSymbols) {
              json.writeString(symbol);
            }
            json.writeEndArray();
          }
          json.writeArrayFieldStart("quotes");
          json.writeEndArray();
          json.writeArrayFieldStart("bars");
          for (String symbol : client.symbols) {
            json.writeString(symbol);
          }
          json.writeEndArray();
          json.writeArrayFieldStart("updatedBars");
          for (String symbol : client.updated) {
            json.writeString(symbol);
          }
          json.writeEndArray();
        });
  }

  private static String error(int code, String msg) {
    return controlFrame(
        json -> {
          json.writeStringField("T", "error");
          json.writeNumberField("code", code);
          json.writeStringField("msg", msg);
        });
  }

  private static String success(String msg) {
    return controlFrame(
        json -> {
          json.writeStringField("T", "success");
          json.writeStringField("msg", msg);
        });
  }
}
