package io.pitlake.features.library;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An independent reference of FEATURES.md §3, written from the document and not from the production
 * classes: ranks by counting (values below, plus the mean position among equal values), mean and
 * sample variance in exact decimal arithmetic, so the only rounding is the final conversion to
 * double. NaN is NULL, in and out.
 */
public final class ReferenceCrossSection {

  private static final MathContext EXACT = MathContext.DECIMAL128;

  private ReferenceCrossSection() {}

  /**
   * {@code (#values below x + (#values equal to x + 1) / 2) / #values}: the mean of the 1-based
   * ascending positions that x's ties occupy, over the count of non-NULL values.
   */
  public static double rank(double[] x, int i) {
    if (Double.isNaN(x[i])) {
      return Double.NaN;
    }
    int below = 0;
    int equal = 0;
    int n = 0;
    for (double v : x) {
      if (Double.isNaN(v)) {
        continue;
      }
      n++;
      if (v < x[i]) {
        below++;
      } else if (v == x[i]) {
        equal++;
      }
    }
    return (below + (equal + 1) / 2.0) / n;
  }

  /** {@code (x − mean) / stdev}, ddof = 1; NULL below two values or with a stdev of 0. */
  public static double z(double[] x, int i) {
    List<BigDecimal> values = present(x);
    if (Double.isNaN(x[i]) || values.size() < 2) {
      return Double.NaN;
    }
    BigDecimal mean = mean(values);
    BigDecimal squares = BigDecimal.ZERO;
    for (BigDecimal v : values) {
      squares = squares.add(v.subtract(mean).pow(2));
    }
    if (squares.signum() == 0) {
      return Double.NaN;
    }
    BigDecimal stdev = squares.divide(BigDecimal.valueOf(values.size() - 1), EXACT).sqrt(EXACT);
    return new BigDecimal(x[i]).subtract(mean).divide(stdev, EXACT).doubleValue();
  }

  /** {@code x} minus the mean of the non-NULL values. */
  public static double demeaned(double[] x, int i) {
    if (Double.isNaN(x[i])) {
      return Double.NaN;
    }
    return new BigDecimal(x[i]).subtract(mean(present(x))).doubleValue();
  }

  /**
   * The statistics columns of one cross-section, by column name and then by symbol, from the
   * members' feature values (NaN for NULL) by feature name and then by symbol.
   */
  public static Map<String, Map<String, Double>> columns(
      List<String> features, Map<String, Map<String, Double>> valuesBySymbol) {
    List<String> symbols = new ArrayList<>(new TreeMap<>(valuesBySymbol).keySet());
    Map<String, Map<String, Double>> out = new HashMap<>();
    for (String f : features) {
      double[] x = new double[symbols.size()];
      for (int k = 0; k < x.length; k++) {
        x[k] = valuesBySymbol.get(symbols.get(k)).get(f);
      }
      for (int k = 0; k < x.length; k++) {
        out.computeIfAbsent("cs_rank_" + f, c -> new HashMap<>()).put(symbols.get(k), rank(x, k));
        out.computeIfAbsent("cs_z_" + f, c -> new HashMap<>()).put(symbols.get(k), z(x, k));
        if (f.equals("ret_1d")) {
          out.computeIfAbsent("ret_1d_mkt_adj", c -> new HashMap<>())
              .put(symbols.get(k), demeaned(x, k));
        }
      }
    }
    return out;
  }

  private static List<BigDecimal> present(double[] x) {
    List<BigDecimal> values = new ArrayList<>();
    for (double v : x) {
      if (!Double.isNaN(v)) {
        values.add(new BigDecimal(v));
      }
    }
    return values;
  }

  private static BigDecimal mean(List<BigDecimal> values) {
    BigDecimal sum = BigDecimal.ZERO;
    for (BigDecimal v : values) {
      sum = sum.add(v);
    }
    return sum.divide(BigDecimal.valueOf(values.size()), EXACT);
  }
}
