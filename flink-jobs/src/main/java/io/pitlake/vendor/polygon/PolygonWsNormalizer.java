package io.pitlake.vendor.polygon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pitlake.quarantine.Rejection;
import io.pitlake.source.websocket.ReceivedElement;
import io.pitlake.time.NyseCalendar;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Turns each element Polygon's websocket delivered into a {@link PolygonWsObservation}, or into a
 * {@link Rejection} when it cannot be keyed: a frame that was not JSON, an element without {@code
 * ev}, {@code sym} or its time ({@code s}, else {@code t}, Unix ms). Prices are not checked here:
 * silver validates them and quarantines a bad bar with its rule.
 */
public final class PolygonWsNormalizer
    extends ProcessFunction<ReceivedElement, PolygonWsObservation> {

  private static final long serialVersionUID = 1L;

  /** Where unreadable elements go. */
  public static final OutputTag<Rejection> REJECTED = new OutputTag<>("polygon-ws-rejected") {};

  /** The quarantine's {@code source} of websocket rejects. */
  public static final String SOURCE = "polygon.ws";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Clock clock;

  public PolygonWsNormalizer() {
    this(Clock.systemUTC());
  }

  /**
   * @param clock stamps {@code ingested_at}, the instant a row is made
   */
  public PolygonWsNormalizer(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void processElement(
      ReceivedElement received, Context ctx, Collector<PolygonWsObservation> out) {
    // Milliseconds, like every other time of the lake: Flink's TIMESTAMP(3) arithmetic.
    Instant receivedAt = received.receivedAt().truncatedTo(ChronoUnit.MILLIS);
    Instant writtenAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    if (received.isFailure()) {
      ctx.output(REJECTED, reject(received, received.failure(), receivedAt, writtenAt));
      return;
    }
    JsonNode element;
    try {
      element = JSON.readTree(received.payload());
    } catch (JsonProcessingException e) {
      ctx.output(
          REJECTED,
          reject(
              received,
              "element is not valid JSON: " + e.getOriginalMessage(),
              receivedAt,
              writtenAt));
      return;
    }
    JsonNode ev = element.get("ev");
    JsonNode sym = element.get("sym");
    JsonNode time = element.has("s") ? element.get("s") : element.get("t");
    if (ev == null
        || !ev.isTextual()
        || sym == null
        || !sym.isTextual()
        || sym.asText().isBlank()) {
      ctx.output(REJECTED, reject(received, "missing field ev or sym", receivedAt, writtenAt));
      return;
    }
    if (time == null || !time.isIntegralNumber()) {
      ctx.output(
          REJECTED,
          reject(
              received,
              "missing or non-integer field s (window start, Unix ms) or t",
              receivedAt,
              writtenAt));
      return;
    }
    Instant eventTime = Instant.ofEpochMilli(time.asLong());
    JsonNode end = element.get("e");
    out.collect(
        new PolygonWsObservation(
            ev.asText(),
            sym.asText(),
            eventTime.atZone(NyseCalendar.ZONE).toLocalDate(),
            eventTime,
            end != null && end.isIntegralNumber() ? Instant.ofEpochMilli(end.asLong()) : null,
            receivedAt,
            receivedAt,
            writtenAt,
            0,
            contentHash(element),
            received.payload(),
            received.endpoint(),
            received.splitId()));
  }

  /**
   * The element's hash without {@code av} (the day's accumulated volume) and {@code a} (the day's
   * VWAP): they describe the day so far, not the bar, and grow between a bar and its re-send.
   */
  static String contentHash(JsonNode element) {
    if (element instanceof ObjectNode object && (object.has("av") || object.has("a"))) {
      ObjectNode bar = object.deepCopy();
      bar.remove("av");
      bar.remove("a");
      return PolygonDailyBarNormalizer.canonicalHash(bar);
    }
    return PolygonDailyBarNormalizer.canonicalHash(element);
  }

  private static Rejection reject(
      ReceivedElement received, String reason, Instant receivedAt, Instant writtenAt) {
    return new Rejection(
        SOURCE,
        Rejection.STAGE_INGEST,
        reason,
        null,
        null,
        null,
        receivedAt,
        writtenAt,
        received.endpoint(),
        received.payload());
  }
}
