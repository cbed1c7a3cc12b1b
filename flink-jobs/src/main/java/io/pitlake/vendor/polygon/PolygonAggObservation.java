package io.pitlake.vendor.polygon;

import io.pitlake.job.ingest.VersionedObservation;
import java.time.Instant;
import java.time.LocalDate;
import javax.annotation.Nullable;

/**
 * One Polygon aggregate result as delivered: raw payload plus its fields copied without validation
 * (silver validates). {@code version} is 0 and {@code availableAt} the rule value until the
 * versioner has compared the payload with what the lake already holds.
 */
public record PolygonAggObservation(
    String symbol,
    LocalDate sessionDate,
    Instant eventTime,
    Instant availableAt,
    Instant ingestedAt,
    int version,
    String payloadHash,
    String payload,
    String requestUrl,
    String splitId,
    @Nullable Double o,
    @Nullable Double h,
    @Nullable Double l,
    @Nullable Double c,
    @Nullable Double v,
    @Nullable Double vw,
    @Nullable Long n,
    @Nullable Boolean otc)
    implements VersionedObservation<PolygonAggObservation> {

  public static final String VENDOR = "polygon";
  public static final String DATASET = "aggs_day";

  /** Bronze key: one bar is one ticker's window starting at {@code t}. */
  public static String key(String symbol, long eventTimeMillis) {
    return symbol + '@' + eventTimeMillis;
  }

  /** The symbol of an observation key made by {@link #key}. */
  public static String symbolOf(String observationKey) {
    return observationKey.substring(0, observationKey.lastIndexOf('@'));
  }

  @Override
  public String observationKey() {
    return key(symbol, eventTime.toEpochMilli());
  }

  @Override
  public Instant ruleAvailableAt() {
    return availableAt;
  }

  @Override
  public PolygonAggObservation withVersion(int newVersion, Instant newAvailableAt) {
    return new PolygonAggObservation(
        symbol,
        sessionDate,
        eventTime,
        newAvailableAt,
        ingestedAt,
        newVersion,
        payloadHash,
        payload,
        requestUrl,
        splitId,
        o,
        h,
        l,
        c,
        v,
        vw,
        n,
        otc);
  }
}
