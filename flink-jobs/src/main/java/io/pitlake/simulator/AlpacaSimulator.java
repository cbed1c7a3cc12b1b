package io.pitlake.simulator;

import static org.apache.flink.util.Preconditions.checkState;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.pitlake.simulator.loopback.LoopbackServer;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local HTTP server that speaks Alpaca's Market Data REST API: multi-symbol bars ({@code
 * /v2/stocks/bars}, daily and minute), corporate actions ({@code /v1/corporate-actions}) and news
 * ({@code /v1beta1/news}), with {@code page_token} paging and Alpaca's two-header authentication.
 *
 * <p>It shares {@link SimulatedMarket} and {@link SimulatedCorporateActions} with the {@link
 * PolygonSimulator}: with the same seed, both serve the same daily bar for a symbol and session,
 * and the same splits, dividends, rename, delisting and news, each in its vendor's shape. That is
 * what a cross-vendor test needs to show that pitlake reads one fact identically from both.
 *
 * <p>Requests without both headers get 401, requests with a wrong pair 403 (real Alpaca answers 403
 * for both; pitlake's source treats them alike). Like the Polygon simulator it serves broken daily
 * bars on request ({@link BadBar}) and, in {@link Chaos} mode, transient faults. Listens on
 * 127.0.0.1, ephemeral port.
 */
public final class AlpacaSimulator implements AutoCloseable {

  public static final String DEFAULT_KEY_ID = "PKSIMULATOR";
  public static final String DEFAULT_SECRET_KEY = "pitlake-alpaca-simulator-secret";

  static final String KEY_ID_HEADER = "APCA-API-KEY-ID";
  static final String SECRET_KEY_HEADER = "APCA-API-SECRET-KEY";

  private static final int THREADS = 4;

  private static final Pattern TRADES_PATH = Pattern.compile("^/v2/stocks/([^/]+)/trades/?$");

  /**
   * Trades of every symbol and minute by default, with 2% corrected and 1% cancelled later: few, so
   * a bars-only replay pays little.
   */
  public static final SimulatedTrades DEFAULT_TRADES = new SimulatedTrades(4, 0.02, 0.01);

  private final String keyId;
  private final String secretKey;
  private final int requestsPerMinute;
  private final Clock clock;
  private final SimulatedMarket market;
  private final SimulatedTrades trades;
  private final Map<SymbolDate, BadBarKind> badBars;
  private final ChaosInjector chaos;
  private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final List<String> requestUrls = new CopyOnWriteArrayList<>();
  private final Replays replays = new Replays();
  private LoopbackServer server;
  private String baseUrl;

  AlpacaSimulator(
      long seed,
      SimulatedTrades trades,
      String keyId,
      String secretKey,
      int requestsPerMinute,
      Clock clock,
      Map<SymbolDate, BadBarKind> badBars,
      Chaos chaos,
      SimulatedCorporateActions actions) {
    this.keyId = keyId;
    this.secretKey = secretKey;
    this.requestsPerMinute = requestsPerMinute;
    this.clock = clock;
    this.badBars = badBars;
    this.chaos = new ChaosInjector(chaos, AlpacaSimulator::sendFault);
    this.trades = trades;
    this.market = new SimulatedMarket(seed, List.of(), actions);
  }

  public static AlpacaSimulatorBuilder builder() {
    return new AlpacaSimulatorBuilder();
  }

  /** Binds 127.0.0.1 on an ephemeral port and starts serving; call once. */
  public synchronized AlpacaSimulator start() {
    checkState(server == null, "the simulator is already started; start() may be called once");
    AlpacaHandler handler =
        new AlpacaHandler(market, badBars, clock, this::trades, replays::knowableMillis);
    server =
        LoopbackServer.start("alpaca-simulator", THREADS, exchange -> handle(exchange, handler));
    baseUrl = server.baseUrl();
    return this;
  }

  /** {@code http://127.0.0.1:PORT}, without a trailing slash; only after {@link #start()}. */
  public synchronized String baseUrl() {
    checkState(baseUrl != null, "the simulator has no address yet; call start() first");
    return baseUrl;
  }

  /** Every HTTP request received so far, including refused ones. */
  public int requestCount() {
    return requests.get();
  }

  /**
   * How many authenticated, non-throttled requests got each {@link Chaos} fault ({@code NONE}:
   * none).
   */
  public Map<Chaos.Fault, Integer> injectedFaults() {
    return chaos.injectedFaults();
  }

  /**
   * The path and query of every request received, in order, as sent: what a test searches for a
   * secret that must never be in a URL.
   */
  public List<String> requestUrls() {
    return List.copyOf(requestUrls);
  }

  /**
   * The daily bar served for {@code symbol} on {@code session} with {@code adjustment=raw}: the
   * same values as {@link PolygonSimulator#bar} with the same seed.
   */
  public SimulatedBar bar(String symbol, LocalDate session, Instant asOf) {
    return market.bar(symbol, session, asOf);
  }

  /**
   * How many news articles about {@code symbols}, published from {@code from} to {@code to}
   * (inclusive), this simulator serves now: one per announcement of the catalogue. A test that
   * ingests the news states its exact row count with it, from the simulator's catalogue rather than
   * from pitlake's reading of the answers.
   */
  public long newsArticles(Collection<String> symbols, Instant from, Instant to) {
    return market.actions().articleCount(symbols, from, to, clock.instant());
  }

  /**
   * The one-minute bars of {@code symbol} on {@code session} as {@code /v2/stocks/bars} serves them
   * now with {@code timeframe=1Min}; empty on a day the symbol did not trade.
   */
  public List<SimulatedBar> minuteBars(String symbol, LocalDate session) {
    if (!market.actions().trades(symbol, session)) {
      return List.of();
    }
    return SimulatedMinuteBars.of(market.bar(symbol, session, clock.instant()), session);
  }

  /**
   * The trades of {@code symbol} on {@code session}: what {@code /v2/stocks/{symbol}/trades} serves
   * ({@link SimulatedTrades.Day#tape()}) and what the websocket's {@code trades} channel sends
   * ({@link SimulatedTrades.Day#events()}); empty on a day the symbol did not trade.
   */
  public SimulatedTrades.Day trades(String symbol, LocalDate session) {
    return trades.of(symbol, minuteBars(symbol, session));
  }

  /**
   * Starts this simulator's websocket ({@code /v2/{feed}}, Alpaca's protocol, the same key pair) on
   * another loopback port, replaying {@code replay}'s session of minute bars once a client
   * subscribes; its settled bars are this simulator's {@link #minuteBars}. While it replays, the
   * REST minute bars and trades serve only what it has made knowable ({@link Replays}). Closed with
   * the simulator.
   */
  public AlpacaWebSocketServer startWebSocket(SessionReplay replay) {
    return replays.add(
        new AlpacaWebSocketServer(keyId, secretKey, replay, this::minuteBars, this::trades)
            .start());
  }

  @Override
  public synchronized void close() {
    replays.close();
    if (server != null) {
      server.close();
    }
  }

  private void handle(HttpExchange exchange, AlpacaHandler handler) throws IOException {
    requests.incrementAndGet();
    requestUrls.add(exchange.getRequestURI().toString());
    try (exchange) {
      try {
        route(exchange, handler);
      } catch (ApiException e) {
        sendError(exchange, e.httpStatus(), e.getMessage());
      } catch (RuntimeException e) {
        sendError(exchange, 500, String.format("Internal simulator error: %s", e));
      }
    }
  }

  private void route(HttpExchange exchange, AlpacaHandler handler) throws IOException {
    String id = exchange.getRequestHeaders().getFirst(KEY_ID_HEADER);
    String secret = exchange.getRequestHeaders().getFirst(SECRET_KEY_HEADER);
    if (id == null || secret == null) {
      throw new ApiException(401, "ERROR", "request is not authorized");
    }
    if (!id.equals(keyId) || !secret.equals(secretKey)) {
      throw new ApiException(403, "ERROR", "forbidden");
    }
    if (requestsPerMinute > 0
        && !buckets
            .computeIfAbsent(id, k -> new TokenBucket(requestsPerMinute, clock))
            .tryAcquire()) {
      throw new ApiException(429, "ERROR", "rate limit exceeded");
    }
    if (!"GET".equals(exchange.getRequestMethod())) {
      throw new ApiException(
          405, "ERROR", String.format("method %s is not allowed", exchange.getRequestMethod()));
    }
    chaos.answer(exchange, answered -> answer(answered, handler));
  }

  private static void answer(HttpExchange exchange, AlpacaHandler handler) throws IOException {
    String path = exchange.getRequestURI().getRawPath();
    String query = exchange.getRequestURI().getRawQuery();
    byte[] body =
        switch (path.endsWith("/") ? path.substring(0, path.length() - 1) : path) {
          case "/v2/stocks/bars" -> handler.bars(query);
          case "/v1/corporate-actions", "/v1beta1/corporate-actions" ->
              handler.corporateActions(query);
          case "/v1beta1/news" -> handler.news(query);
          default -> {
            Matcher trades = TRADES_PATH.matcher(path);
            if (!trades.matches()) {
              throw new ApiException(
                  404,
                  "NOT_FOUND",
                  String.format(
                      "endpoint %s not found; the simulator serves /v2/stocks/bars,"
                          + " /v2/stocks/{symbol}/trades, /v1/corporate-actions and"
                          + " /v1beta1/news",
                      path));
            }
            yield handler.trades(URLDecoder.decode(trades.group(1), StandardCharsets.UTF_8), query);
          }
        };
    HttpResponses.sendJson(exchange, body);
  }

  /** Alpaca's answer to a {@link Chaos} 429 or 503. */
  private static void sendFault(HttpExchange exchange, int status) throws IOException {
    sendError(exchange, status, status == 429 ? "rate limit exceeded" : "service unavailable");
  }

  /** Alpaca's error body: {@code {"code":40010000,"message":...}}. */
  private static void sendError(HttpExchange exchange, int status, String message)
      throws IOException {
    ObjectNode body = PolygonPages.JSON.createObjectNode();
    body.put("code", status * 100_000 + 10_000);
    body.put("message", message);
    HttpResponses.sendJson(exchange, status, PolygonPages.bytes(body));
  }
}
