package io.pitlake.vendor.polygon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pitlake.job.ingest.WsElementReader;
import java.time.Instant;
import java.util.List;

/**
 * Polygon's websocket elements: keyed by {@code ev}, {@code sym} and the window start {@code s} (an
 * aggregate; else the SIP time {@code t}, Unix ms), with the window end {@code e}.
 */
public final class PolygonWsElements implements WsElementReader {

  private static final long serialVersionUID = 1L;

  public static final String VENDOR = "polygon";

  private static final String MINUTE_AGGREGATE = "AM";
  private static final long MINUTE_MILLIS = 60_000;

  /** What makes a minute aggregate's content: the bar's own fields. */
  private static final List<String> BAR_FIELDS =
      List.of("ev", "sym", "s", "e", "o", "h", "l", "c", "v", "vw");

  @Override
  public String vendor() {
    return VENDOR;
  }

  @Override
  public String quarantineSource() {
    return "polygon.ws";
  }

  @Override
  public Read read(JsonNode element) {
    JsonNode ev = element.get("ev");
    JsonNode sym = element.get("sym");
    JsonNode time = element.has("s") ? element.get("s") : element.get("t");
    if (ev == null
        || !ev.isTextual()
        || sym == null
        || !sym.isTextual()
        || sym.asText().isBlank()) {
      return Read.rejected("missing field ev or sym");
    }
    if (time == null || !time.isIntegralNumber()) {
      return Read.rejected("missing or non-integer field s (window start, Unix ms) or t");
    }
    JsonNode end = element.get("e");
    return Read.keyed(
        ev.asText(),
        sym.asText(),
        Instant.ofEpochMilli(time.asLong()),
        end != null && end.isIntegralNumber() ? Instant.ofEpochMilli(end.asLong()) : null);
  }

  /**
   * The hash of a minute aggregate's own fields ({@link #BAR_FIELDS}): not {@code av} and {@code a}
   * (the day so far, which grow between a bar and its re-send), nor {@code op} and {@code z} (the
   * day's open, the average trade size), which a REST bar does not carry, so a gap-filled bar that
   * equals the websocket's adds nothing. Any other event: the element without {@code av} and {@code
   * a}.
   */
  @Override
  public String contentHash(JsonNode element) {
    if (element instanceof ObjectNode object
        && MINUTE_AGGREGATE.equals(object.path("ev").asText())) {
      ObjectNode bar = JsonNodeFactory.instance.objectNode();
      BAR_FIELDS.forEach(
          field -> {
            if (object.has(field)) {
              bar.set(field, object.get(field));
            }
          });
      return PolygonDailyBarNormalizer.canonicalHash(bar);
    }
    if (element instanceof ObjectNode object && (object.has("av") || object.has("a"))) {
      ObjectNode bar = object.deepCopy();
      bar.remove("av");
      bar.remove("a");
      return PolygonDailyBarNormalizer.canonicalHash(bar);
    }
    return PolygonDailyBarNormalizer.canonicalHash(element);
  }

  /**
   * The {@code AM} element of a REST minute aggregate ({@code polygon.aggs_minute}: {@code t}, the
   * window start, becomes {@code s}, and {@code e} is a minute later). The trade count {@code n},
   * which {@code AM} lacks, is kept: silver then has it, and the hash leaves it out.
   */
  @Override
  public JsonNode fromRestBar(JsonNode restBar, String symbol) {
    ObjectNode am = JsonNodeFactory.instance.objectNode();
    am.put("ev", MINUTE_AGGREGATE);
    am.put("sym", symbol);
    am.set("v", wholeIfIntegral(restBar.get("v")));
    for (String field : List.of("vw", "o", "c", "h", "l", "n")) {
      if (restBar.has(field)) {
        am.set(field, restBar.get(field));
      }
    }
    JsonNode start = restBar.get("t");
    if (start != null && start.isIntegralNumber()) {
      am.put("s", start.asLong());
      am.put("e", start.asLong() + MINUTE_MILLIS);
    }
    return am;
  }

  /** A volume the REST API wrote as {@code 1234.0} is the websocket's {@code 1234}. */
  private static JsonNode wholeIfIntegral(JsonNode value) {
    if (value != null
        && value.isFloatingPointNumber()
        && value.asDouble() == Math.rint(value.asDouble())) {
      return JsonNodeFactory.instance.numberNode((long) value.asDouble());
    }
    return value == null ? JsonNodeFactory.instance.nullNode() : value;
  }
}
