package io.pitlake.features.library;

import io.pitlake.table.FeatureColumns;
import java.util.List;
import java.util.Set;

/**
 * FEATURES.md §2 at one row, over a {@link BarSeries}, in {@link FeatureColumns#TECHNICAL}'s order:
 * returns and volatilities on t's basis, TA-Lib's indicators over the last {@link TaLib#BARS} bars,
 * and the liquidity measures. NaN where the definition says NULL.
 */
final class TechnicalSet {

  /**
   * The groups of the set, as {@link FeatureVector#FAMILIES} names them: TA-Lib's four indicators
   * ({@code atr} with {@code natr_14}), then the returns, volatilities, momentum, reversal and
   * liquidity measures of FEATURES.md §2.
   */
  static final List<String> FAMILIES = List.of("rsi", "macd", "bbands", "atr", "returns");

  private final boolean rsi;
  private final boolean macd;
  private final boolean bbands;
  private final boolean atr;
  private final boolean returns;

  /**
   * @param families the groups of {@link #FAMILIES} to compute; other names are ignored
   */
  TechnicalSet(Set<String> families) {
    this.rsi = families.contains("rsi");
    this.macd = families.contains("macd");
    this.bbands = families.contains("bbands");
    this.atr = families.contains("atr");
    this.returns = families.contains("returns");
  }

  /**
   * Writes the values of the groups computed into {@code out[offset..]}, leaving the others' as
   * they are.
   */
  void compute(BarSeries b, double[] out, int offset) {
    int n = b.size();
    int from = Math.max(0, n - TaLib.BARS);
    double close = b.close()[n - 1];
    int k = offset;
    if (returns) {
      for (int d : new int[] {1, 5, 21, 63, 126, 252}) {
        out[k++] = ret(b, d);
      }
      for (int d : new int[] {5, 21, 63}) {
        out[k++] = logReturnStd(b.close(), n, d);
      }
    }
    k = offset + 9;
    if (rsi) {
      out[k] = TaLib.rsi(b.close(), from, n, 14);
    }
    k++;
    if (macd) {
      System.arraycopy(TaLib.macd(b.close(), from, n, 12, 26, 9), 0, out, k, 3);
    }
    k += 3;
    if (bbands) {
      out[k] = TaLib.bollingerPercentB(b.close(), from, n, 20);
    }
    k++;
    if (atr) {
      double value = TaLib.atr(b.high(), b.low(), b.close(), from, n, 14);
      out[k] = value;
      out[k + 1] = TaLib.isZero(close) ? 0 : 100 * value / close;
    }
    k += 2;
    if (returns) {
      out[k++] = n < 253 ? Double.NaN : b.close()[n - 22] / b.close()[n - 253] - 1;
      out[k++] = -ret(b, 5);
      out[k++] = amihud(b, 21);
      out[k++] = volumeSurprise(b.volume(), n, 20);
      out[k++] = b.rawClose()[n - 1] * b.rawVolume()[n - 1];
      out[k] = n < 252 ? Double.NaN : close / max(b.high(), n - 252, n);
    }
  }

  /** {@code C / Ref(C, d) - 1}; NaN until d + 1 bars. */
  private static double ret(BarSeries b, int d) {
    int i = b.size() - 1;
    return i - d < 0 ? Double.NaN : b.close()[i] / b.close()[i - d] - 1;
  }

  /**
   * Sample deviation (ddof 1) of the last {@code d} log returns of the first {@code n} closes; NaN
   * until d returns exist.
   */
  private static double logReturnStd(double[] close, int n, int d) {
    if (n < d + 1) {
      return Double.NaN;
    }
    double[] r = new double[d];
    double mean = 0;
    for (int j = 0; j < d; j++) {
      int i = n - d + j;
      r[j] = Math.log(close[i] / close[i - 1]);
      mean += r[j];
    }
    mean /= d;
    double squares = 0;
    for (double x : r) {
      squares += (x - mean) * (x - mean);
    }
    return Math.sqrt(squares / (d - 1));
  }

  /**
   * Amihud (2002): mean of {@code |ret_1d| / dollar volume × 1e6} over the last {@code d} bars,
   * skipping zero-volume bars; NaN until d returns exist or when every bar is skipped.
   */
  private static double amihud(BarSeries b, int d) {
    int n = b.size();
    if (n < d + 1) {
      return Double.NaN;
    }
    double sum = 0;
    int used = 0;
    for (int i = n - d; i < n; i++) {
      if (b.rawVolume()[i] != 0) {
        double r = b.close()[i] / b.close()[i - 1] - 1;
        sum += Math.abs(r) / (b.rawClose()[i] * b.rawVolume()[i]) * 1e6;
        used++;
      }
    }
    return used == 0 ? Double.NaN : sum / used;
  }

  /**
   * {@code V / mean(V of the d bars before t) - 1}, t the {@code n}th bar; NaN until d earlier
   * bars, or a mean of 0.
   */
  private static double volumeSurprise(double[] volume, int n, int d) {
    if (n < d + 1) {
      return Double.NaN;
    }
    double sum = 0;
    for (int i = n - 1 - d; i < n - 1; i++) {
      sum += volume[i];
    }
    double mean = sum / d;
    return mean == 0 ? Double.NaN : volume[n - 1] / mean - 1;
  }

  private static double max(double[] x, int from, int end) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = from; i < end; i++) {
      max = Math.max(max, x[i]);
    }
    return max;
  }
}
