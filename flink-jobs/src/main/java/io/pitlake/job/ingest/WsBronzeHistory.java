package io.pitlake.job.ingest;

import io.pitlake.catalog.Catalogs;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.flink.CatalogLoader;

/**
 * The websocket elements already in a {@code bronze.<vendor>_ws} table for the symbols of a run,
 * trades left out ({@link TradeHistory} reads those).
 */
public final class WsBronzeHistory implements ObservationHistory {

  private static final long serialVersionUID = 1L;

  private final CatalogLoader catalogLoader;

  /** {@code namespace.name}: Iceberg's TableIdentifier is not serializable. */
  private final String table;

  private final List<String> symbols;

  /** Trades are deduplicated by id, not versioned: the versioner need not read them. */
  private final List<String> tradeChannels;

  public WsBronzeHistory(
      CatalogLoader catalogLoader,
      TableIdentifier table,
      List<String> symbols,
      Set<String> tradeChannels) {
    this.catalogLoader = catalogLoader;
    this.table = table.toString();
    this.symbols = List.copyOf(symbols);
    this.tradeChannels = List.copyOf(tradeChannels);
  }

  @Override
  public void forEach(Visitor visitor) throws IOException {
    Catalogs.scan(
        catalogLoader,
        TableIdentifier.parse(table),
        Expressions.and(
            Expressions.in("symbol", symbols.toArray()),
            Expressions.notIn("channel", tradeChannels.toArray())),
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
