package io.pitlake.features.library;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * FEATURES.md §3's statistics of one feature across one session's symbols. NaN stands for NULL, in
 * and out: a NaN value is left out of the statistics (it is not counted, ranked or averaged) and
 * its result is NaN.
 *
 * <p>Mean and variance are two-pass (the variance summed about the mean), as {@code
 * gold.features_daily}'s windows are, so a value agrees with an exact computation to about 1e-15
 * relative; the order of the values changes a result by an ulp at most, and callers pass them in
 * one order (by symbol) so that batch and streaming give the same doubles.
 */
public final class CrossSection {

  private CrossSection() {}

  /**
   * Percentile ranks in (0, 1], pandas' {@code rank(pct=True)}: the value's 1-based position among
   * the non-NaN values in ascending order over their count, values that are equal ({@code ==}, so
   * -0.0 ties 0.0) sharing the mean of their positions.
   */
  public static double[] percentileRanks(double[] x) {
    Integer[] order = present(x);
    double[] ranks = nans(x.length);
    int n = order.length;
    Arrays.sort(order, Comparator.comparingDouble(i -> x[i]));
    for (int start = 0; start < n; ) {
      int end = start;
      while (end + 1 < n && x[order[end + 1]] == x[order[start]]) {
        end++;
      }
      double rank = (start + end) / 2.0 + 1;
      for (int k = start; k <= end; k++) {
        ranks[order[k]] = rank / n;
      }
      start = end + 1;
    }
    return ranks;
  }

  /**
   * {@code (x − mean) / stdev} with the sample stdev (ddof = 1) of the non-NaN values; all NaN when
   * there are fewer than two or they are all equal (stdev 0: a rounding residue of equal values is
   * not a spread).
   */
  public static double[] zScores(double[] x) {
    Integer[] present = present(x);
    double[] z = nans(x.length);
    int n = present.length;
    if (n < 2) {
      return z;
    }
    double mean = mean(x, present);
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double squares = 0;
    for (int i : present) {
      min = Math.min(min, x[i]);
      max = Math.max(max, x[i]);
      double d = x[i] - mean;
      squares += d * d;
    }
    double stdev = Math.sqrt(squares / (n - 1));
    if (min == max || stdev == 0) {
      return z;
    }
    for (int i : present) {
      z[i] = (x[i] - mean) / stdev;
    }
    return z;
  }

  /** {@code x} minus the equal-weighted mean of the non-NaN values. */
  public static double[] demeaned(double[] x) {
    Integer[] present = present(x);
    double[] out = nans(x.length);
    if (present.length == 0) {
      return out;
    }
    double mean = mean(x, present);
    for (int i : present) {
      out[i] = x[i] - mean;
    }
    return out;
  }

  private static double mean(double[] x, Integer[] present) {
    double sum = 0;
    for (int i : present) {
      sum += x[i];
    }
    return sum / present.length;
  }

  /** The indexes of the non-NaN values, ascending. */
  private static Integer[] present(double[] x) {
    return IntStream.range(0, x.length)
        .filter(i -> !Double.isNaN(x[i]))
        .boxed()
        .toArray(Integer[]::new);
  }

  private static double[] nans(int length) {
    double[] out = new double[length];
    Arrays.fill(out, Double.NaN);
    return out;
  }
}
