package io.pitlake.job.ingest;

import io.pitlake.catalog.Catalogs;
import io.pitlake.table.PitlakeTables;
import io.pitlake.vendor.polygon.PolygonWsObservation;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.List;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.flink.CatalogLoader;

/** The websocket elements already in {@code bronze.polygon_ws} for the symbols of a run. */
public final class PolygonWsBronzeHistory implements ObservationHistory {

  private static final long serialVersionUID = 1L;

  private final CatalogLoader catalogLoader;
  private final List<String> symbols;

  public PolygonWsBronzeHistory(CatalogLoader catalogLoader, List<String> symbols) {
    this.catalogLoader = catalogLoader;
    this.symbols = List.copyOf(symbols);
  }

  @Override
  public void forEach(Visitor visitor) throws IOException {
    Catalogs.scan(
        catalogLoader,
        PitlakeTables.BRONZE_POLYGON_WS.id(),
        Expressions.in("symbol", symbols.toArray()),
        List.of("channel", "symbol", "event_time", "payload_hash", "version"),
        row -> {
          OffsetDateTime eventTime = (OffsetDateTime) row.getField("event_time");
          visitor.visit(
              PolygonWsObservation.key(
                  (String) row.getField("channel"),
                  (String) row.getField("symbol"),
                  eventTime.toInstant().toEpochMilli()),
              (String) row.getField("payload_hash"),
              (Integer) row.getField("version"));
        });
  }
}
