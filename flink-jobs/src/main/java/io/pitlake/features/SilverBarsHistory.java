package io.pitlake.features;

import io.pitlake.catalog.Catalogs;
import io.pitlake.table.PitlakeTables;
import java.io.IOException;
import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.Consumer;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.flink.CatalogLoader;

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
    Catalogs.scan(
        catalogLoader,
        PitlakeTables.SILVER_BARS_DAILY.id(),
        symbols.isEmpty() ? Expressions.alwaysTrue() : Expressions.in("symbol", symbols.toArray()),
        BarVersion.SILVER_COLUMNS,
        row ->
            visitor.accept(
                BarVersion.fromSilver(
                    row::getField, t -> ((OffsetDateTime) t).toInstant().toEpochMilli())));
  }
}
