package io.pitlake.simulator;

import com.sun.net.httpserver.HttpExchange;
import io.pitlake.time.NyseCalendar;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * Serves {@code /v2/aggs/ticker/{ticker}/range/1/minute/{from}/{to}}: the {@link
 * SimulatedMinuteBars} of each session in the range, in the daily endpoint's shape and paging. A
 * {@code next_url} of an ascending query rewrites {@code from} as the next bar's {@code t} in Unix
 * ms, and that bound is honoured to the millisecond (a date bound means the whole day). While the
 * simulator's websocket replays a session, only the bars whose window has ended by the replay's
 * clock ({@link Replays}).
 */
final class MinuteAggsHandler {

  private static final Pattern MILLIS = Pattern.compile("-?\\d{1,18}");

  private final NyseCalendar calendar = NyseCalendar.instance();
  private final SimulatedMarket market;
  private final Clock clock;
  private final String baseUrl;
  private final LongSupplier knowableMillis;

  /**
   * @param knowableMillis Unix ms by which a bar's window must have ended to be served ({@link
   *     Replays#knowableMillis})
   */
  MinuteAggsHandler(
      SimulatedMarket market, Clock clock, String baseUrl, LongSupplier knowableMillis) {
    this.market = market;
    this.clock = clock;
    this.baseUrl = baseUrl;
    this.knowableMillis = knowableMillis;
  }

  void handle(HttpExchange exchange, String rawTicker, String rawFrom, String rawTo)
      throws IOException {
    String ticker = URLDecoder.decode(rawTicker, StandardCharsets.UTF_8);
    AggsQuery query = AggsQuery.parse(rawFrom, rawTo, exchange.getRequestURI().getRawQuery());
    Instant asOf = clock.instant();
    LocalDate today = asOf.atZone(NyseCalendar.ZONE).toLocalDate();
    long fromMillis = MILLIS.matcher(rawFrom).matches() ? Long.parseLong(rawFrom) : Long.MIN_VALUE;
    long toMillis = MILLIS.matcher(rawTo).matches() ? Long.parseLong(rawTo) : Long.MAX_VALUE;
    long knowable = knowableMillis.getAsLong();
    List<SimulatedBar> bars = new ArrayList<>();
    LocalDate from = max(query.from(), NyseCalendar.FIRST_SUPPORTED_DATE);
    LocalDate to = min(query.to(), NyseCalendar.LAST_SUPPORTED_DATE);
    if (!from.isAfter(to)) {
      for (LocalDate session : calendar.sessions(from, to)) {
        if (market.actions().trades(ticker, session)) {
          SimulatedBar day = market.bar(ticker, session, asOf, query.adjusted() ? today : null);
          for (SimulatedBar minute : SimulatedMinuteBars.of(day, session)) {
            if (minute.t() >= fromMillis
                && minute.t() <= toMillis
                && Replays.minuteEnded(minute.t(), knowable)) {
              bars.add(minute);
            }
          }
        }
      }
    }
    if (query.descending()) {
      Collections.reverse(bars);
    }
    List<SimulatedBar> page = bars.subList(0, Math.min(query.limit(), bars.size()));
    String nextUrl = null;
    if (bars.size() > page.size()) {
      long next = bars.get(page.size()).t();
      String range = query.descending() ? rawFrom + "/" + next : next + "/" + rawTo;
      nextUrl =
          String.format(
              "%s/v2/aggs/ticker/%s/range/1/minute/%s?cursor=%s",
              baseUrl, rawTicker, range, query.cursor());
    }
    String next = nextUrl;
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
                for (SimulatedBar bar : page) {
                  AggsHandler.write(json, bar, null);
                }
                json.writeEndArray();
              }
              json.writeStringField("status", "OK");
              json.writeStringField("request_id", HttpResponses.requestId());
              json.writeNumberField("count", page.size());
              if (next != null) {
                json.writeStringField("next_url", next);
              }
              json.writeEndObject();
            });
    HttpResponses.sendJson(exchange, body);
  }

  private static LocalDate max(LocalDate a, LocalDate b) {
    return a.isAfter(b) ? a : b;
  }

  private static LocalDate min(LocalDate a, LocalDate b) {
    return a.isBefore(b) ? a : b;
  }
}
