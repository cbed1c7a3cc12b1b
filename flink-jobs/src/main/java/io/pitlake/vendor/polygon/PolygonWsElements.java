package io.pitlake.vendor.polygon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pitlake.job.ingest.WsElementReader;
import java.time.Instant;

/**
 * Polygon's websocket elements: keyed by {@code ev}, {@code sym} and the window start {@code s} (an
 * aggregate; else the SIP time {@code t}, Unix ms), with the window end {@code e}.
 */
public final class PolygonWsElements implements WsElementReader {

  private static final long serialVersionUID = 1L;

  public static final String VENDOR = "polygon";

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
   * The element's hash without {@code av} (the day's accumulated volume) and {@code a} (the day's
   * VWAP): they describe the day so far, not the bar, and grow between a bar and its re-send.
   */
  @Override
  public String contentHash(JsonNode element) {
    if (element instanceof ObjectNode object && (object.has("av") || object.has("a"))) {
      ObjectNode bar = object.deepCopy();
      bar.remove("av");
      bar.remove("a");
      return PolygonDailyBarNormalizer.canonicalHash(bar);
    }
    return PolygonDailyBarNormalizer.canonicalHash(element);
  }
}
