package io.pitlake.simulator.fmp;

import static org.apache.flink.util.Preconditions.checkState;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.pitlake.simulator.Chaos;
import io.pitlake.simulator.ChaosInjector;
import io.pitlake.simulator.loopback.LoopbackServer;
import io.pitlake.simulator.loopback.RequestRateLimit;
import io.pitlake.source.rest.Redaction;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.annotation.Nullable;

/**
 * A local HTTP server that speaks Financial Modeling Prep's {@code /stable} financial statements
 * ({@code income-statement}, {@code balance-sheet-statement}, {@code cash-flow-statement}) for
 * {@link #SYMBOLS}, newest period first, and refuses the rest the way FMP does.
 *
 * <ul>
 *   <li>AAPL FY2024 is FMP's recorded response (the apiref fixtures), field for field; the other
 *       periods (FY2020..FY2024, and four quarters a year) carry invented values with the same
 *       header fields, some accepted after the 16:00 close.
 *   <li>A missing or wrong {@code apikey} gets 401 with FMP's error object; any {@code /api/v3}
 *       path gets the 403 that FMP sends keys created after 2025-08-31 (the apiref fixture
 *       fmp-error-legacy-endpoint.json); an unknown symbol or a comma list of symbols gets {@code
 *       []} (fmp.md, F5).
 *   <li>With {@code requestsPerSecond} set, requests above it get 429 (fmp.md, F6).
 *   <li>In {@link Chaos} mode, a fraction of the requests with a valid key get transient faults.
 * </ul>
 */
public final class FmpSimulator implements AutoCloseable {

  /** The key a simulator accepts unless the builder sets another. */
  public static final String DEFAULT_API_KEY = "pitlake-simulator";

  /**
   * The companies with statements, by symbol; others get {@code []}. SNOW and TSLA are those of the
   * SEC simulator's filings, so the README's example fetches both vendors for one pair.
   */
  private static final Map<String, Company> COMPANIES =
      Map.of(
          "AAPL", new Company("0000320193", MonthDay.of(9, 28), 300_000_000_000L, 10_000_000_000L),
          "MSFT", new Company("0000789019", MonthDay.of(6, 30), 200_000_000_000L, 10_000_000_000L),
          "SNOW", new Company("0001640147", MonthDay.of(1, 31), 2_000_000_000L, 500_000_000L),
          "TSLA", new Company("0001318605", MonthDay.of(12, 31), 80_000_000_000L, 5_000_000_000L));

  /** The symbols with statements; others get {@code []}. */
  public static final Set<String> SYMBOLS = COMPANIES.keySet();

  /**
   * A company the simulator invents statements for: its fiscal year's end, its FY2020 revenue and
   * the revenue it adds each year.
   */
  private record Company(String cik, MonthDay yearEnd, long revenue, long growth) {}

  /** FMP's answer to a legacy endpoint for a key created after 2025-08-31, verbatim. */
  public static final String LEGACY_ENDPOINT_ERROR =
      "Legacy Endpoint : Due to Legacy endpoints being no longer supported - This endpoint is only"
          + " available for legacy users who have valid subscriptions prior August 31, 2025."
          + " Please visit our documentation page https://site.financialmodelingprep.com/developer/docs"
          + " for our current APIs.";

  static final String INVALID_KEY_ERROR =
      "Invalid API KEY. Feel free to create a Free API Key or visit"
          + " https://site.financialmodelingprep.com/faqs?search=why-is-my-api-key-invalid for more"
          + " information.";

  private static final List<String> STATEMENTS =
      List.of("income-statement", "balance-sheet-statement", "cash-flow-statement");
  private static final DateTimeFormatter ACCEPTED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String apiKey;
  private final double requestsPerSecond;
  private final Clock clock;
  private final Map<String, ObjectNode> recorded;
  private final ChaosInjector chaos;
  private final List<String> served = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger throttled = new AtomicInteger();
  @Nullable private RequestRateLimit rateLimit;
  @Nullable private LoopbackServer server;

  /** Takes validated settings from {@link FmpSimulatorBuilder#build()}. */
  FmpSimulator(String apiKey, double requestsPerSecond, Clock clock, Chaos chaos) {
    this.apiKey = apiKey;
    this.requestsPerSecond = requestsPerSecond;
    this.clock = clock;
    this.recorded = recordedAaplFy2024();
    this.chaos = new ChaosInjector(chaos, FmpSimulator::sendFault);
  }

  public static FmpSimulatorBuilder builder() {
    return new FmpSimulatorBuilder();
  }

  /** Binds 127.0.0.1 on an ephemeral port and starts serving; call once. */
  public synchronized FmpSimulator start() {
    checkState(server == null, "the FMP simulator is already started; call start() once");
    rateLimit = requestsPerSecond > 0 ? new RequestRateLimit(requestsPerSecond, clock) : null;
    server = LoopbackServer.start("fmp-simulator", 4, this::handle);
    return this;
  }

  /** {@code http://127.0.0.1:PORT}, the value for {@code fmp.base-url}. */
  public String baseUrl() {
    checkState(server != null, "the FMP simulator has no address yet; call start() first");
    return server.baseUrl();
  }

  /**
   * The rows served for {@code statement} (e.g. {@code income-statement}), {@code symbol} and
   * {@code period} ({@code annual}, {@code quarter}, {@code FY}, {@code Q1}..{@code Q4}), newest
   * first, before {@code limit}: what a test expects to find downstream.
   */
  public List<JsonNode> statements(String statement, String symbol, String period) {
    List<JsonNode> rows = new ArrayList<>();
    if (!SYMBOLS.contains(symbol) || !STATEMENTS.contains(statement)) {
      return rows;
    }
    for (int year = 2024; year >= 2020; year--) {
      for (String fiscalPeriod : List.of("FY", "Q4", "Q3", "Q2", "Q1")) {
        boolean wanted =
            switch (period) {
              case "annual" -> fiscalPeriod.equals("FY");
              case "quarter" -> !fiscalPeriod.equals("FY");
              default -> fiscalPeriod.equals(period);
            };
        if (wanted) {
          rows.add(row(statement, symbol, year, fiscalPeriod));
        }
      }
    }
    rows.sort(Comparator.comparing((JsonNode row) -> row.get("date").asText()).reversed());
    return rows;
  }

  /** Path and query of every request with a valid key, the key redacted, in order. */
  public List<String> servedRequests() {
    synchronized (served) {
      return List.copyOf(served);
    }
  }

  /** Every HTTP request received so far, answered or refused; 0 before {@link #start()}. */
  public int requestCount() {
    return server == null ? 0 : server.requestCount();
  }

  /** Requests refused with 429 by the rate limit (not by {@link Chaos}). */
  public int throttledCount() {
    return throttled.get();
  }

  /** How many requests with a valid key got each {@link Chaos} fault ({@code NONE}: none). */
  public Map<Chaos.Fault, Integer> injectedFaults() {
    return chaos.injectedFaults();
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      server.close();
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    Map<String, String> params = LoopbackServer.queryParameters(exchange);
    if (!apiKey.equals(params.get("apikey"))
        && !apiKey.equals(exchange.getRequestHeaders().getFirst("apikey"))) {
      sendError(exchange, 401, INVALID_KEY_ERROR);
      return;
    }
    if (rateLimit != null && !rateLimit.tryAcquire()) {
      throttled.incrementAndGet();
      sendError(exchange, 429, "Limit Reach . Please upgrade your plan or retry later.");
      return;
    }
    String path = exchange.getRequestURI().getRawPath();
    served.add(Redaction.redact(path + "?" + exchange.getRequestURI().getRawQuery()));
    chaos.answer(exchange, answered -> answer(answered, path, params));
  }

  private void answer(HttpExchange exchange, String path, Map<String, String> params)
      throws IOException {
    if (path.startsWith("/api/v3/") || path.equals("/api/v3")) {
      sendError(exchange, 403, LEGACY_ENDPOINT_ERROR);
      return;
    }
    String statement = path.startsWith("/stable/") ? path.substring("/stable/".length()) : null;
    if (statement == null || !STATEMENTS.contains(statement)) {
      sendError(exchange, 404, "Not found: " + path);
      return;
    }
    String symbol = params.get("symbol");
    if (symbol == null || symbol.isBlank()) {
      sendError(exchange, 400, "Invalid or missing query parameter - symbol");
      return;
    }
    String period = params.getOrDefault("period", "annual");
    int limit = parseLimit(params.get("limit"));
    List<JsonNode> rows = statements(statement, symbol, period);
    ArrayNode body = JSON.createArrayNode();
    rows.stream().limit(limit).forEach(body::add);
    LoopbackServer.send(exchange, 200, "application/json", write(body));
  }

  private static int parseLimit(@Nullable String limit) {
    if (limit == null || !limit.matches("\\d{1,4}")) {
      return 1000;
    }
    return Math.min(1000, Integer.parseInt(limit));
  }

  /** One period: the recorded AAPL FY2024 row, or an invented one with FMP's header fields. */
  private JsonNode row(String statement, String symbol, int year, String fiscalPeriod) {
    if (symbol.equals("AAPL") && year == 2024 && fiscalPeriod.equals("FY")) {
      return recorded.get(statement).deepCopy();
    }
    Company company = COMPANIES.get(symbol);
    LocalDate yearEnd = company.yearEnd().atYear(year);
    int quartersBeforeEnd =
        fiscalPeriod.equals("FY") ? 0 : 4 - Integer.parseInt(fiscalPeriod.substring(1));
    LocalDate date = yearEnd.minusMonths(3L * quartersBeforeEnd);
    LocalDate filingDate = weekday(date.plusDays(fiscalPeriod.equals("FY") ? 35 : 30));
    LocalTime acceptedTime =
        (year + quartersBeforeEnd) % 2 == 0 ? LocalTime.of(16, 30, 5) : LocalTime.of(6, 1, 36);
    ObjectNode row = JSON.createObjectNode();
    row.put("date", date.toString());
    row.put("symbol", symbol);
    row.put("reportedCurrency", "USD");
    row.put("cik", company.cik());
    row.put("filingDate", filingDate.toString());
    row.put("acceptedDate", LocalDateTime.of(filingDate, acceptedTime).format(ACCEPTED));
    row.put("fiscalYear", Integer.toString(year));
    row.put("period", fiscalPeriod);
    long scale = company.revenue() + (year - 2020) * company.growth();
    if (!fiscalPeriod.equals("FY")) {
      scale /= 4;
    }
    switch (statement) {
      case "income-statement" -> {
        row.put("revenue", scale);
        row.put("costOfRevenue", scale * 55 / 100);
        row.put("grossProfit", scale * 45 / 100);
        row.put("netIncome", scale * 24 / 100);
        row.put("interestExpense", 0);
        row.put("eps", (scale * 24 / 100) / 15_000_000L / 100.0);
      }
      case "balance-sheet-statement" -> {
        row.put("totalAssets", scale * 12 / 10);
        row.put("totalLiabilities", scale * 9 / 10);
        row.put("totalStockholdersEquity", scale * 3 / 10);
      }
      default -> {
        row.put("operatingCashFlow", scale * 3 / 10);
        row.put("capitalExpenditure", -scale / 40);
        row.put("freeCashFlow", scale * 3 / 10 - scale / 40);
      }
    }
    return row;
  }

  private static LocalDate weekday(LocalDate date) {
    LocalDate day = date;
    while (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
      day = day.plusDays(1);
    }
    return day;
  }

  /** FMP's answer to a {@link Chaos} 429 or 503. */
  private static void sendFault(HttpExchange exchange, int status) throws IOException {
    sendError(
        exchange,
        status,
        status == 429
            ? "Limit Reach . Please upgrade your plan or retry later."
            : "Service Unavailable");
  }

  private static void sendError(HttpExchange exchange, int status, String message)
      throws IOException {
    ObjectNode error = JSON.createObjectNode();
    error.put("Error Message", message);
    LoopbackServer.send(exchange, status, "application/json", write(error));
  }

  private static Map<String, ObjectNode> recordedAaplFy2024() {
    try (InputStream in = FmpSimulator.class.getResourceAsStream("aapl-fy2024.json")) {
      if (in == null) {
        throw new IllegalStateException("aapl-fy2024.json is missing next to FmpSimulator");
      }
      JsonNode all = JSON.readTree(in);
      return Map.of(
          "income-statement", (ObjectNode) all.get("income-statement"),
          "balance-sheet-statement", (ObjectNode) all.get("balance-sheet-statement"),
          "cash-flow-statement", (ObjectNode) all.get("cash-flow-statement"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
