package io.pitlake.simulator.sec;

import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CIK under which the SEC simulator files for a company that the Polygon simulator prices, so
 * that Polygon's ticker details and EDGAR name the same company the same way and the research panel
 * can join them by CIK, as it does with real vendors.
 *
 * <p>Keyed by the symbol that started the company's price series: the renamed company ({@value
 * #RENAMED_SERIES}, trading as {@value #RENAMED_TICKER} after its rename) files under one CIK
 * before and after, as FB and META did.
 */
public final class SimulatedCiks {

  /** The series symbol of the renamed company (the Polygon simulator's OLDC). */
  public static final String RENAMED_SERIES = "OLDC";

  /** The renamed company's ticker today, as EDGAR's company_tickers.json lists it. */
  public static final String RENAMED_TICKER = "NEWC";

  /** The renamed company's CIK. */
  public static final long RENAMED_CIK = 9_900_001L;

  static final List<String> REAL_TICKERS = List.of("AAPL", "MSFT", "NVDA");
  static final List<Long> REAL_CIKS = List.of(320193L, 789019L, 1045810L);

  private static final Pattern SYNTHETIC = Pattern.compile("SY(\\d{4})");

  private SimulatedCiks() {}

  /** The CIK of synthetic filer {@code index} ({@link SyntheticFilers}). */
  static long ofFiler(int index) {
    return index < REAL_CIKS.size() ? REAL_CIKS.get(index) : 9_000_000L + index;
  }

  /** The ticker of synthetic filer {@code index}. */
  static String tickerOfFiler(int index) {
    return index < REAL_TICKERS.size()
        ? REAL_TICKERS.get(index)
        : String.format(Locale.ROOT, "SY%04d", index);
  }

  /**
   * The CIK of the company whose price series {@code seriesSymbol} started, if the SEC files it.
   */
  public static OptionalLong of(String seriesSymbol) {
    String symbol = seriesSymbol.toUpperCase(Locale.ROOT);
    if (symbol.equals(RENAMED_SERIES)) {
      return OptionalLong.of(RENAMED_CIK);
    }
    int real = REAL_TICKERS.indexOf(symbol);
    if (real >= 0) {
      return OptionalLong.of(REAL_CIKS.get(real));
    }
    Matcher synthetic = SYNTHETIC.matcher(symbol);
    if (synthetic.matches()) {
      int index = Integer.parseInt(synthetic.group(1));
      if (index >= REAL_TICKERS.size() && index <= SyntheticFilers.MAX) {
        return OptionalLong.of(ofFiler(index));
      }
    }
    return OptionalLong.empty();
  }
}
