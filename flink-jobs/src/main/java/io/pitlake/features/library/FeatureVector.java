package io.pitlake.features.library;

import static org.apache.flink.util.Preconditions.checkArgument;

import io.pitlake.table.FeatureColumns;
import java.util.Arrays;
import java.util.List;

/**
 * Every feature column of one row (symbol, session t, instant T) from the symbol's bars and ex-date
 * factors as known at T: the window is put in session t's raw basis (FEATURES.md §0: a price of
 * session s times the factors with ex date in (s, t], a volume divided by them), then {@link
 * Alpha158} reads it as sessions and {@link TechnicalSet} as bars.
 */
public final class FeatureVector {

  private FeatureVector() {}

  /**
   * The values of {@link FeatureColumns#ALL} for the row of {@code bars.get(t)}, NaN for NULL.
   *
   * @param bars the symbol's bars known at T in session order, one per session; the first is its
   *     first session
   * @param t the position of the row's session in {@code bars}
   * @param factors the ex dates' factors known at T, in any order
   */
  public static double[] compute(List<RawBar> bars, int t, List<ExFactor> factors) {
    checkArgument(
        t >= 0 && t < bars.size(),
        "row position %s is outside the %s bars given: pass the position of the row's session",
        t,
        bars.size());
    RawBar row = bars.get(t);
    int firstBar = Math.max(0, t - BarSeries.BARS + 1);
    double[] multiplier = new double[t - firstBar + 1];
    for (int i = firstBar; i <= t; i++) {
      multiplier[i - firstBar] = multiplier(bars.get(i), row, factors);
    }
    double[] out = new double[FeatureColumns.ALL.size()];
    Alpha158.compute(sessions(bars, t, firstBar, multiplier), out);
    TechnicalSet.compute(
        barSeries(bars, t, firstBar, multiplier), out, FeatureColumns.ALPHA158.size());
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

  private static SessionSeries sessions(
      List<RawBar> bars, int t, int firstBar, double[] multiplier) {
    int last = bars.get(t).sessionIndex();
    int first = Math.max(bars.get(0).sessionIndex(), last - SessionSeries.ROWS + 1);
    int n = last - first + 1;
    double[] open = nans(n);
    double[] high = nans(n);
    double[] low = nans(n);
    double[] close = nans(n);
    double[] volume = nans(n);
    double[] vwap = nans(n);
    for (int i = t; i >= firstBar && bars.get(i).sessionIndex() >= first; i--) {
      RawBar b = bars.get(i);
      double m = multiplier[i - firstBar];
      int row = b.sessionIndex() - first;
      open[row] = b.open() * m;
      high[row] = b.high() * m;
      low[row] = b.low() * m;
      close[row] = b.close() * m;
      volume[row] = b.volume() / m;
      vwap[row] = b.vwap() * m;
    }
    return new SessionSeries(open, high, low, close, volume, vwap);
  }

  private static BarSeries barSeries(List<RawBar> bars, int t, int firstBar, double[] multiplier) {
    int n = t - firstBar + 1;
    double[] high = new double[n];
    double[] low = new double[n];
    double[] close = new double[n];
    double[] volume = new double[n];
    double[] rawClose = new double[n];
    double[] rawVolume = new double[n];
    for (int j = 0; j < n; j++) {
      RawBar b = bars.get(firstBar + j);
      double m = multiplier[j];
      high[j] = b.high() * m;
      low[j] = b.low() * m;
      close[j] = b.close() * m;
      volume[j] = b.volume() / m;
      rawClose[j] = b.close();
      rawVolume[j] = b.volume();
    }
    return new BarSeries(high, low, close, volume, rawClose, rawVolume);
  }

  private static double[] nans(int n) {
    double[] x = new double[n];
    Arrays.fill(x, Double.NaN);
    return x;
  }
}
