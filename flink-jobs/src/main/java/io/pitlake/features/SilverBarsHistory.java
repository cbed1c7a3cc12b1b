package io.pitlake.features;

import io.pitlake.catalog.Catalogs;
import io.pitlake.table.PitlakeTables;
import java.io.IOException;
import java.io.Serializable;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.Consumer;
import javax.annotation.Nullable;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.flink.CatalogLoader;

/**
 * The bar versions already committed to {@code silver.bars_daily} for the symbols of a streaming
 * run that adds to a lake: what its feature engine starts from, so the rows it emits continue the
 * table rather than start it again.
 *
 * <p>From a day on, when the caller knows every symbol's newest session is at least the engine's
 * retained sessions after it ({@code pitlake update}): the engine's state after all versions is its
 * window of recent sessions, the sessions it no longer takes, and its newest instant. The first
 * versions of earlier sessions hold none of these: they are evicted, and each one's instant is its
 * session's rule time, earlier than every later session's. Revisions are read whatever their
 * session, since one can be the newest instant.
 */
public final class SilverBarsHistory implements Serializable {

  private static final long serialVersionUID = 1L;

  private final CatalogLoader catalogLoader;
  private final List<String> symbols;
  private final @Nullable LocalDate from;

  /**
   * @param symbols the run's symbols; empty for every symbol
   */
  public SilverBarsHistory(CatalogLoader catalogLoader, List<String> symbols) {
    this(catalogLoader, symbols, null);
  }

  /**
   * @param symbols the run's symbols; empty for every symbol
   * @param from the first session whose first versions are read; null for all (see above)
   */
  public SilverBarsHistory(
      CatalogLoader catalogLoader, List<String> symbols, @Nullable LocalDate from) {
    this.catalogLoader = catalogLoader;
    this.symbols = List.copyOf(symbols);
    this.from = from;
  }

  /** Calls {@code visitor} with every committed version of the run's symbols, in no order. */
  void forEach(Consumer<BarVersion> visitor) throws IOException {
    Expression bars =
        symbols.isEmpty() ? Expressions.alwaysTrue() : Expressions.in("symbol", symbols.toArray());
    if (from != null) {
      bars =
          Expressions.and(
              bars,
              Expressions.or(
                  Expressions.greaterThanOrEqual("session_date", from.toString()),
                  Expressions.greaterThan("version", 1)));
    }
    Catalogs.scan(
        catalogLoader,
        PitlakeTables.SILVER_BARS_DAILY.id(),
        bars,
        BarVersion.SILVER_COLUMNS,
        row ->
            visitor.accept(
                BarVersion.fromSilver(
                    row::getField, t -> ((OffsetDateTime) t).toInstant().toEpochMilli())));
  }
}
