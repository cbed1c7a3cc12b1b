package io.pitlake.simulator;

import io.pitlake.time.NyseCalendar;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The validated parameters of one aggregates request, and the opaque cursor that carries them from
 * one page to the next.
 *
 * <p>Like Polygon's, the cursor is URL-safe base64 of {@code limit=..&sort=..&adjusted=..}; a
 * {@code next_url} holds nothing but the rewritten range and the cursor, so the cursor's values win
 * over any query parameter sent with it.
 *
 * @param from first date, inclusive
 * @param to last date, inclusive
 * @param adjusted whether prices are adjusted for the splits known today; only the symbols of
 *     {@link SimulatedCorporateActions} have splits, every other symbol's values do not change
 * @param descending whether results are newest first
 * @param limit the page size, 1 to 50,000
 */
record AggsQuery(LocalDate from, LocalDate to, boolean adjusted, boolean descending, int limit) {

  private static final int DEFAULT_LIMIT = 5000;
  private static final int MAX_LIMIT = 50_000;

  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern MILLIS = Pattern.compile("-?\\d{1,18}");

  /** Parses the path's range and the query string; throws {@link ApiException} (400) if bad. */
  static AggsQuery parse(String from, String to, String rawQuery) {
    Map<String, String> params = params(rawQuery);
    String cursor = params.get("cursor");
    if (cursor != null) {
      params.putAll(decodeCursor(cursor));
    }
    LocalDate fromDate = parseBound("from", from);
    LocalDate toDate = parseBound("to", to);
    return new AggsQuery(
        fromDate,
        toDate,
        parseBoolean("adjusted", params.getOrDefault("adjusted", "true")),
        parseSort(params.getOrDefault("sort", "asc")),
        parseLimit(params.getOrDefault("limit", String.valueOf(DEFAULT_LIMIT))));
  }

  /** The cursor that makes the next page continue this query. */
  String cursor() {
    String state =
        String.format("limit=%s&sort=%s&adjusted=%s", limit, descending ? "desc" : "asc", adjusted);
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(state.getBytes(StandardCharsets.UTF_8));
  }

  /** A bound is a date, or Unix milliseconds meaning the New York session date of that instant. */
  private static LocalDate parseBound(String name, String value) {
    try {
      if (DATE.matcher(value).matches()) {
        return LocalDate.parse(value);
      }
      if (MILLIS.matcher(value).matches()) {
        return Instant.ofEpochMilli(Long.parseLong(value)).atZone(NyseCalendar.ZONE).toLocalDate();
      }
    } catch (DateTimeException e) {
      throw badBound(name, value);
    }
    throw badBound(name, value);
  }

  private static ApiException badBound(String name, String value) {
    return ApiException.badRequest(
        String.format(
            "Could not parse '%s' as the %s date; use YYYY-MM-DD or a Unix millisecond timestamp",
            value, name));
  }

  private static boolean parseBoolean(String name, String value) {
    return switch (value) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw ApiException.badRequest(
              String.format("%s is '%s' but must be true or false", name, value));
    };
  }

  private static boolean parseSort(String value) {
    return switch (value) {
      case "asc" -> false;
      case "desc" -> true;
      default ->
          throw ApiException.badRequest(
              String.format("sort is '%s' but must be asc or desc", value));
    };
  }

  private static int parseLimit(String value) {
    int limit;
    try {
      limit = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw ApiException.badRequest(
          String.format("limit is '%s' but must be between 1 and %s", value, MAX_LIMIT));
    }
    return limit;
  }

  private static Map<String, String> decodeCursor(String cursor) {
    try {
      return params(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("cursor is malformed; follow next_url exactly as returned");
    }
  }

  /** The decoded query parameters of a request; also where {@code apiKey} is read. */
  static Map<String, String> params(String rawQuery) {
    Map<String, String> params = new HashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return params;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      try {
        params.put(
            URLDecoder.decode(key, StandardCharsets.UTF_8),
            URLDecoder.decode(value, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest(
            String.format(
                "query parameter '%s' is not URL-encoded correctly; percent-encode it", key));
      }
    }
    return params;
  }
}
