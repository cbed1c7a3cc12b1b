package io.pitlake.simulator;

import static org.apache.flink.util.Preconditions.checkState;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local HTTP server that speaks Polygon's daily aggregates API ({@code
 * /v2/aggs/ticker/{ticker}/range/1/day/{from}/{to}}) over deterministic simulated data, and also
 * minute aggregates ({@code /range/1/minute/}), grouped daily bars, splits, dividends, news, ticker
 * details and ticker events over the fixed {@link SimulatedCorporateActions}, and option chains and
 * daily option bars ({@link SimulatedOptionChains}).
 *
 * <p>Tests, the keyless demo ({@code ./pitlake backfill}) and the benchmarks need a vendor that is
 * free, fast, repeatable and able to misbehave on request: API keys (401), a per-key rate limit
 * (429), paging, restatements ({@link Revision}), invalid bars ({@link BadBar}), HTML error pages
 * and, in {@link Chaos} mode, transient faults on a fraction of requests. A real server on loopback
 * exercises the production HTTP client unchanged, which a mock of the client would not.
 *
 * <p>Usage: {@code try (PolygonSimulator vendor = PolygonSimulator.builder().build().start()) {
 * client.get(vendor.baseUrl() + ...); }}. The server listens on 127.0.0.1 on an ephemeral port and
 * answers on a small pool of daemon threads.
 */
public final class PolygonSimulator implements AutoCloseable {

  /** The key a simulator accepts unless the builder sets another. */
  public static final String DEFAULT_API_KEY = "pitlake-simulator";

  /** Trades of every symbol and minute by default: few, so a bars-only replay pays little. */
  public static final SimulatedTrades DEFAULT_TRADES = new SimulatedTrades(4, 0, 0);

  private static final int THREADS = 4;
  private static final Pattern AGGS_PATH =
      Pattern.compile("^/v2/aggs/ticker/([^/]+)/range/([^/]+)/([^/]+)/([^/]+)/([^/]+)/?$");
  private static final Pattern GROUPED_PATH =
      Pattern.compile("^/v2/aggs/grouped/locale/us/market/stocks/([^/]+)/?$");
  private static final Pattern TICKER_DETAILS_PATH =
      Pattern.compile("^/v3/reference/tickers/([^/]+)/?$");
  private static final Pattern TRADES_PATH = Pattern.compile("^/v3/trades/([^/]+)/?$");
  private static final Pattern TICKER_EVENTS_PATH =
      Pattern.compile("^/vX/reference/tickers/([^/]+)/events/?$");
  private static final String UNKNOWN_KEY = "Unknown API Key";
  private static final String RATE_LIMITED =
      "You've exceeded the maximum requests per minute, please wait or upgrade your subscription"
          + " to continue.";

  private final String apiKey;
  private final int requestsPerMinute;
  private final Clock clock;
  private final Map<SymbolDate, BadBarKind> badBars;
  private final Set<String> malformedSymbols;
  private final Set<String> missedSplits;
  private final ChaosInjector chaos;
  private final SimulatedMarket market;
  private final SimulatedTrades trades;
  private final SimulatedOptionChains optionChains;
  private final List<String> universe;
  private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger throttled = new AtomicInteger();
  private final AtomicInteger served = new AtomicInteger();
  private final AtomicLong firstServedNanos = new AtomicLong(Long.MAX_VALUE);
  private final AtomicLong lastServedNanos = new AtomicLong(Long.MIN_VALUE);
  private final Replays replays = new Replays();
  private HttpServer server;
  private ExecutorService executor;
  private String baseUrl;

  /** Takes validated, immutable settings from {@link PolygonSimulatorBuilder#build()}. */
  PolygonSimulator(
      long seed,
      SimulatedTrades trades,
      String apiKey,
      int requestsPerMinute,
      Clock clock,
      List<Revision> revisions,
      Map<SymbolDate, BadBarKind> badBars,
      Set<String> malformedSymbols,
      Set<String> missedSplits,
      Chaos chaos,
      List<String> universe,
      SimulatedCorporateActions actions) {
    this.apiKey = apiKey;
    this.universe = universe;
    this.requestsPerMinute = requestsPerMinute;
    this.clock = clock;
    this.badBars = badBars;
    this.malformedSymbols = malformedSymbols;
    this.missedSplits = missedSplits;
    this.chaos = new ChaosInjector(chaos, PolygonSimulator::sendFault);
    this.trades = trades;
    this.market = new SimulatedMarket(seed, revisions, actions);
    this.optionChains = new SimulatedOptionChains(market, new VolatilitySurface(seed), clock);
  }

  public static PolygonSimulatorBuilder builder() {
    return new PolygonSimulatorBuilder();
  }

  /** Binds 127.0.0.1 on an ephemeral port and starts serving; call once. */
  public synchronized PolygonSimulator start() {
    checkState(server == null, "the simulator is already started; start() may be called once");
    server = LoopbackServer.bind("Polygon simulator");
    baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
    Routes routes =
        new Routes(
            new AggsHandler(market, badBars, malformedSymbols, missedSplits, clock, baseUrl),
            new MinuteAggsHandler(market, clock, baseUrl, replays::knowableMillis),
            new GroupedDailyHandler(market, universe, clock),
            new PolygonReferenceHandler(market, clock, baseUrl),
            new PolygonOptionsHandler(optionChains, clock, baseUrl),
            new PolygonTradesHandler(this::trades, baseUrl, replays::knowableMillis));
    AtomicInteger threadNumber = new AtomicInteger();
    executor =
        Executors.newFixedThreadPool(
            THREADS,
            runnable -> {
              Thread thread =
                  new Thread(runnable, "polygon-simulator-" + threadNumber.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.createContext("/", exchange -> handle(exchange, routes));
    server.start();
    return this;
  }

  /** {@code http://127.0.0.1:PORT}, without a trailing slash; only after {@link #start()}. */
  public synchronized String baseUrl() {
    checkState(baseUrl != null, "the simulator has no address yet; call start() first");
    return baseUrl;
  }

  /**
   * How many authenticated, non-throttled requests got each {@link Chaos} fault ({@code NONE}:
   * none).
   */
  public Map<Chaos.Fault, Integer> injectedFaults() {
    return chaos.injectedFaults();
  }

  /**
   * Requests per second that passed the key check and the rate limit, from the first to the last of
   * them: the rate a client sustained (0 with fewer than two such requests).
   */
  public double sustainedRequestsPerSecond() {
    long span = lastServedNanos.get() - firstServedNanos.get();
    int count = served.get();
    return count < 2 || span <= 0 ? 0 : (count - 1) / (span / 1e9);
  }

  /** Requests refused with 429 by the per-key rate limit (not by {@link Chaos}). */
  public int throttledCount() {
    return throttled.get();
  }

  /** Every HTTP request received so far, including refused ones (401, 429, 404). */
  public int requestCount() {
    return requests.get();
  }

  /**
   * The bar served for {@code symbol} on {@code session} to a request at {@code asOf}, before any
   * {@link BadBar} defect is applied; what a test expects to find downstream.
   *
   * @throws IllegalArgumentException if {@code session} is not an NYSE session
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
   * The one-minute bars of {@code symbol} on {@code session} as {@code /range/1/minute} serves them
   * now, unadjusted ({@code adjusted=false}); empty on a day the symbol did not trade.
   */
  public List<SimulatedBar> minuteBars(String symbol, LocalDate session) {
    if (!market.actions().trades(symbol, session)) {
      return List.of();
    }
    return SimulatedMinuteBars.of(market.bar(symbol, session, clock.instant()), session);
  }

  /**
   * The trades of {@code symbol} on {@code session}: what {@code /v3/trades/{ticker}} serves and
   * the websocket's {@code T} channel sends; empty on a day the symbol did not trade.
   */
  public SimulatedTrades.Day trades(String symbol, LocalDate session) {
    return trades.of(symbol, minuteBars(symbol, session));
  }

  /**
   * Starts this simulator's websocket ({@code /stocks}, Polygon's protocol, the same key) on
   * another loopback port, replaying {@code replay}'s session of minute aggregates once a client
   * subscribes; its settled bars are this simulator's {@link #minuteBars}. While it replays, the
   * REST minute bars and trades serve only what it has made knowable ({@link Replays}). Closed with
   * the simulator.
   */
  public synchronized PolygonWebSocketServer startWebSocket(SessionReplay replay) {
    return replays.add(
        new PolygonWebSocketServer(apiKey, replay, this::minuteBars, this::trades).start());
  }

  /**
   * The option chains this simulator lists and prices ({@code /v3/reference/options/contracts},
   * option aggregates), with the volatility surface every bar is priced at: what a test expects
   * pitlake to recover.
   */
  public SimulatedOptionChains optionChains() {
    return optionChains;
  }

  /** Stops serving at once; in-flight requests are dropped. Safe to call more than once. */
  @Override
  public synchronized void close() {
    replays.close();
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
    }
  }

  private void handle(HttpExchange exchange, Routes routes) throws IOException {
    requests.incrementAndGet();
    try (exchange) {
      try {
        route(exchange, routes);
      } catch (ApiException e) {
        HttpResponses.sendError(exchange, e.httpStatus(), e.status(), e.getMessage());
      } catch (RuntimeException e) {
        // The simulator's own bug: the cause goes to the client, which is the test that hit it.
        HttpResponses.sendError(
            exchange, 500, "ERROR", String.format("Internal simulator error: %s", e));
      }
    }
  }

  private void route(HttpExchange exchange, Routes routes) throws IOException {
    Optional<String> key = apiKey(exchange).filter(apiKey::equals);
    if (key.isEmpty()) {
      throw new ApiException(401, "ERROR", UNKNOWN_KEY);
    }
    if (requestsPerMinute > 0
        && !buckets
            .computeIfAbsent(key.get(), k -> new TokenBucket(requestsPerMinute, clock))
            .tryAcquire()) {
      throttled.incrementAndGet();
      throw new ApiException(429, "ERROR", RATE_LIMITED);
    }
    if (!"GET".equals(exchange.getRequestMethod())) {
      throw new ApiException(
          405,
          "ERROR",
          String.format("Method %s is not allowed; use GET", exchange.getRequestMethod()));
    }
    long now = System.nanoTime();
    served.incrementAndGet();
    firstServedNanos.accumulateAndGet(now, Math::min);
    lastServedNanos.accumulateAndGet(now, Math::max);
    String path = exchange.getRequestURI().getRawPath();
    chaos.answer(exchange, answered -> routes.find(path).answer(answered));
  }

  /** Polygon's answer to a {@link Chaos} 429 or 503. */
  private static void sendFault(HttpExchange exchange, int status) throws IOException {
    HttpResponses.sendError(
        exchange, status, "ERROR", status == 429 ? RATE_LIMITED : "Service Unavailable");
  }

  /** Answers one request whose route is already known. */
  @FunctionalInterface
  private interface Route {
    void answer(HttpExchange exchange) throws IOException;
  }

  /** Maps a request path to the handler of its endpoint. */
  private record Routes(
      AggsHandler aggs,
      MinuteAggsHandler minuteAggs,
      GroupedDailyHandler grouped,
      PolygonReferenceHandler reference,
      PolygonOptionsHandler options,
      PolygonTradesHandler trades) {

    Route find(String path) {
      Matcher tradesPath = TRADES_PATH.matcher(path);
      if (tradesPath.matches()) {
        return exchange ->
            trades.handle(exchange, URLDecoder.decode(tradesPath.group(1), StandardCharsets.UTF_8));
      }
      Matcher aggsPath = AGGS_PATH.matcher(path);
      if (aggsPath.matches()) {
        String ticker = URLDecoder.decode(aggsPath.group(1), StandardCharsets.UTF_8);
        if (ticker.startsWith("O:")
            && "1".equals(aggsPath.group(2))
            && "day".equals(aggsPath.group(3))) {
          return exchange -> options.aggs(exchange, ticker, aggsPath.group(4), aggsPath.group(5));
        }
        if ("1".equals(aggsPath.group(2)) && "minute".equals(aggsPath.group(3))) {
          return exchange ->
              minuteAggs.handle(exchange, aggsPath.group(1), aggsPath.group(4), aggsPath.group(5));
        }
        return exchange ->
            aggs.handle(
                exchange,
                aggsPath.group(1),
                aggsPath.group(2),
                aggsPath.group(3),
                aggsPath.group(4),
                aggsPath.group(5));
      }
      Matcher groupedPath = GROUPED_PATH.matcher(path);
      if (groupedPath.matches()) {
        return exchange -> grouped.handle(exchange, groupedPath.group(1));
      }
      Matcher detailsPath = TICKER_DETAILS_PATH.matcher(path);
      if (detailsPath.matches()) {
        return exchange -> reference.tickerDetails(exchange, detailsPath.group(1));
      }
      Matcher eventsPath = TICKER_EVENTS_PATH.matcher(path);
      if (eventsPath.matches()) {
        return exchange -> reference.tickerEvents(exchange, eventsPath.group(1));
      }
      return switch (path.endsWith("/") ? path.substring(0, path.length() - 1) : path) {
        case "/v3/reference/splits" -> reference::splits;
        case "/v3/reference/dividends" -> reference::dividends;
        case "/v2/reference/news" -> reference::news;
        case "/v3/reference/options/contracts" -> options::contracts;
        default ->
            throw new ApiException(
                404,
                "NOT_FOUND",
                String.format(
                    "No route for %s; the simulator serves /v2/aggs/ticker/{ticker}/range/1/day"
                        + " and /range/1/minute, /v2/aggs/grouped/locale/us/market/stocks/{date},"
                        + " /v3/reference/splits, /v3/reference/dividends, /v2/reference/news,"
                        + " /v3/reference/tickers/{ticker}, /vX/reference/tickers/{id}/events,"
                        + " /v3/reference/options/contracts, /v3/trades/{ticker} and"
                        + " /v2/aggs/ticker/O:.../range/1/day",
                    path));
      };
    }
  }

  /**
   * The key from {@code ?apiKey=} or else from {@code Authorization: Bearer}, as Polygon reads it.
   */
  private static Optional<String> apiKey(HttpExchange exchange) {
    String fromQuery = AggsQuery.params(exchange.getRequestURI().getRawQuery()).get("apiKey");
    if (fromQuery != null) {
      return Optional.of(fromQuery);
    }
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization != null && authorization.startsWith("Bearer ")) {
      return Optional.of(authorization.substring("Bearer ".length()).trim());
    }
    return Optional.empty();
  }
}
