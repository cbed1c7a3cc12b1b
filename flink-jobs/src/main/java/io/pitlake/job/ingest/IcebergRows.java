package io.pitlake.job.ingest;

import io.pitlake.quarantine.Rejection;
import io.pitlake.vendor.polygon.PolygonAggObservation;
import java.time.Instant;
import java.time.LocalDate;
import javax.annotation.Nullable;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;

/**
 * Converts ingest values to Flink's internal rows in the column order of the table definitions in
 * {@code io.pitlake.table.PitlakeTables}; {@code IngestRowsTest} checks the two stay aligned.
 */
public final class IcebergRows {

  private IcebergRows() {}

  /** A row of {@code bronze.polygon_aggs}. */
  public static RowData bronzePolygonAgg(PolygonAggObservation o) {
    return GenericRowData.of(
        string(PolygonAggObservation.VENDOR),
        string(PolygonAggObservation.DATASET),
        string(o.symbol()),
        date(o.sessionDate()),
        timestamp(o.eventTime()),
        timestamp(o.availableAt()),
        timestamp(o.ingestedAt()),
        o.version(),
        string(o.payloadHash()),
        string(o.payload()),
        string(o.requestUrl()),
        string(o.splitId()),
        o.o(),
        o.h(),
        o.l(),
        o.c(),
        o.v(),
        o.vw(),
        o.n(),
        o.otc());
  }

  /** A row of a raw bronze table ({@link io.pitlake.table.PitlakeTables#rawBronze}). */
  public static RowData rawBronze(RawObservation o) {
    return GenericRowData.of(
        string(o.dataset().vendor()),
        string(o.dataset().id()),
        string(o.observationKey()),
        timestamp(o.eventTime()),
        timestamp(o.availableAt()),
        timestamp(o.ingestedAt()),
        o.version(),
        string(o.payloadHash()),
        string(o.payload()),
        string(o.requestUrl()),
        string(o.splitId()));
  }

  /** A row of a {@code bronze.<vendor>_ws} table. */
  public static RowData bronzeWs(WsObservation o) {
    return GenericRowData.of(
        string(o.vendor()),
        string(o.channel()),
        string(o.symbol()),
        date(o.sessionDate()),
        timestamp(o.eventTime()),
        timestamp(o.windowEnd()),
        timestamp(o.availableAt()),
        timestamp(o.writtenAt()),
        o.version(),
        string(o.payloadHash()),
        string(o.payload()),
        string(o.endpoint()),
        string(o.splitId()));
  }

  /** The row of {@code bronze.feed_outages} of one outage and its gap fill. */
  public static RowData outage(GapFilled fill, Instant writtenAt) {
    return GenericRowData.of(
        string(fill.vendor()),
        string(fill.outage().splitId()),
        string(fill.outage().cause()),
        string(fill.outage().detail()),
        timestamp(fill.outage().start()),
        timestamp(fill.outage().end()),
        string(String.join(",", fill.symbols())),
        timestamp(fill.filledFrom()),
        timestamp(fill.filledUntil()),
        fill.bars().size(),
        fill.requests(),
        string(fill.error()),
        timestamp(fill.completedAt()),
        timestamp(writtenAt),
        fill.trades().size());
  }

  /** A row of {@code silver.quarantine}. */
  public static RowData quarantine(Rejection r) {
    return GenericRowData.of(
        string(r.id()),
        string(r.source()),
        string(r.stage()),
        string(r.reason()),
        string(r.symbol()),
        date(r.sessionDate()),
        timestamp(r.eventTime()),
        timestamp(r.availableAt()),
        timestamp(r.ingestedAt()),
        string(r.requestUrl()),
        string(r.payload()));
  }

  @Nullable
  private static StringData string(@Nullable String value) {
    return value == null ? null : StringData.fromString(value);
  }

  @Nullable
  private static Integer date(@Nullable LocalDate value) {
    return value == null ? null : (int) value.toEpochDay();
  }

  @Nullable
  private static TimestampData timestamp(@Nullable Instant value) {
    return value == null ? null : TimestampData.fromInstant(value);
  }
}
