package io.pitlake.job.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * Turns each element a vendor's websocket delivered into a {@link WsObservation}, or into a {@link
 * Rejection} when it cannot be keyed: a frame that was not JSON, or an element the vendor's {@link
 * WsElementReader} finds no symbol or time in. Prices are not checked here: silver validates them
 * and quarantines a bad bar with its rule.
 */
public final class WsNormalizer extends ProcessFunction<ReceivedElement, WsObservation> {

  private static final long serialVersionUID = 1L;

  /** Where unreadable elements go. */
  public static final OutputTag<Rejection> REJECTED = new OutputTag<>("ws-rejected") {};

  private static final ObjectMapper JSON = new ObjectMapper();

  private final WsElementReader reader;
  private final Clock clock;

  public WsNormalizer(WsElementReader reader) {
    this(reader, Clock.systemUTC());
  }

  /**
   * @param clock stamps {@code ingested_at}, the instant a row is made
   */
  public WsNormalizer(WsElementReader reader, Clock clock) {
    this.reader = reader;
    this.clock = clock;
  }

  @Override
  public void processElement(ReceivedElement received, Context ctx, Collector<WsObservation> out) {
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
    WsElementReader.Read read = reader.read(element);
    if (read.rejected() != null) {
      ctx.output(REJECTED, reject(received, read.rejected(), receivedAt, writtenAt));
      return;
    }
    out.collect(
        new WsObservation(
            reader.vendor(),
            read.channel(),
            read.symbol(),
            read.eventTime().atZone(NyseCalendar.ZONE).toLocalDate(),
            read.eventTime(),
            read.windowEnd(),
            receivedAt,
            receivedAt,
            writtenAt,
            0,
            reader.contentHash(element),
            received.payload(),
            received.endpoint(),
            received.splitId()));
  }

  private Rejection reject(
      ReceivedElement received, String reason, Instant receivedAt, Instant writtenAt) {
    return new Rejection(
        reader.quarantineSource(),
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
