package io.pitlake.simulator;

import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import io.pitlake.time.NyseCalendar;
import io.pitlake.time.TradingSession;
import java.io.IOException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Serves {@code /v2/aggs/grouped/locale/us/market/stocks/{date}}: the daily bar of every symbol of
 * the simulator's universe that trades that day, in one unpaged response, with Polygon's {@code T}
 * and with {@code t} at the <em>end</em> of the window (the session's close), as Polygon documents
 * it. Values equal the range aggregates' bar of the same symbol and day, and like them are out only
 * once the simulator's clock passes the end of the day's window (empty before).
 */
final class GroupedDailyHandler {

  private final NyseCalendar calendar = NyseCalendar.instance();
  private final SimulatedMarket market;
  private final List<String> universe;
  private final Clock clock;

  GroupedDailyHandler(SimulatedMarket market, List<String> universe, Clock clock) {
    this.market = market;
    this.universe = universe.stream().sorted().toList();
    this.clock = clock;
  }

  void handle(HttpExchange exchange, String rawDate) throws IOException {
    LocalDate date;
    try {
      date = LocalDate.parse(rawDate);
    } catch (DateTimeException e) {
      throw ApiException.badRequest(String.format("date is '%s' but must be YYYY-MM-DD", rawDate));
    }
    AggsQuery query = AggsQuery.parse(rawDate, rawDate, exchange.getRequestURI().getRawQuery());
    Instant asOf = clock.instant();
    LocalDate today = asOf.atZone(NyseCalendar.ZONE).toLocalDate();
    Optional<TradingSession> session =
        calendar.supports(date) ? calendar.session(date) : Optional.empty();
    List<String> trading =
        session.isEmpty() || !market.published(date, asOf)
            ? List.of()
            : universe.stream().filter(s -> market.actions().trades(s, date)).toList();
    byte[] body =
        HttpResponses.json(
            json -> {
              json.writeStartObject();
              json.writeBooleanField("adjusted", query.adjusted());
              json.writeNumberField("queryCount", trading.size());
              if (!trading.isEmpty()) {
                json.writeArrayFieldStart("results");
                for (String symbol : trading) {
                  SimulatedBar bar =
                      market.bar(symbol, date, asOf, query.adjusted() ? today : null);
                  write(json, symbol, bar, session.get().close().toEpochMilli());
                }
                json.writeEndArray();
              }
              json.writeNumberField("resultsCount", trading.size());
              json.writeStringField("status", "OK");
              json.writeStringField("request_id", HttpResponses.requestId());
              json.writeEndObject();
            });
    HttpResponses.sendJson(exchange, body);
  }

  private static void write(JsonGenerator json, String symbol, SimulatedBar bar, long windowEnd)
      throws IOException {
    json.writeStartObject();
    json.writeStringField("T", symbol);
    json.writeFieldName("c");
    json.writeNumber(AggsHandler.decimal(bar.c()));
    json.writeFieldName("h");
    json.writeNumber(AggsHandler.decimal(bar.h()));
    json.writeFieldName("l");
    json.writeNumber(AggsHandler.decimal(bar.l()));
    json.writeNumberField("n", bar.n());
    json.writeFieldName("o");
    json.writeNumber(AggsHandler.decimal(bar.o()));
    json.writeNumberField("t", windowEnd);
    json.writeFieldName("v");
    json.writeNumber(AggsHandler.decimal(bar.v()));
    json.writeFieldName("vw");
    json.writeNumber(AggsHandler.decimal(bar.vw()));
    json.writeEndObject();
  }
}
