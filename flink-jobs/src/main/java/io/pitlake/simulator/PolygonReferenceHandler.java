package io.pitlake.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.pitlake.time.NyseCalendar;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Serves Polygon's reference data over {@link SimulatedCorporateActions} in Polygon's shapes:
 * {@code /v3/reference/splits}, {@code /v3/reference/dividends}, {@code /v2/reference/news}, with
 * filters, order and {@code next_url} paging ({@link PolygonPages}); {@code
 * /v3/reference/tickers/{ticker}?date=} and {@code /vX/reference/tickers/{id}/events}.
 *
 * <p>Only actions announced by the simulator's clock are served. Called on the server's worker
 * threads; holds no per-request state.
 */
final class PolygonReferenceHandler {

  static final LocalDate LIST_DATE = LocalDate.of(2000, 1, 3);
  private static final long SHARES_OUTSTANDING = 100_000_000L;

  private final NyseCalendar calendar = NyseCalendar.instance();
  private final SimulatedMarket market;
  private final Clock clock;
  private final String baseUrl;

  PolygonReferenceHandler(SimulatedMarket market, Clock clock, String baseUrl) {
    this.market = market;
    this.clock = clock;
    this.baseUrl = baseUrl;
  }

  private SimulatedCorporateActions actions() {
    return market.actions();
  }

  private LocalDate today() {
    return clock.instant().atZone(NyseCalendar.ZONE).toLocalDate();
  }

  /** The one ticker a reference request filters on, none for every ticker. */
  private static List<String> tickers(Map<String, String> params) {
    String ticker = params.get("ticker");
    return ticker == null || ticker.equals("*") ? List.of() : List.of(ticker);
  }

  void splits(HttpExchange exchange) throws IOException {
    Map<String, String> params = PolygonPages.params(exchange.getRequestURI().getRawQuery());
    List<ObjectNode> rows = new ArrayList<>();
    for (SimulatedCorporateActions.Split split : actions().splits(today(), tickers(params))) {
      ObjectNode row = PolygonPages.JSON.createObjectNode();
      row.put("execution_date", split.exDate().toString());
      row.put("id", "E" + SimulatedCompany.id("split " + split).substring(0, 64));
      row.put("split_from", split.from());
      row.put("split_to", split.to());
      row.put("ticker", split.symbol());
      rows.add(row);
    }
    rows = PolygonPages.filter(rows, params, "ticker");
    rows = PolygonPages.filter(rows, params, "execution_date");
    if (params.containsKey("reverse_split")) {
      boolean reverse = Boolean.parseBoolean(params.get("reverse_split"));
      rows.removeIf(
          row -> (row.get("split_from").asInt() > row.get("split_to").asInt()) != reverse);
    }
    HttpResponses.sendJson(
        exchange,
        PolygonPages.page(rows, params, "execution_date", baseUrl, "/v3/reference/splits"));
  }

  void dividends(HttpExchange exchange) throws IOException {
    Map<String, String> params = PolygonPages.params(exchange.getRequestURI().getRawQuery());
    List<ObjectNode> rows = new ArrayList<>();
    for (SimulatedCorporateActions.Dividend dividend :
        actions().dividends(today(), tickers(params))) {
      ObjectNode row = PolygonPages.JSON.createObjectNode();
      row.put("cash_amount", dividend.amount());
      row.put("currency", "USD");
      row.put("declaration_date", dividend.announced().toString());
      row.put("dividend_type", dividend.special() ? "SC" : "CD");
      row.put("ex_dividend_date", dividend.exDate().toString());
      row.put("frequency", dividend.special() ? 0 : 4);
      row.put("id", "E" + SimulatedCompany.id("dividend " + dividend).substring(0, 64));
      row.put("pay_date", dividend.payDate().toString());
      row.put("record_date", dividend.recordDate().toString());
      row.put("ticker", dividend.symbol());
      rows.add(row);
    }
    for (String field :
        List.of("ticker", "ex_dividend_date", "declaration_date", "record_date", "pay_date")) {
      rows = PolygonPages.filter(rows, params, field);
    }
    if (params.containsKey("dividend_type")) {
      rows.removeIf(row -> !row.get("dividend_type").asText().equals(params.get("dividend_type")));
    }
    HttpResponses.sendJson(
        exchange,
        PolygonPages.page(rows, params, "ex_dividend_date", baseUrl, "/v3/reference/dividends"));
  }

  void news(HttpExchange exchange) throws IOException {
    Map<String, String> params = PolygonPages.params(exchange.getRequestURI().getRawQuery());
    List<ObjectNode> rows = new ArrayList<>();
    for (SimulatedCorporateActions.Article article : actions().articles(clock.instant())) {
      ObjectNode row = PolygonPages.JSON.createObjectNode();
      row.put("id", SimulatedCompany.id("news " + article.id()));
      ObjectNode publisher = row.putObject("publisher");
      publisher.put("name", "Simulated Wire");
      publisher.put("homepage_url", "https://news.invalid/");
      row.put("title", article.headline());
      row.put("author", "Simulated Wire Staff");
      row.put("published_utc", article.published().toString());
      row.put("article_url", "https://news.invalid/" + article.id());
      row.putArray("tickers").add(article.symbol());
      row.put("description", article.summary());
      row.putArray("keywords").add("corporate action");
      rows.add(row);
    }
    if (params.containsKey("ticker")) {
      String ticker = params.get("ticker");
      rows.removeIf(row -> !row.get("tickers").toString().contains('"' + ticker + '"'));
    }
    rows = PolygonPages.filter(rows, params, "published_utc");
    HttpResponses.sendJson(
        exchange, PolygonPages.page(rows, params, "published_utc", baseUrl, "/v2/reference/news"));
  }

  /** {@code /v3/reference/tickers/{ticker}}: details as of {@code date} (default: today). */
  void tickerDetails(HttpExchange exchange, String rawTicker) throws IOException {
    String ticker = URLDecoder.decode(rawTicker, StandardCharsets.UTF_8);
    Map<String, String> params = AggsQuery.params(exchange.getRequestURI().getRawQuery());
    LocalDate date = parseDate(params.getOrDefault("date", today().toString()));
    SimulatedCorporateActions actions = actions();
    boolean listedYet =
        actions.renames(today()).stream()
            .noneMatch(r -> r.newSymbol().equals(ticker) && date.isBefore(r.effective()));
    if (!listedYet || date.isBefore(LIST_DATE)) {
      throw new ApiException(404, "NOT_FOUND", "Ticker not found.");
    }
    String series = actions.series(ticker);
    SimulatedCompany company = SimulatedCompany.of(series);
    boolean active = trades(ticker, date);
    ObjectNode results = PolygonPages.JSON.createObjectNode();
    results.put("active", active);
    results.put("cik", company.cik());
    results.put("composite_figi", company.compositeFigi());
    results.put("currency_name", "usd");
    if (!active) {
      delistedAt(ticker).ifPresent(at -> results.put("delisted_utc", at));
    }
    results.put("list_date", LIST_DATE.toString());
    results.put("locale", "us");
    results.put("market", "stocks");
    LocalDate priced =
        calendar.isSession(date) ? date : calendar.previousSession(date).orElse(LIST_DATE);
    double factor = actions.priceFactor(ticker, priced);
    long shares = Math.round(SHARES_OUTSTANDING / factor);
    results.put("market_cap", Math.round(shares * market.bar(ticker, priced, clock.instant()).c()));
    results.put("name", company.name());
    results.put("primary_exchange", "XNYS");
    results.put("round_lot", 100);
    results.put("share_class_shares_outstanding", shares);
    results.put("ticker", ticker);
    results.put("type", "CS");
    results.put("weighted_shares_outstanding", shares);
    ObjectNode body = PolygonPages.JSON.createObjectNode();
    body.put("request_id", HttpResponses.requestId());
    body.set("results", results);
    body.put("status", "OK");
    HttpResponses.sendJson(exchange, PolygonPages.bytes(body));
  }

  /** {@code /vX/reference/tickers/{id}/events}: the company's ticker changes, newest first. */
  void tickerEvents(HttpExchange exchange, String rawId) throws IOException {
    String id = URLDecoder.decode(rawId, StandardCharsets.UTF_8);
    String ticker = id;
    for (String symbol : actions().symbols()) {
      if (SimulatedCompany.of(actions().series(symbol)).compositeFigi().equals(id)) {
        ticker = symbol;
      }
    }
    String series = actions().series(ticker);
    SimulatedCompany company = SimulatedCompany.of(series);
    List<String[]> changes = new ArrayList<>();
    for (SimulatedCorporateActions.Rename rename : actions().renames(today())) {
      if (rename.oldSymbol().equals(series)) {
        changes.add(new String[] {rename.newSymbol(), rename.effective().toString()});
      }
    }
    changes.add(new String[] {series, LIST_DATE.toString()});
    ObjectNode results = PolygonPages.JSON.createObjectNode();
    results.put("name", company.name());
    results.put("composite_figi", company.compositeFigi());
    results.put("cik", company.cik());
    ArrayNode events = results.putArray("events");
    for (String[] change : changes) {
      ObjectNode event = events.addObject();
      event.putObject("ticker_change").put("ticker", change[0]);
      event.put("type", "ticker_change");
      event.put("date", change[1]);
    }
    ObjectNode body = PolygonPages.JSON.createObjectNode();
    body.set("results", results);
    body.put("status", "OK");
    body.put("request_id", HttpResponses.requestId());
    HttpResponses.sendJson(exchange, PolygonPages.bytes(body));
  }

  /** Whether {@code ticker} trades on {@code date} as far as the clock knows. */
  private boolean trades(String ticker, LocalDate date) {
    LocalDate today = today();
    boolean renamedAway =
        actions().renames(today).stream()
            .anyMatch(r -> r.oldSymbol().equals(ticker) && !date.isBefore(r.effective()));
    boolean delisted =
        actions().delistings(today).stream()
            .anyMatch(d -> d.symbol().equals(ticker) && date.isAfter(d.lastSession()));
    return !renamedAway && !delisted;
  }

  private Optional<String> delistedAt(String ticker) {
    for (SimulatedCorporateActions.Delisting delisting : actions().delistings(today())) {
      if (delisting.symbol().equals(ticker)) {
        return Optional.of(delisting.delistedAt().toString());
      }
    }
    for (SimulatedCorporateActions.Rename rename : actions().renames(today())) {
      if (rename.oldSymbol().equals(ticker)) {
        return Optional.of(
            rename.effective().atStartOfDay(NyseCalendar.ZONE).toInstant().toString());
      }
    }
    return Optional.empty();
  }

  private static LocalDate parseDate(String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeException e) {
      throw ApiException.badRequest(String.format("date is '%s' but must be YYYY-MM-DD", value));
    }
  }
}
