package io.pitlake.features;

import io.pitlake.table.PitlakeTables;
import io.pitlake.time.NyseCalendar;
import java.io.IOException;
import java.io.Serializable;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.Consumer;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.io.CloseableIterable;

/**
 * The bar versions already committed to {@code silver.bars_daily} for the symbols of a streaming
 * run that adds to a lake: what its feature engine starts from, so the rows it emits continue the
 * table rather than start it again.
 */
public final class SilverBarsHistory implements Serializable {

  private static final long serialVersionUID = 1L;

  private final CatalogLoader catalogLoader;
  private final List<String> symbols;

  /**
   * @param symbols the run's symbols; empty for every symbol
   */
  public SilverBarsHistory(CatalogLoader catalogLoader, List<String> symbols) {
    this.catalogLoader = catalogLoader;
    this.symbols = List.copyOf(symbols);
  }

  /** Calls {@code visitor} with every committed version of the run's symbols, in no order. */
  void forEach(Consumer<BarVersion> visitor) throws IOException {
    Catalog catalog = catalogLoader.loadCatalog();
    try {
      Table table = catalog.loadTable(PitlakeTables.SILVER_BARS_DAILY.id());
      var scan = IcebergGenerics.read(table);
      if (!symbols.isEmpty()) {
        scan = scan.where(Expressions.in("symbol", symbols.toArray()));
      }
      try (CloseableIterable<Record> rows = scan.build()) {
        for (Record row : rows) {
          visitor.accept(
              new BarVersion(
                  (String) row.getField("symbol"),
                  NyseCalendar.instance().sessionIndex((LocalDate) row.getField("session_date")),
                  (Integer) row.getField("version"),
                  (Double) row.getField("close"),
                  (Double) row.getField("volume"),
                  (Double) row.getField("vwap"),
                  millis(row.getField("event_time")),
                  millis(row.getField("available_at")),
                  millis(row.getField("ingested_at"))));
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

  private static long millis(Object instant) {
    return ((OffsetDateTime) instant).toInstant().toEpochMilli();
  }
}
