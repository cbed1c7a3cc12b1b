package io.pitlake.job.ingest;

import io.pitlake.table.PitlakeTables;
import io.pitlake.vendor.polygon.PolygonAggObservation;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.List;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.io.CloseableIterable;

/** The Polygon aggregates already in {@code bronze.polygon_aggs} for the symbols of a run. */
public final class PolygonBronzeHistory implements ObservationHistory {

  private static final long serialVersionUID = 1L;

  private final CatalogLoader catalogLoader;
  private final List<String> symbols;

  public PolygonBronzeHistory(CatalogLoader catalogLoader, List<String> symbols) {
    this.catalogLoader = catalogLoader;
    this.symbols = List.copyOf(symbols);
  }

  @Override
  public void forEach(Visitor visitor) throws IOException {
    Catalog catalog = catalogLoader.loadCatalog();
    try {
      Table table = catalog.loadTable(PitlakeTables.BRONZE_POLYGON_AGGS.id());
      try (CloseableIterable<Record> rows =
          IcebergGenerics.read(table)
              .where(Expressions.in("symbol", symbols.toArray()))
              .select("symbol", "event_time", "payload_hash", "version")
              .build()) {
        for (Record row : rows) {
          OffsetDateTime eventTime = (OffsetDateTime) row.getField("event_time");
          visitor.visit(
              PolygonAggObservation.key(
                  (String) row.getField("symbol"), eventTime.toInstant().toEpochMilli()),
              (String) row.getField("payload_hash"),
              (Integer) row.getField("version"));
        }
      }
    } finally {
      if (catalog instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          throw new IOException("cannot close catalog " + catalogLoader, e);
        }
      }
    }
  }
}
