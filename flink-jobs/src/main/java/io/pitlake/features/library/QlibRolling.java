package io.pitlake.features.library;

import java.util.Arrays;

/**
 * Qlib's rolling operators evaluated at one window's last row, with the NaN conventions of Qlib's
 * {@code ops.py} and {@code rolling.pyx} and pandas' {@code rolling(d, min_periods=1)} (FEATURES.md
 * §1). A window is the rows {@code [from, to]} of a series, {@code from} already clipped at the
 * symbol's first session, so a window near the listing start is partial as in pandas. NaN is a
 * missing value (a session without a bar, or an operator's NaN); every result may be NaN.
 *
 * <p>Why one pass per window rather than pandas' running sums: a row is computed on its own (each
 * knowledge instant re-computes only the rows whose inputs changed), and sums over a window of the
 * values themselves are exact to a few ulps where running sums drift.
 */
final class QlibRolling {

  /** Below this rolling standard deviation Qlib sets {@code Rsquare} and {@code Corr} to NaN. */
  static final double FLAT_STD = 2e-5;

  /**
   * Row {@code i}'s position {@code i}, the regressor of {@link #fit}, for every row a {@link
   * SessionSeries} has: shared and never written, so a fit allocates nothing.
   */
  private static final double[] POSITIONS = new double[SessionSeries.ROWS];

  static {
    for (int i = 0; i < POSITIONS.length; i++) {
      POSITIONS[i] = i;
    }
  }

  private QlibRolling() {}

  /** {@code Sum}: the non-NaN values' sum; NaN when there are none. */
  static double sum(double[] x, int from, int to) {
    double sum = 0;
    int n = 0;
    for (int i = from; i <= to; i++) {
      if (!Double.isNaN(x[i])) {
        sum += x[i];
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum;
  }

  /** {@code Mean}: the non-NaN values' mean; NaN when there are none. */
  static double mean(double[] x, int from, int to) {
    double sum = 0;
    int n = 0;
    for (int i = from; i <= to; i++) {
      if (!Double.isNaN(x[i])) {
        sum += x[i];
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  /** {@code Std}: sample standard deviation (ddof 1) of the non-NaN values; NaN below two. */
  static double std(double[] x, int from, int to) {
    return std(x, from, to, mean(x, from, to));
  }

  /**
   * {@link #std} given the window's {@link #mean}, which a caller that needs both computes once:
   * the same operations in the same order, so the same value.
   */
  static double std(double[] x, int from, int to, double mean) {
    double squares = 0;
    int n = 0;
    for (int i = from; i <= to; i++) {
      if (!Double.isNaN(x[i])) {
        double d = x[i] - mean;
        squares += d * d;
        n++;
      }
    }
    return n < 2 ? Double.NaN : Math.sqrt(squares / (n - 1));
  }

  /** {@code Max}: NaN when every value is. */
  static double max(double[] x, int from, int to) {
    double max = Double.NaN;
    for (int i = from; i <= to; i++) {
      if (!Double.isNaN(x[i]) && (Double.isNaN(max) || x[i] > max)) {
        max = x[i];
      }
    }
    return max;
  }

  /** {@code Min}: NaN when every value is. */
  static double min(double[] x, int from, int to) {
    double min = Double.NaN;
    for (int i = from; i <= to; i++) {
      if (!Double.isNaN(x[i]) && (Double.isNaN(min) || x[i] < min)) {
        min = x[i];
      }
    }
    return min;
  }

  /**
   * Copies the window's non-NaN values into {@code sorted} in ascending order and returns how many
   * there are: what {@link #quantile} reads, sorted once for every quantile of the window.
   */
  static int sortNonNaN(double[] x, int from, int to, double[] sorted) {
    int n = 0;
    for (int i = from; i <= to; i++) {
      if (!Double.isNaN(x[i])) {
        sorted[n++] = x[i];
      }
    }
    Arrays.sort(sorted, 0, n);
    return n;
  }

  /**
   * {@code Quantile}: pandas' linear interpolation between a window's sorted non-NaN values, the
   * first {@code n} of {@code sorted} ({@link #sortNonNaN}); NaN when there are none.
   */
  static double quantile(double[] sorted, int n, double q) {
    if (n == 0) {
      return Double.NaN;
    }
    double position = q * (n - 1);
    int low = (int) Math.floor(position);
    int high = (int) Math.ceil(position);
    return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
  }

  /**
   * {@code Rank}: the percentile rank of the window's last value among its non-NaN values, ties
   * averaged ({@code rolling.rank(pct=True)}); NaN when the last value is.
   */
  static double rank(double[] x, int from, int to) {
    double today = x[to];
    if (Double.isNaN(today)) {
      return Double.NaN;
    }
    int below = 0;
    int equal = 0;
    int n = 0;
    for (int i = from; i <= to; i++) {
      if (!Double.isNaN(x[i])) {
        n++;
        if (x[i] < today) {
          below++;
        } else if (x[i] == today) {
          equal++;
        }
      }
    }
    return (below + (equal + 1) / 2.0) / n;
  }

  /**
   * {@code IdxMax}: {@code np.argmax + 1} over the window as stored, so the first NaN wins (numpy
   * treats NaN as the maximum) and else the first maximum; NaN when every value is NaN (pandas
   * calls nothing then).
   */
  static double idxMax(double[] x, int from, int to) {
    return argExtreme(x, from, to, 1);
  }

  /** {@code IdxMin}: as {@link #idxMax}, the first NaN or else the first minimum. */
  static double idxMin(double[] x, int from, int to) {
    return argExtreme(x, from, to, -1);
  }

  private static double argExtreme(double[] x, int from, int to, int sign) {
    int best = -1;
    for (int i = from; i <= to; i++) {
      if (Double.isNaN(x[i])) {
        return count(x, from, to) == 0 ? Double.NaN : i - from + 1;
      }
      if (best < 0 || sign * x[i] > sign * x[best]) {
        best = i;
      }
    }
    return best - from + 1;
  }

  /**
   * Least squares of the window's non-NaN values on their row positions ({@code rolling.pyx}'s
   * {@code Slope}, {@code Resi}, {@code Rsquare}: NaN rows keep their positions, and a fit needs
   * two values).
   */
  static Fit fit(double[] y, int from, int to) {
    Moments m = Moments.of(POSITIONS, y, from, to);
    if (m.n() < 2) {
      return Fit.NONE;
    }
    double slope = m.sxy() / m.sxx();
    double residual = y[to] - (m.meanY() + slope * (to - m.meanX()));
    return new Fit(slope, residual, m.sxy() * m.sxy() / (m.sxx() * m.syy()));
  }

  /**
   * The least-squares fit of {@link #fit}.
   *
   * @param rsquare NaN when the values do not vary (0/0, as in {@code rolling.pyx})
   */
  record Fit(double slope, double residual, double rsquare) {
    static final Fit NONE = new Fit(Double.NaN, Double.NaN, Double.NaN);
  }

  /**
   * {@code Corr}: Pearson correlation over the rows where both values exist (pandas' pairwise
   * completion); NaN below two such rows, where an infinite value enters (pandas' sums give NaN),
   * and where either series' own rolling standard deviation ({@link #std} of the same window, given
   * by the caller, which has it already) is at most {@link #FLAT_STD} (Qlib's {@code
   * np.isclose(std, 0, atol=2e-05)}).
   */
  static double corr(double[] x, double[] y, int from, int to, double stdX, double stdY) {
    if (flat(stdX) || flat(stdY)) {
      return Double.NaN;
    }
    for (int i = from; i <= to; i++) {
      if (Double.isInfinite(x[i]) && !Double.isNaN(y[i])
          || Double.isInfinite(y[i]) && !Double.isNaN(x[i])) {
        return Double.NaN;
      }
    }
    Moments m = Moments.of(x, y, from, to);
    return m.n() < 2 ? Double.NaN : m.sxy() / Math.sqrt(m.sxx() * m.syy());
  }

  /**
   * Means and centred sums of squares and products over the rows where both values exist, taken
   * about the means in a second pass: exact to a few ulps where one-pass sums cancel.
   */
  record Moments(int n, double meanX, double meanY, double sxx, double sxy, double syy) {

    static Moments of(double[] x, double[] y, int from, int to) {
      double sx = 0;
      double sy = 0;
      int n = 0;
      for (int i = from; i <= to; i++) {
        if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
          sx += x[i];
          sy += y[i];
          n++;
        }
      }
      double mx = sx / n;
      double my = sy / n;
      double sxx = 0;
      double sxy = 0;
      double syy = 0;
      for (int i = from; i <= to; i++) {
        if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
          double dx = x[i] - mx;
          double dy = y[i] - my;
          sxx += dx * dx;
          sxy += dx * dy;
          syy += dy * dy;
        }
      }
      return new Moments(n, mx, my, sxx, sxy, syy);
    }
  }

  /** Qlib's {@code np.isclose(std, 0, atol=2e-05)}: false for a NaN deviation. */
  static boolean flat(double std) {
    return std <= FLAT_STD;
  }

  private static int count(double[] x, int from, int to) {
    int n = 0;
    for (int i = from; i <= to; i++) {
      n += Double.isNaN(x[i]) ? 0 : 1;
    }
    return n;
  }
}
