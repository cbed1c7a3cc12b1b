package io.pitlake.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;

/**
 * Polygon's list paging over rows held in memory: filters, order, {@code limit}, and an absolute
 * {@code next_url} whose opaque {@code cursor} carries the query and the offset, as Polygon's
 * cursors do (the key is never in it).
 */
final class PolygonPages {

  static final ObjectMapper JSON = new ObjectMapper();

  private static final int DEFAULT_LIMIT = 10;
  private static final int MAX_LIMIT = 1000;

  private PolygonPages() {}

  /**
   * The request's parameters: those of its {@code cursor} if it has one (a next page continues the
   * query that made it), else its own; never the key.
   */
  static Map<String, String> params(String rawQuery) {
    Map<String, String> params = AggsQuery.params(rawQuery);
    String cursor = params.get("cursor");
    if (cursor != null) {
      try {
        params =
            AggsQuery.params(
                new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("cursor is malformed; follow next_url exactly as returned");
      }
    }
    params.remove("apiKey");
    return params;
  }

  /**
   * Keeps the rows whose {@code field} satisfies the request's {@code field}, {@code field.gte},
   * {@code .gt}, {@code .lte} and {@code .lt} filters. Values are ISO dates or instants, which
   * compare as text; an instant is compared with a date bound by its date, so {@code .lte} with a
   * date includes that whole day.
   */
  static List<ObjectNode> filter(List<ObjectNode> rows, Map<String, String> params, String field) {
    return rows.stream()
        .filter(
            row -> {
              String value = row.path(field).asText("");
              return matches(value, params.get(field), c -> c == 0)
                  && matches(value, params.get(field + ".gte"), c -> c >= 0)
                  && matches(value, params.get(field + ".gt"), c -> c > 0)
                  && matches(value, params.get(field + ".lte"), c -> c <= 0)
                  && matches(value, params.get(field + ".lt"), c -> c < 0);
            })
        .collect(Collectors.toList());
  }

  private static boolean matches(String value, String bound, IntPredicate test) {
    if (bound == null) {
      return true;
    }
    String compared = value.length() > bound.length() ? value.substring(0, bound.length()) : value;
    return test.test(compared.compareTo(bound));
  }

  /** Writes one page of {@code rows}, sorted by {@code sortField} in the requested order. */
  static byte[] page(
      List<ObjectNode> rows,
      Map<String, String> params,
      String sortField,
      String baseUrl,
      String path) {
    String order = params.getOrDefault("order", "asc");
    if (!order.equals("asc") && !order.equals("desc")) {
      throw ApiException.badRequest(String.format("order is '%s' but must be asc or desc", order));
    }
    String sort = params.getOrDefault("sort", sortField);
    Comparator<ObjectNode> bySort = Comparator.comparing(row -> row.path(sort).asText(""));
    bySort = bySort.thenComparing(row -> row.path("id").asText(""));
    List<ObjectNode> sorted =
        rows.stream().sorted(order.equals("asc") ? bySort : bySort.reversed()).toList();
    int limit = limit(params.getOrDefault("limit", String.valueOf(DEFAULT_LIMIT)));
    int offset = offset(params.getOrDefault("offset", "0"));
    List<ObjectNode> page =
        sorted.subList(Math.min(offset, sorted.size()), Math.min(offset + limit, sorted.size()));
    ObjectNode body = JSON.createObjectNode();
    ArrayNode results = body.putArray("results");
    page.forEach(results::add);
    body.put("status", "OK");
    body.put("request_id", HttpResponses.requestId());
    body.put("count", page.size());
    if (offset + limit < sorted.size()) {
      Map<String, String> next = new TreeMap<>(params);
      next.put("offset", String.valueOf(offset + limit));
      String state =
          next.entrySet().stream()
              .map(e -> e.getKey() + "=" + e.getValue())
              .collect(Collectors.joining("&"));
      body.put(
          "next_url",
          baseUrl
              + path
              + "?cursor="
              + Base64.getUrlEncoder()
                  .withoutPadding()
                  .encodeToString(state.getBytes(StandardCharsets.UTF_8)));
    }
    return bytes(body);
  }

  static byte[] bytes(ObjectNode body) {
    try {
      return JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an ObjectNode is always writable", e);
    }
  }

  private static int limit(String value) {
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

  private static int offset(String value) {
    try {
      int offset = Integer.parseInt(value);
      if (offset >= 0) {
        return offset;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiException.badRequest("cursor is malformed; follow next_url exactly as returned");
  }
}
