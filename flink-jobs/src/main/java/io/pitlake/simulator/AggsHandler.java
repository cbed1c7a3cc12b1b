package io.pitlake.simulator;

import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import io.pitlake.time.NyseCalendar;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.Nullable;

/**
 * Serves {@code GET /v2/aggs/ticker/{ticker}/range/1/day/{from}/{to}} in Polygon's shape: fields in
 * Polygon's order, {@code v} as a double, paging through an absolute {@code next_url} without the
 * API key, and the deliberate defects configured on the simulator.
 *
 * <p>Like Polygon, an empty range answers {@code resultsCount: 0} with no {@code results} key at
 * all, so clients must treat a missing {@code results} as an empty page. Dates outside the
 * calendar's 2000–2099 range simply have no bars, and a session has none until the simulator's
 * clock passes the end of its window ({@code SimulatedMarket#published}): what a live job polls for
 * arrives when the vendor's clock says, not before.
 *
 * <p>The next page of an ascending query starts at the next bar: {@code next_url} rewrites {@code
 * from} as that bar's {@code t}. A descending query pages backwards, so its {@code next_url}
 * rewrites {@code to} instead and keeps {@code from}.
 *
 * <p>Called on the server's worker threads; holds no per-request state.
 */
final class AggsHandler {

  private final NyseCalendar calendar = NyseCalendar.instance();
  private final SimulatedMarket market;
  private final Map<SymbolDate, BadBarKind> badBars;
  private final Set<String> malformedSymbols;
  private final Set<String> missedSplits;
  private final Clock clock;
  private final String baseUrl;

  AggsHandler(
      SimulatedMarket market,
      Map<SymbolDate, BadBarKind> badBars,
      Set<String> malformedSymbols,
      Set<String> missedSplits,
      Clock clock,
      String baseUrl) {
    this.market = market;
    this.badBars = badBars;
    this.malformedSymbols = malformedSymbols;
    this.missedSplits = missedSplits;
    this.clock = clock;
    this.baseUrl = baseUrl;
  }

  /** Answers one request whose path has already been split into its segments, still URL-encoded. */
  void handle(
      HttpExchange exchange,
      String rawTicker,
      String multiplier,
      String timespan,
      String rawFrom,
      String rawTo)
      throws IOException {
    String ticker = URLDecoder.decode(rawTicker, StandardCharsets.UTF_8);
    if (malformedSymbols.contains(ticker)) {
      HttpResponses.sendHtmlErrorPage(exchange);
      return;
    }
    if (!"1".equals(multiplier) || !"day".equals(timespan)) {
      throw ApiException.badRequest(
          String.format(
              "range %s/%s is not served; the simulator serves daily bars only: /range/1/day/",
              multiplier, timespan));
    }
    AggsQuery query = AggsQuery.parse(rawFrom, rawTo, exchange.getRequestURI().getRawQuery());
    Instant asOf = clock.instant();
    List<LocalDate> dates = dates(ticker, query, asOf);
    // Adjusted for the splits whose ex date is not after today in New York, the day pitlake's
    // adjustment applies a split from (00:00 New York of its ex date); a missed split is not.
    LocalDate adjustedAsOf =
        query.adjusted() && !missedSplits.contains(ticker)
            ? asOf.atZone(NyseCalendar.ZONE).toLocalDate()
            : null;
    List<LocalDate> page = dates.subList(0, Math.min(query.limit(), dates.size()));
    String nextUrl =
        dates.size() > page.size()
            ? nextUrl(rawTicker, rawFrom, rawTo, query, dates.get(page.size()))
            : null;
    byte[] body =
        HttpResponses.json(
            json -> {
              json.writeStartObject();
              json.writeStringField("ticker", ticker);
              json.writeNumberField("queryCount", page.size());
              json.writeNumberField("resultsCount", page.size());
              json.writeBooleanField("adjusted", query.adjusted());
              if (!page.isEmpty()) {
                json.writeArrayFieldStart("results");
                for (LocalDate date : page) {
                  writeBar(json, ticker, date, asOf, adjustedAsOf);
                }
                json.writeEndArray();
              }
              json.writeStringField("status", "OK");
              json.writeStringField("request_id", HttpResponses.requestId());
              json.writeNumberField("count", page.size());
              if (nextUrl != null) {
                json.writeStringField("next_url", nextUrl);
              }
              json.writeEndObject();
            });
    HttpResponses.sendJson(exchange, body);
  }

  /** Every date with a bar out at {@code asOf} in the query's range, in the query's order. */
  private List<LocalDate> dates(String ticker, AggsQuery query, Instant asOf) {
    LocalDate from = max(query.from(), NyseCalendar.FIRST_SUPPORTED_DATE);
    LocalDate to = min(query.to(), NyseCalendar.LAST_SUPPORTED_DATE);
    if (from.isAfter(to)) {
      return List.of();
    }
    List<LocalDate> dates = new ArrayList<>(calendar.sessions(from, to));
    // A renamed or delisted symbol of the corporate-action catalogue has no bars outside its life.
    dates.removeIf(date -> !market.actions().trades(ticker, date) || !market.published(date, asOf));
    badBars.forEach(
        (key, kind) -> {
          if (kind == BadBarKind.CLOSED_DAY
              && key.symbol().equals(ticker)
              && !key.date().isBefore(from)
              && !key.date().isAfter(to)) {
            dates.add(key.date());
          }
        });
    Collections.sort(dates);
    if (query.descending()) {
      Collections.reverse(dates);
    }
    return dates;
  }

  private String nextUrl(
      String rawTicker, String rawFrom, String rawTo, AggsQuery query, LocalDate next) {
    long nextMillis = SimulatedMarket.startOfDayMillis(next);
    String range = query.descending() ? rawFrom + "/" + nextMillis : nextMillis + "/" + rawTo;
    return String.format(
        "%s/v2/aggs/ticker/%s/range/1/day/%s?cursor=%s", baseUrl, rawTicker, range, query.cursor());
  }

  /**
   * @param adjustedAsOf prices adjusted for the splits effective by this day; {@code null}: raw
   */
  private void writeBar(
      JsonGenerator json,
      String ticker,
      LocalDate date,
      Instant asOf,
      @Nullable LocalDate adjustedAsOf)
      throws IOException {
    if (!calendar.isSession(date)) {
      write(json, market.closedDayBar(ticker, date, asOf), null);
      return;
    }
    write(
        json,
        market.bar(ticker, date, asOf, adjustedAsOf),
        badBars.get(new SymbolDate(ticker, date)));
  }

  /** Writes one bar in Polygon's field order, broken as {@code defect} says. */
  static void write(JsonGenerator json, SimulatedBar bar, @Nullable BadBarKind defect)
      throws IOException {
    SimulatedBar served = defect == null ? bar : defect.breakPrices(bar);
    json.writeStartObject();
    json.writeFieldName("v");
    json.writeNumber(decimal(bar.v()));
    json.writeFieldName("vw");
    json.writeNumber(decimal(bar.vw()));
    json.writeFieldName("o");
    json.writeNumber(decimal(served.o()));
    if (defect != BadBarKind.MISSING_CLOSE) {
      json.writeFieldName("c");
      json.writeNumber(decimal(served.c()));
    }
    json.writeFieldName("h");
    json.writeNumber(decimal(served.h()));
    json.writeFieldName("l");
    json.writeNumber(decimal(served.l()));
    json.writeNumberField("t", bar.t());
    json.writeNumberField("n", bar.n());
    json.writeEndObject();
  }

  /**
   * Plain decimal notation with at least one fraction digit ({@code 642646396.0}, {@code 74.06}),
   * as Polygon writes doubles; Jackson alone would switch to exponent notation above 1e7.
   */
  static String decimal(double value) {
    BigDecimal decimal = BigDecimal.valueOf(value);
    return (decimal.scale() < 1 ? decimal.setScale(1) : decimal).toPlainString();
  }

  private static LocalDate max(LocalDate a, LocalDate b) {
    return a.isAfter(b) ? a : b;
  }

  private static LocalDate min(LocalDate a, LocalDate b) {
    return a.isBefore(b) ? a : b;
  }
}
