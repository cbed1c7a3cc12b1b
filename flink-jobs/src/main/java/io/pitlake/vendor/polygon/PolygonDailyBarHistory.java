package io.pitlake.vendor.polygon;

import io.pitlake.catalog.Catalogs;
import io.pitlake.job.ingest.ObservationHistory;
import io.pitlake.table.PitlakeTables;
import io.pitlake.time.NyseCalendar;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.flink.CatalogLoader;

/**
 * The Polygon aggregates already in {@code bronze.polygon_aggs} for the symbols of a run, from its
 * first day on: a bar's key holds its start, so a bar before the run's first day can never meet one
 * the run fetches. A daily update reads days of history, not the table.
 */
final class PolygonDailyBarHistory implements ObservationHistory {

  private static final long serialVersionUID = 1L;

  private final CatalogLoader catalogLoader;
  private final List<String> symbols;
  private final LocalDate from;

  PolygonDailyBarHistory(CatalogLoader catalogLoader, List<String> symbols, LocalDate from) {
    this.catalogLoader = catalogLoader;
    this.symbols = List.copyOf(symbols);
    this.from = from;
  }

  @Override
  public void forEach(Visitor visitor) throws IOException {
    Catalogs.scan(
        catalogLoader,
        PitlakeTables.BRONZE_POLYGON_AGGS.id(),
        Expressions.and(
            Expressions.in("symbol", symbols.toArray()),
            Expressions.greaterThanOrEqual(
                "event_time",
                ChronoUnit.MICROS.between(
                    Instant.EPOCH, from.atStartOfDay(NyseCalendar.ZONE).toInstant()))),
        List.of("symbol", "event_time", "payload_hash", "version"),
        row -> {
          OffsetDateTime eventTime = (OffsetDateTime) row.getField("event_time");
          visitor.visit(
              PolygonAggObservation.key(
                  (String) row.getField("symbol"), eventTime.toInstant().toEpochMilli()),
              (String) row.getField("payload_hash"),
              (Integer) row.getField("version"));
        });
  }
}
