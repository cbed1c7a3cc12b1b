package io.pitlake.vendor.polygon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pitlake.job.ingest.RawNormalizer;
import io.pitlake.job.ingest.WsElementReader;
import io.pitlake.job.ingest.WsTrade;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import javax.annotation.Nullable;

/**
 * Polygon's websocket elements: keyed by {@code ev}, {@code sym} and the window start {@code s} (an
 * aggregate; else the SIP time {@code t}, Unix ms), with the window end {@code e}. Trades ({@code
 * T}) are immutable events: their hash is their identity's ({@link WsTrade#identity}).
 */
public final class PolygonWsElements implements WsElementReader {

  private static final long serialVersionUID = 1L;

  public static final String VENDOR = "polygon";

  private static final String MINUTE_AGGREGATE = "AM";
  private static final String TRADE = PolygonWebSocketProtocol.TRADES;
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
    JsonNode time = element.get(PolygonWebSocketProtocol.timeField(element));
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
    if (TRADE.equals(ev.asText()) && trade(element) == null) {
      return Read.rejected("trade without id i, exchange x or SIP time t (Unix ms)");
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
    WsTrade trade = trade(element);
    if (trade != null) {
      return RawNormalizer.sha256(trade.identity(element.get("sym").asText()));
    }
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

  @Override
  public Set<String> tradeChannels() {
    return Set.of(TRADE);
  }

  /**
   * A {@code T} element: {@code i} (a string), {@code x}, {@code p}, {@code s}, {@code c}, {@code
   * z}, {@code t}.
   */
  @Override
  @Nullable
  public WsTrade trade(JsonNode element) {
    if (!TRADE.equals(element.path("ev").asText())) {
      return null;
    }
    String id = WsTrade.text(element.get("i"));
    String exchange = WsTrade.text(element.get("x"));
    JsonNode time = element.get("t");
    if (id == null || exchange == null || time == null || !time.isIntegralNumber()) {
      return null;
    }
    return new WsTrade(
        WsTrade.TRADE,
        id,
        null,
        exchange,
        WsTrade.number(element.get("p")),
        WsTrade.number(element.get("s")),
        WsTrade.codes(element.get("c")),
        WsTrade.text(element.get("z")),
        Instant.ofEpochMilli(time.asLong()));
  }

  /**
   * The {@code T} element of a {@code /v3/trades} result: {@code sip_timestamp} (ns, read as a
   * long, never through a double) becomes {@code t} in ms; {@code participant_timestamp} and {@code
   * trf_*}, which the websocket's trade lacks, are left out.
   */
  @Override
  public JsonNode fromRestTrade(JsonNode restTrade, String symbol) {
    ObjectNode trade = JsonNodeFactory.instance.objectNode();
    trade.put("ev", TRADE);
    trade.put("sym", symbol);
    copy(restTrade, "exchange", trade, "x");
    copy(restTrade, "id", trade, "i");
    copy(restTrade, "tape", trade, "z");
    copy(restTrade, "price", trade, "p");
    copy(restTrade, "size", trade, "s");
    copy(restTrade, "conditions", trade, "c");
    JsonNode sip = restTrade.get("sip_timestamp");
    if (sip != null && sip.isIntegralNumber()) {
      trade.put("t", Math.floorDiv(sip.asLong(), 1_000_000L));
    }
    copy(restTrade, "sequence_number", trade, "q");
    return trade;
  }

  private static void copy(JsonNode from, String field, ObjectNode to, String as) {
    if (from.has(field)) {
      to.set(as, from.get(field));
    }
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
