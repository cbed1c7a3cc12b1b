package io.pitlake.job.ingest;

import io.pitlake.catalog.Catalogs;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.List;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.flink.CatalogLoader;

/**
 * The websocket elements already in a {@code bronze.<vendor>_ws} table for the symbols of a run.
 */
public final class WsBronzeHistory implements ObservationHistory {

  private static final long serialVersionUID = 1L;

  private final CatalogLoader catalogLoader;

  /** {@code namespace.name}: Iceberg's TableIdentifier is not serializable. */
  private final String table;

  private final List<String> symbols;

  public WsBronzeHistory(CatalogLoader catalogLoader, TableIdentifier table, List<String> symbols) {
    this.catalogLoader = catalogLoader;
    this.table = table.toString();
    this.symbols = List.copyOf(symbols);
  }

  @Override
  public void forEach(Visitor visitor) throws IOException {
    Catalogs.scan(
        catalogLoader,
        TableIdentifier.parse(table),
        Expressions.in("symbol", symbols.toArray()),
        List.of("channel", "symbol", "event_time", "payload_hash", "version"),
        row -> {
          OffsetDateTime eventTime = (OffsetDateTime) row.getField("event_time");
          visitor.visit(
              WsObservation.key(
                  (String) row.getField("channel"),
                  (String) row.getField("symbol"),
                  eventTime.toInstant().toEpochMilli()),
              (String) row.getField("payload_hash"),
              (Integer) row.getField("version"));
        });
  }
}
