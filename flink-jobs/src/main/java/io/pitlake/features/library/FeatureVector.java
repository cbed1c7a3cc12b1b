package io.pitlake.features.library;

import static org.apache.flink.util.Preconditions.checkArgument;

import io.pitlake.table.FeatureColumns;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Every feature column of one row (symbol, session t, instant T) from the symbol's bars and ex-date
 * factors as known at T: the window is put in session t's raw basis (FEATURES.md §0: a price of
 * session s times the factors with ex date in (s, t], a volume divided by them), then {@link
 * Alpha158} reads it as sessions and {@link TechnicalSet} as bars.
 *
 * <p>An instance holds the arrays one row's windows are put in, refilled for each row: a build
 * computes a row per symbol, session and knowledge instant, and allocating some 20 KB of windows
 * for each was a measurable share of its time. Not thread-safe: one instance per walk.
 */
public final class FeatureVector {

  private final double[] multiplier = new double[BarSeries.BARS];

  /** {@link SessionSeries}'s open, high, low, close, volume and VWAP, in that order. */
  private final double[][] session = new double[6][SessionSeries.ROWS];

  /** {@link BarSeries}'s arrays, in the order of its components. */
  private final double[][] bar = new double[6][BarSeries.BARS];

  /**
   * The families a vector can be limited to: Alpha158's {@code kbar} and {@code price} groups and
   * its rolling families ({@link FeatureColumns#ROLLING_FAMILIES}), then the technical set's groups
   * (TA-Lib's {@code rsi}, {@code macd}, {@code bbands} and {@code atr}, and {@code returns}: the
   * returns, volatilities, momentum, reversal and liquidity measures).
   */
  public static final List<String> FAMILIES =
      Stream.of(List.of("kbar", "price"), FeatureColumns.ROLLING_FAMILIES, TechnicalSet.FAMILIES)
          .flatMap(List::stream)
          .toList();

  private final Alpha158 alpha158;
  private final TechnicalSet technical;

  /** Every column of {@link FeatureColumns#ALL}: a row of {@code gold.features_daily}. */
  public FeatureVector() {
    this(FAMILIES);
  }

  /**
   * Only the columns of {@code families} (of {@link #FAMILIES}), the others NaN: a row of a few
   * families costs what those read and no more, which is also what a family costs in a full row
   * less what it shares with the others ({@code bench/feature-families.sh} times each so).
   */
  public FeatureVector(Collection<String> families) {
    for (String family : families) {
      checkArgument(
          FAMILIES.contains(family),
          "%s is not a feature family: pass names of FeatureVector.FAMILIES %s",
          family,
          FAMILIES);
    }
    Set<String> selected = Set.copyOf(families);
    this.alpha158 = new Alpha158(selected);
    this.technical = new TechnicalSet(selected);
  }

  /**
   * The values of {@link FeatureColumns#ALL} for the row of {@code bars.get(t)}, NaN for NULL (and
   * for the columns of families not computed).
   *
   * @param bars the symbol's bars known at T in session order, one per session; the first is its
   *     first session
   * @param t the position of the row's session in {@code bars}
   * @param factors the ex dates' factors known at T, in any order
   */
  public double[] compute(List<RawBar> bars, int t, List<ExFactor> factors) {
    checkArgument(
        t >= 0 && t < bars.size(),
        "row position %s is outside the %s bars given: pass the position of the row's session",
        t,
        bars.size());
    RawBar row = bars.get(t);
    int firstBar = Math.max(0, t - BarSeries.BARS + 1);
    for (int i = firstBar; i <= t; i++) {
      multiplier[i - firstBar] = multiplier(bars.get(i), row, factors);
    }
    double[] out = new double[FeatureColumns.ALL.size()];
    Arrays.fill(out, Double.NaN);
    alpha158.compute(sessions(bars, t, firstBar), out);
    technical.compute(barSeries(bars, t, firstBar), out, FeatureColumns.ALPHA158.size());
    return out;
  }

  /** The product of the factors with ex date in (bar's session, row's session]. */
  private static double multiplier(RawBar bar, RawBar row, List<ExFactor> factors) {
    double m = 1;
    for (ExFactor f : factors) {
      if (bar.session().isBefore(f.exDate()) && !row.session().isBefore(f.exDate())) {
        m *= f.factor();
      }
    }
    return m;
  }

  private SessionSeries sessions(List<RawBar> bars, int t, int firstBar) {
    int last = bars.get(t).sessionIndex();
    int first = Math.max(bars.get(0).sessionIndex(), last - SessionSeries.ROWS + 1);
    int n = last - first + 1;
    for (double[] x : session) {
      Arrays.fill(x, 0, n, Double.NaN);
    }
    for (int i = t; i >= firstBar && bars.get(i).sessionIndex() >= first; i--) {
      RawBar b = bars.get(i);
      double m = multiplier[i - firstBar];
      int row = b.sessionIndex() - first;
      session[0][row] = b.open() * m;
      session[1][row] = b.high() * m;
      session[2][row] = b.low() * m;
      session[3][row] = b.close() * m;
      session[4][row] = b.volume() / m;
      session[5][row] = b.vwap() * m;
    }
    return new SessionSeries(
        session[0], session[1], session[2], session[3], session[4], session[5], n);
  }

  private BarSeries barSeries(List<RawBar> bars, int t, int firstBar) {
    int n = t - firstBar + 1;
    for (int j = 0; j < n; j++) {
      RawBar b = bars.get(firstBar + j);
      double m = multiplier[j];
      bar[0][j] = b.high() * m;
      bar[1][j] = b.low() * m;
      bar[2][j] = b.close() * m;
      bar[3][j] = b.volume() / m;
      bar[4][j] = b.close();
      bar[5][j] = b.volume();
    }
    return new BarSeries(bar[0], bar[1], bar[2], bar[3], bar[4], bar[5], n);
  }
}
