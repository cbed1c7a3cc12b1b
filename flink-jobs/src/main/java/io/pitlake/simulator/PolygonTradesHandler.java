package io.pitlake.simulator;

import com.sun.net.httpserver.HttpExchange;
import io.pitlake.time.NyseCalendar;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * Serves {@code /v3/trades/{ticker}} (polygon.md, "Trades"): the trades of the sessions in the
 * {@code timestamp} range, with nanosecond {@code sip_timestamp} and {@code participant_timestamp},
 * a string {@code id}, {@code limit} up to 50,000 (default 1,000) and {@code order} ({@code asc} or
 * {@code desc}, default {@code desc} as at Polygon). {@code timestamp}, {@code timestamp.gte},
 * {@code .gt}, {@code .lte} and {@code .lt} take a date (a New York day) or Unix nanoseconds; at
 * least one is required. {@code next_url} carries the whole query in its {@code cursor}, as
 * Polygon's does, so a next page needs nothing else. While the simulator's websocket replays a
 * session, no trade after the replay's clock ({@link Replays}).
 */
final class PolygonTradesHandler {

  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final int DEFAULT_LIMIT = 1000;
  private static final int MAX_LIMIT = 50_000;
  private static final long NANOS_PER_MILLI = 1_000_000;

  private final NyseCalendar calendar = NyseCalendar.instance();
  private final BiFunction<String, LocalDate, SimulatedTrades.Day> trades;
  private final String baseUrl;
  private final LongSupplier knowableMillis;

  /**
   * @param knowableMillis Unix ms after which no trade is served ({@link Replays#knowableMillis})
   */
  PolygonTradesHandler(
      BiFunction<String, LocalDate, SimulatedTrades.Day> trades,
      String baseUrl,
      LongSupplier knowableMillis) {
    this.trades = trades;
    this.baseUrl = baseUrl;
    this.knowableMillis = knowableMillis;
  }

  void handle(HttpExchange exchange, String ticker) throws IOException {
    Map<String, String> params = AggsQuery.params(exchange.getRequestURI().getRawQuery());
    int offset = 0;
    String cursor = params.get("cursor");
    if (cursor != null) {
      String query;
      try {
        query = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("invalid cursor");
      }
      params = AggsQuery.params(query);
      offset = Integer.parseInt(params.getOrDefault("offset", "0"));
    }
    long from = Long.MIN_VALUE;
    long to = Long.MAX_VALUE;
    for (Map.Entry<String, String> bound : params.entrySet()) {
      switch (bound.getKey()) {
        case "timestamp" -> {
          from = Math.max(from, nanos(bound.getValue(), false));
          to = Math.min(to, nanos(bound.getValue(), true));
        }
        case "timestamp.gte" -> from = Math.max(from, nanos(bound.getValue(), false));
        case "timestamp.gt" -> from = Math.max(from, nanos(bound.getValue(), true) + 1);
        case "timestamp.lte" -> to = Math.min(to, nanos(bound.getValue(), true));
        case "timestamp.lt" -> to = Math.min(to, nanos(bound.getValue(), false) - 1);
        default -> {}
      }
    }
    if (from == Long.MIN_VALUE || to == Long.MAX_VALUE) {
      throw ApiException.badRequest(
          "the simulator needs a bounded range: give timestamp, or timestamp.gte and"
              + " timestamp.lte (a date or Unix nanoseconds)");
    }
    int limit = Integer.parseInt(params.getOrDefault("limit", String.valueOf(DEFAULT_LIMIT)));
    if (limit < 1 || limit > MAX_LIMIT) {
      throw ApiException.badRequest("limit must be between 1 and " + MAX_LIMIT);
    }
    long knowable = knowableMillis.getAsLong();
    List<SimulatedTrade> found = new ArrayList<>();
    LocalDate first = day(from);
    LocalDate last = day(to);
    if (!first.isAfter(last)) {
      for (LocalDate session : calendar.sessions(first, last)) {
        for (SimulatedTrade trade : trades.apply(ticker, session).tape()) {
          long sip = trade.sipMillis() * NANOS_PER_MILLI;
          if (sip >= from && sip <= to && trade.sipMillis() <= knowable) {
            found.add(trade);
          }
        }
      }
    }
    if (!"asc".equals(params.getOrDefault("order", "desc"))) {
      Collections.reverse(found);
    }
    List<SimulatedTrade> page =
        found.subList(Math.min(offset, found.size()), Math.min(found.size(), offset + limit));
    String next = null;
    if (offset + limit < found.size()) {
      StringBuilder query = new StringBuilder();
      for (Map.Entry<String, String> param : params.entrySet()) {
        if (!param.getKey().equals("offset") && !param.getKey().equals("apiKey")) {
          query
              .append(param.getKey())
              .append('=')
              .append(URLEncoder.encode(param.getValue(), StandardCharsets.UTF_8))
              .append('&');
        }
      }
      query.append("offset=").append(offset + limit);
      next =
          baseUrl
              + "/v3/trades/"
              + URLEncoder.encode(ticker, StandardCharsets.UTF_8)
              + "?cursor="
              + Base64.getUrlEncoder()
                  .withoutPadding()
                  .encodeToString(query.toString().getBytes(StandardCharsets.UTF_8));
    }
    String nextUrl = next;
    byte[] body =
        HttpResponses.json(
            json -> {
              json.writeStartObject();
              json.writeArrayFieldStart("results");
              for (SimulatedTrade trade : page) {
                long sip = trade.sipMillis() * NANOS_PER_MILLI;
                json.writeStartObject();
                if (!trade.polygonConditions().isEmpty()) {
                  json.writeArrayFieldStart("conditions");
                  for (int condition : trade.polygonConditions()) {
                    json.writeNumber(condition);
                  }
                  json.writeEndArray();
                }
                json.writeNumberField("exchange", trade.polygonExchange());
                json.writeStringField("id", Long.toString(trade.id()));
                json.writeNumberField("participant_timestamp", sip - 341_000);
                json.writeNumberField("price", trade.price());
                json.writeNumberField("sequence_number", trade.sequence());
                json.writeNumberField("sip_timestamp", sip);
                json.writeNumberField("size", trade.size());
                json.writeNumberField("tape", TradeVenue.POLYGON_TAPE);
                json.writeEndObject();
              }
              json.writeEndArray();
              json.writeStringField("status", "OK");
              json.writeStringField("request_id", HttpResponses.requestId());
              if (nextUrl != null) {
                json.writeStringField("next_url", nextUrl);
              }
              json.writeEndObject();
            });
    HttpResponses.sendJson(exchange, body);
  }

  /** A date's first (or, {@code end}, last) nanosecond in New York, or Unix nanoseconds. */
  private static long nanos(String value, boolean end) {
    if (DATE.matcher(value).matches()) {
      LocalDate date = LocalDate.parse(value);
      Instant start = (end ? date.plusDays(1) : date).atStartOfDay(NyseCalendar.ZONE).toInstant();
      long nanos = start.getEpochSecond() * 1_000_000_000L;
      return end ? nanos - 1 : nanos;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(
          String.format("invalid timestamp '%s': use YYYY-MM-DD or Unix nanoseconds", value));
    }
  }

  private static LocalDate day(long nanos) {
    return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L))
        .atZone(NyseCalendar.ZONE)
        .toLocalDate();
  }
}
