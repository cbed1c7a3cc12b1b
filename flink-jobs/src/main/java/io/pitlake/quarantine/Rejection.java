package io.pitlake.quarantine;

import static org.apache.flink.util.Preconditions.checkNotNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import javax.annotation.Nullable;

/**
 * Input pitlake refused, kept with its reason and raw payload so nothing disappears silently.
 *
 * @param source vendor and dataset, e.g. {@code polygon.aggs_day}
 * @param stage where it was refused: {@code ingest} (page or element unreadable) or {@code silver}
 * @param reason what was wrong, naming the field
 * @param symbol the key of the split, where known
 * @param sessionDate the session the input describes, where known
 * @param eventTime the instant the input describes, where known
 * @param availableAt when the reject itself became knowable (its fetch time at ingest)
 * @param ingestedAt when pitlake received it
 * @param requestUrl the request, credentials redacted
 * @param payload the raw element or page body
 */
public record Rejection(
    String source,
    String stage,
    String reason,
    @Nullable String symbol,
    @Nullable LocalDate sessionDate,
    @Nullable Instant eventTime,
    Instant availableAt,
    Instant ingestedAt,
    @Nullable String requestUrl,
    String payload) {

  public static final String STAGE_INGEST = "ingest";

  public Rejection {
    checkNotNull(source, "source must not be null");
    checkNotNull(reason, "reason must not be null");
    checkNotNull(payload, "payload must not be null");
  }

  /**
   * A stable id: the same refusal of the same payload from the same request maps to one row, so a
   * re-run does not duplicate it.
   */
  public String id() {
    return sha256Hex(String.join("\n", source, stage, reason, String.valueOf(requestUrl), payload));
  }

  static String sha256Hex(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  }
}
