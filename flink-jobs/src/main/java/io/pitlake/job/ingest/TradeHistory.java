package io.pitlake.job.ingest;

import io.pitlake.catalog.Catalogs;
import java.io.IOException;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.flink.CatalogLoader;

/**
 * The trades, corrections and cancels a {@code bronze.<vendor>_ws} table already holds for a run's
 * symbols from a day on: the {@link TradeDeduplicator}'s memory of earlier runs, so that a restart
 * does not store a trade again when a gap fill fetches it a second time.
 */
public final class TradeHistory implements Serializable {

  private static final long serialVersionUID = 1L;

  private final CatalogLoader catalogLoader;

  /** {@code namespace.name}: Iceberg's TableIdentifier is not serializable. */
  private final String table;

  private final List<String> symbols;
  private final List<String> channels;

  /**
   * @param channels the vendor's trade channels ({@link WsElementReader#tradeChannels()})
   */
  public TradeHistory(
      CatalogLoader catalogLoader,
      TableIdentifier table,
      List<String> symbols,
      Set<String> channels) {
    this.catalogLoader = catalogLoader;
    this.table = table.toString();
    this.symbols = List.copyOf(symbols);
    this.channels = List.copyOf(channels);
  }

  /**
   * Gives each stored trade's symbol and identity hash ({@code payload_hash}) from {@code since}.
   */
  public void forEach(LocalDate since, BiConsumer<String, String> each) throws IOException {
    Catalogs.scan(
        catalogLoader,
        TableIdentifier.parse(table),
        Expressions.and(
            Expressions.in("symbol", symbols.toArray()),
            Expressions.in("channel", channels.toArray()),
            Expressions.greaterThanOrEqual("session_date", since.toString())),
        List.of("symbol", "payload_hash"),
        row -> each.accept((String) row.getField("symbol"), (String) row.getField("payload_hash")));
  }
}
