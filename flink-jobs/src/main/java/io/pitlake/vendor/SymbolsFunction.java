package io.pitlake.vendor;

import java.util.LinkedHashSet;
import java.util.Set;
import javax.annotation.Nullable;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * SQL {@code pitlake_symbols(ARRAY<STRING>) -> ARRAY<STRING>}: a vendor's tickers in pitlake's
 * spelling ({@link Symbols#toPitlake}), so silver rows from any vendor join on the same symbol.
 *
 * <p>Order is kept and duplicates are dropped ({@code BRK-B} and {@code BRK.B} in one list are one
 * symbol). A ticker no US listing could have is kept as the vendor wrote it, not dropped: silver
 * also keeps the vendor's own list, so nothing is lost and the odd spelling stays visible. SQL
 * calls it pitlake_symbols ({@code SqlFunctions} registers it).
 */
public class SymbolsFunction extends ScalarFunction {

  private static final long serialVersionUID = 1L;

  public @Nullable @DataTypeHint("ARRAY<STRING>") String[] eval(
      @Nullable @DataTypeHint("ARRAY<STRING>") String[] tickers) {
    if (tickers == null) {
      return null;
    }
    Set<String> symbols = new LinkedHashSet<>();
    for (String ticker : tickers) {
      if (ticker == null || ticker.isBlank()) {
        continue;
      }
      String trimmed = ticker.strip();
      try {
        symbols.add(Symbols.toPitlake(trimmed));
      } catch (IllegalArgumentException e) {
        symbols.add(trimmed);
      }
    }
    return symbols.toArray(String[]::new);
  }
}
