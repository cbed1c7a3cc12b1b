package io.pitlake.vendor.polygon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pitlake.quarantine.Rejection;
import io.pitlake.source.rest.FetchedRecord;
import io.pitlake.time.NyseCalendar;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import javax.annotation.Nullable;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Turns fetched Polygon aggregate elements into bronze observations, and anything that cannot be
 * identified as a bar (a failed page, a result without a usable {@code t}) into a rejection.
 *
 * <p>Values are copied, not judged: a negative price still reaches bronze, and silver's SQL rules
 * quarantine it, so the rules live in one place.
 */
public final class PolygonDailyBarNormalizer
    extends ProcessFunction<FetchedRecord, PolygonAggObservation> {

  private static final long serialVersionUID = 1L;

  public static final String SOURCE =
      PolygonAggObservation.VENDOR + "." + PolygonAggObservation.DATASET;

  /** Where records that cannot become observations go. */
  public static final OutputTag<Rejection> REJECTED = new OutputTag<>("rejected") {};

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private final PolygonDailyBarAvailability availability;

  public PolygonDailyBarNormalizer(PolygonDailyBarAvailability availability) {
    this.availability = availability;
  }

  @Override
  public void processElement(
      FetchedRecord fetched, Context ctx, Collector<PolygonAggObservation> out) {
    // pitlake keeps every instant at millisecond precision: enough for fetch times, exact through
    // Flink's compact TIMESTAMP(3) arithmetic, and the same in every engine that reads the lake.
    Instant ingestedAt = fetched.fetchedAt().truncatedTo(ChronoUnit.MILLIS);
    if (fetched.isFailure()) {
      ctx.output(REJECTED, reject(fetched, fetched.failure(), ingestedAt));
      return;
    }
    JsonNode bar;
    try {
      bar = JSON.readTree(fetched.payload());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      ctx.output(
          REJECTED,
          reject(fetched, "result is not valid JSON: " + e.getOriginalMessage(), ingestedAt));
      return;
    }
    if (bar == null || !bar.isObject()) {
      ctx.output(REJECTED, reject(fetched, "result is not a JSON object", ingestedAt));
      return;
    }
    JsonNode t = bar.get("t");
    if (t == null || !t.isIntegralNumber()) {
      ctx.output(
          REJECTED,
          reject(fetched, "missing or non-integer field t (bar start, Unix ms)", ingestedAt));
      return;
    }
    Instant eventTime = Instant.ofEpochMilli(t.asLong());
    var sessionDate = eventTime.atZone(NyseCalendar.ZONE).toLocalDate();
    out.collect(
        new PolygonAggObservation(
            fetched.key(),
            sessionDate,
            eventTime,
            availability.availableAt(sessionDate),
            ingestedAt,
            0,
            canonicalHash(bar),
            fetched.payload(),
            fetched.requestUrl(),
            fetched.splitId(),
            number(bar, "o"),
            number(bar, "h"),
            number(bar, "l"),
            number(bar, "c"),
            number(bar, "v"),
            number(bar, "vw"),
            bar.path("n").isIntegralNumber() ? bar.get("n").asLong() : null,
            bar.path("otc").isBoolean() ? bar.get("otc").asBoolean() : null));
  }

  private static Rejection reject(FetchedRecord fetched, String reason, Instant ingestedAt) {
    return new Rejection(
        SOURCE,
        Rejection.STAGE_INGEST,
        reason,
        fetched.key(),
        null,
        null,
        ingestedAt,
        ingestedAt,
        fetched.requestUrl(),
        fetched.payload());
  }

  @Nullable
  private static Double number(JsonNode bar, String field) {
    JsonNode value = bar.get(field);
    return value != null && value.isNumber() ? value.asDouble() : null;
  }

  /**
   * SHA-256 of the payload with keys sorted, so a vendor reordering fields is not a revision while
   * any changed value is.
   */
  static String canonicalHash(JsonNode bar) {
    try {
      Map<?, ?> sorted = JSON.convertValue(bar, TreeMap.class);
      byte[] canonical = JSON.writeValueAsString(sorted).getBytes(StandardCharsets.UTF_8);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
    } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot hash a parsed JSON object", e);
    }
  }
}
