package io.pitlake.vendor.polygon;

import io.pitlake.job.ingest.VersionedObservation;
import java.time.Instant;
import java.time.LocalDate;
import javax.annotation.Nullable;

/**
 * One data element of Polygon's websocket as received, e.g. a minute aggregate ({@code ev = AM}).
 * {@code version} is 0 until the versioner compared it with what the lake already holds.
 *
 * @param channel {@code ev}: {@code AM}, {@code A}, {@code T}, ...
 * @param symbol {@code sym} as Polygon spells it
 * @param eventTime the window start {@code s} of an aggregate, the SIP time {@code t} of a trade
 * @param windowEnd the window end {@code e} of an aggregate, else {@code null}
 * @param availableAt the receipt instant of its frame; after the versioner, the version's own
 * @param receivedAt the receipt instant of its frame, stamped before any queue
 * @param writtenAt when pitlake turned it into a row (bronze's {@code ingested_at})
 * @param payloadHash SHA-256 of the element with sorted keys, without the day's running values
 *     {@code av} and {@code a}: a re-send whose bar is unchanged is no new version
 */
public record PolygonWsObservation(
    String channel,
    String symbol,
    LocalDate sessionDate,
    Instant eventTime,
    @Nullable Instant windowEnd,
    Instant availableAt,
    Instant receivedAt,
    Instant writtenAt,
    int version,
    String payloadHash,
    String payload,
    String endpoint,
    String splitId)
    implements VersionedObservation<PolygonWsObservation> {

  public static final String VENDOR = "polygon";

  /** Bronze key: one channel's event of one symbol at one instant, e.g. {@code AM|AAPL|1709...}. */
  public static String key(String channel, String symbol, long eventTimeMillis) {
    return channel + '|' + symbol + '|' + eventTimeMillis;
  }

  /** The symbol of a {@link #key}: the versioner routes every event of a symbol to one subtask. */
  public static String symbolOf(String key) {
    int first = key.indexOf('|');
    int second = key.indexOf('|', first + 1);
    return key.substring(first + 1, second);
  }

  @Override
  public String observationKey() {
    return key(channel, symbol, eventTime.toEpochMilli());
  }

  @Override
  public Instant ruleAvailableAt() {
    return receivedAt;
  }

  /** The frame's receipt: a websocket element is knowable when it arrives. */
  @Override
  public Instant ingestedAt() {
    return receivedAt;
  }

  @Override
  public PolygonWsObservation withVersion(int newVersion, Instant newAvailableAt) {
    return new PolygonWsObservation(
        channel,
        symbol,
        sessionDate,
        eventTime,
        windowEnd,
        newAvailableAt,
        receivedAt,
        writtenAt,
        newVersion,
        payloadHash,
        payload,
        endpoint,
        splitId);
  }
}
