package io.pitlake.job.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitlake.time.NyseCalendar;
import java.io.Serializable;
import java.time.Instant;
import java.util.StringJoiner;
import javax.annotation.Nullable;

/**
 * One element of a vendor's trades channel, typed: a trade, a correction or a cancel. Trades are
 * immutable events with ids, so they are not versioned by content: the lake keeps each once, by its
 * {@link #identity}, whichever path (websocket or a REST gap fill) brought it first.
 *
 * @param kind {@link #TRADE}, {@link #CORRECTION} or {@link #CANCEL}
 * @param tradeId the trade's id; for a correction the corrected trade's new id (Alpaca's {@code
 *     ci}), for a cancel the cancelled trade's
 * @param refersTo the id a correction or cancel refers to (Alpaca's {@code oi}, {@code i}), else
 *     {@code null}
 * @param exchange the venue as the vendor writes it (Polygon's id, Alpaca's letter)
 * @param price for a correction the corrected price
 * @param size for a correction the corrected size
 * @param conditions the condition codes as the vendor writes them, comma-separated, or {@code null}
 * @param tape the tape as the vendor writes it, or {@code null}
 * @param eventTime the SIP time
 */
public record WsTrade(
    String kind,
    String tradeId,
    @Nullable String refersTo,
    String exchange,
    @Nullable Double price,
    @Nullable Double size,
    @Nullable String conditions,
    @Nullable String tape,
    Instant eventTime)
    implements Serializable {

  public static final String TRADE = "trade";
  public static final String CORRECTION = "correction";
  public static final String CANCEL = "cancel";

  /**
   * What makes two elements the same event: the symbol, the New York day (ids are unique per symbol
   * and day, not forever), the venue (Polygon's ids are unique per ticker and exchange: the
   * apiref's {@code /v3/trades} page has id 183276 on exchanges 11 and 12), the id, and whether it
   * cancels. A correction counts as a trade of its new id: a REST gap fill serves the settled tape,
   * where the corrected trade is a plain trade under that id, and it must not be stored twice.
   */
  public String identity(String symbol) {
    return (CANCEL.equals(kind) ? CANCEL : TRADE)
        + '|'
        + symbol
        + '|'
        + eventTime.atZone(NyseCalendar.ZONE).toLocalDate()
        + '|'
        + exchange
        + '|'
        + tradeId;
  }

  /** A JSON number, or {@code null} for anything else; shared by the vendors' readers. */
  @Nullable
  public static Double number(@Nullable JsonNode value) {
    return value != null && value.isNumber() ? value.asDouble() : null;
  }

  /** A JSON scalar as text, or {@code null} when absent, null or not a scalar. */
  @Nullable
  public static String text(@Nullable JsonNode value) {
    return value != null && value.isValueNode() && !value.isNull() && !value.asText().isBlank()
        ? value.asText()
        : null;
  }

  /** A JSON array of condition codes, comma-separated; {@code null} when absent or empty. */
  @Nullable
  public static String codes(@Nullable JsonNode array) {
    if (array == null || !array.isArray() || array.isEmpty()) {
      return null;
    }
    StringJoiner joined = new StringJoiner(",");
    array.forEach(code -> joined.add(code.asText()));
    return joined.toString();
  }
}
