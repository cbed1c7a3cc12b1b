package io.pitlake.job.ingest;

import java.time.Instant;
import java.time.LocalDate;
import javax.annotation.Nullable;

/**
 * One data element of a vendor's websocket as received, e.g. Polygon's minute aggregate ({@code ev
 * = AM}) or Alpaca's minute bar ({@code T = b}) and its update ({@code T = u}). {@code version} is
 * 0 until the versioner compared it with what the lake already holds.
 *
 * @param vendor the vendor id, e.g. {@code polygon}, {@code alpaca}
 * @param channel the vendor's event type as bronze keys it ({@link WsElementReader#read})
 * @param symbol the symbol as the vendor spells it
 * @param eventTime a bar's window start, a trade's SIP time
 * @param windowEnd a bar's window end, else {@code null}
 * @param availableAt the receipt instant of its frame; after the versioner, the version's own
 * @param receivedAt the receipt instant of its frame, stamped before any queue
 * @param writtenAt when pitlake turned it into a row (bronze's {@code ingested_at})
 * @param payloadHash SHA-256 of the element's content ({@link WsElementReader#contentHash}): a
 *     re-send whose content is unchanged is no new version
 */
public record WsObservation(
    String vendor,
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
    implements VersionedObservation<WsObservation> {

  /** Bronze key: one channel's event of one symbol at one instant, e.g. {@code AM|AAPL|1709...}. */
  public static String key(String channel, String symbol, long eventTimeMillis) {
    return channel + '|' + symbol + '|' + eventTimeMillis;
  }

  /** The symbol of a {@link #key}: the versioner routes every event of a symbol to one subtask. */
  public static String symbolOf(String key) {
    int first = key.indexOf('|');
    int last = key.lastIndexOf('|');
    return key.substring(first + 1, last);
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
  public WsObservation withVersion(int newVersion, Instant newAvailableAt) {
    return new WsObservation(
        vendor,
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
