package io.pitlake.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.pitlake.options.pricing.OptionType;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Serves {@link SimulatedOptionChains} in Polygon's shapes: {@code /v3/reference/options/contracts}
 * (with {@code underlying_ticker}, {@code as_of}, {@code expired}, the {@code expiration_date}
 * filters, order and {@code next_url} paging) and an option's daily aggregates ({@code
 * /v2/aggs/ticker/O:…/range/1/day/{from}/{to}}). Called on the server's worker threads; holds no
 * per-request state.
 */
final class PolygonOptionsHandler {

  private static final String CONTRACTS_PATH = "/v3/reference/options/contracts";

  private final SimulatedOptionChains chains;
  private final java.time.Clock clock;
  private final String baseUrl;

  PolygonOptionsHandler(SimulatedOptionChains chains, java.time.Clock clock, String baseUrl) {
    this.chains = chains;
    this.clock = clock;
    this.baseUrl = baseUrl;
  }

  void contracts(HttpExchange exchange) throws IOException {
    Map<String, String> params = PolygonPages.params(exchange.getRequestURI().getRawQuery());
    String underlying = params.get("underlying_ticker");
    if (underlying == null) {
      throw ApiException.badRequest(
          "the simulator lists contracts per underlying: pass underlying_ticker");
    }
    LocalDate asOf =
        date(
            params.getOrDefault(
                "as_of",
                clock
                    .instant()
                    .atZone(io.pitlake.time.NyseCalendar.ZONE)
                    .toLocalDate()
                    .toString()));
    boolean expired = Boolean.parseBoolean(params.getOrDefault("expired", "false"));
    List<ObjectNode> rows = new ArrayList<>();
    for (SimulatedOptionChains.Contract c :
        chains.contracts(
            underlying,
            asOf,
            expired,
            expiryBound(params, LocalDate.MIN, "", ".gte", ".gt"),
            expiryBound(params, LocalDate.MAX, "", ".lte", ".lt"))) {
      ObjectNode row = PolygonPages.JSON.createObjectNode();
      if (!c.standard()) {
        ArrayNode deliverable = row.putArray("additional_underlyings");
        ObjectNode shares = deliverable.addObject();
        shares.put("amount", c.sharesPerContract());
        shares.put("type", "equity");
        shares.put("underlying", c.underlying());
      }
      row.put("cfi", c.type() == OptionType.CALL ? "OCASPS" : "OPASPS");
      row.put("contract_type", c.type() == OptionType.CALL ? "call" : "put");
      row.put("exercise_style", "american");
      row.put("expiration_date", c.expiry().toString());
      row.put("primary_exchange", "BATO");
      row.put("shares_per_contract", c.sharesPerContract());
      row.put("strike_price", c.strike());
      row.put("ticker", c.ticker());
      row.put("underlying_ticker", c.underlying());
      rows.add(row);
    }
    rows = PolygonPages.filter(rows, params, "expiration_date");
    if (params.containsKey("contract_type")) {
      rows.removeIf(row -> !row.get("contract_type").asText().equals(params.get("contract_type")));
    }
    HttpResponses.sendJson(
        exchange, PolygonPages.page(rows, params, "ticker", baseUrl, CONTRACTS_PATH));
  }

  /** {@code /v2/aggs/ticker/O:…/range/1/day/{from}/{to}}: one page, ascending. */
  void aggs(HttpExchange exchange, String ticker, String from, String to) throws IOException {
    ObjectNode body = PolygonPages.JSON.createObjectNode();
    body.put("ticker", ticker);
    body.put("adjusted", false);
    List<SimulatedOptionChains.OptionBar> bars = chains.bars(ticker, date(from), date(to));
    body.put("queryCount", bars.size());
    body.put("resultsCount", bars.size());
    body.put("count", bars.size());
    if (!bars.isEmpty()) {
      ArrayNode results = body.putArray("results");
      for (SimulatedOptionChains.OptionBar bar : bars) {
        ObjectNode result = results.addObject();
        result.put("c", bar.price());
        result.put("h", bar.price());
        result.put("l", bar.price());
        result.put("n", 1 + bar.volume() / 5);
        result.put("o", bar.price());
        result.put("t", SimulatedMarket.startOfDayMillis(bar.session()));
        result.put("v", bar.volume());
        result.put("vw", bar.price());
      }
    }
    body.put("status", "OK");
    body.put("request_id", HttpResponses.requestId());
    HttpResponses.sendJson(exchange, PolygonPages.bytes(body));
  }

  /**
   * The tightest of the request's {@code expiration_date} filters named by {@code suffixes} (the
   * last one exclusive) as a date, or {@code unbounded}: the chains compute only the expiries the
   * filters let through ({@link PolygonPages#filter} still applies them exactly, so a bound that is
   * no date only costs time).
   */
  private static LocalDate expiryBound(
      Map<String, String> params, LocalDate unbounded, String... suffixes) {
    LocalDate bound = unbounded;
    boolean lower = unbounded.equals(LocalDate.MIN);
    for (int i = 0; i < suffixes.length; i++) {
      String value = params.get("expiration_date" + suffixes[i]);
      LocalDate day;
      try {
        day = value == null ? null : LocalDate.parse(value);
      } catch (DateTimeException notADate) {
        day = null;
      }
      if (day != null) {
        boolean exclusive = i == suffixes.length - 1;
        day = exclusive ? (lower ? day.plusDays(1) : day.minusDays(1)) : day;
        bound = lower ? (day.isAfter(bound) ? day : bound) : (day.isBefore(bound) ? day : bound);
      }
    }
    return bound;
  }

  private static LocalDate date(String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeException e) {
      throw ApiException.badRequest(String.format("date '%s' must be YYYY-MM-DD", value));
    }
  }
}
