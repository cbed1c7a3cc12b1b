package io.pitlake.vendor.polygon;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pitlake.quarantine.Rejection;
import io.pitlake.source.rest.FetchedRecord;
import io.pitlake.time.NyseCalendar;
import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
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

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A digest per task thread: looking one up costs more than hashing a bar. */
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(PolygonDailyBarNormalizer::newSha256);

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
   * SHA-256 of the payload with the keys of every object sorted, so a vendor reordering fields is
   * not a revision while any changed value is. The canonical text is written straight into the
   * digest: the same bytes as serialising the tree through a sorted map, without building the map
   * or the string.
   */
  static String canonicalHash(JsonNode bar) {
    MessageDigest sha256 = SHA256.get();
    sha256.reset();
    try (JsonGenerator canonical =
        JSON.getFactory()
            .createGenerator(new DigestOutputStream(OutputStream.nullOutputStream(), sha256))) {
      writeSorted(canonical, bar);
    } catch (IOException e) {
      throw new IllegalStateException("cannot hash a parsed JSON object", e);
    }
    return HexFormat.of().formatHex(sha256.digest());
  }

  private static void writeSorted(JsonGenerator out, JsonNode node) throws IOException {
    if (node.isObject()) {
      List<String> names = new ArrayList<>(node.size());
      node.fieldNames().forEachRemaining(names::add);
      Collections.sort(names);
      out.writeStartObject();
      for (String name : names) {
        out.writeFieldName(name);
        writeSorted(out, node.get(name));
      }
      out.writeEndObject();
    } else if (node.isArray()) {
      out.writeStartArray();
      for (JsonNode element : node) {
        writeSorted(out, element);
      }
      out.writeEndArray();
    } else if (node.isNull()) {
      out.writeNull();
    } else {
      // A parsed scalar writes itself; ObjectMapper.writeTree would set up a serializer per value.
      ((JsonSerializable) node).serialize(out, null);
    }
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  }
}
