package io.pitlake.features.library;

import io.pitlake.table.FeatureColumns;

/**
 * Qlib's Alpha158 at one row: the expressions of {@code Alpha158DL.get_feature_config} (FEATURES.md
 * §1) over a {@link SessionSeries}, in {@link FeatureColumns#ALPHA158}'s order. Each family is one
 * case of {@link #rolling}, named as its column is, so a formula sits next to its name.
 */
final class Alpha158 {

  /** Qlib's guard against a zero denominator. */
  private static final double EPS = 1e-12;

  private final SessionSeries s;
  private final int t;
  private final double close;
  private final double volume;

  /** Series of Alpha158's expressions, row by row, each NaN where an input is. */
  private final double[] logVolume1;

  private final double[] closeRatio;
  private final double[] logVolumeRatio;
  private final double[] up;
  private final double[] down;
  private final double[] gain;
  private final double[] loss;
  private final double[] move;
  private final double[] volumeUp;
  private final double[] volumeDown;
  private final double[] volumeMove;
  private final double[] weightedMove;

  private Alpha158(SessionSeries s) {
    this.s = s;
    this.t = s.last();
    this.close = s.close()[t];
    this.volume = s.volume()[t];
    int n = s.size();
    logVolume1 = new double[n];
    closeRatio = new double[n];
    logVolumeRatio = new double[n];
    up = new double[n];
    down = new double[n];
    gain = new double[n];
    loss = new double[n];
    move = new double[n];
    volumeUp = new double[n];
    volumeDown = new double[n];
    volumeMove = new double[n];
    weightedMove = new double[n];
    double[] c = s.close();
    double[] v = s.volume();
    for (int i = 0; i < n; i++) {
      double c1 = i == 0 ? Double.NaN : c[i - 1];
      double v1 = i == 0 ? Double.NaN : v[i - 1];
      logVolume1[i] = Math.log(v[i] + 1);
      closeRatio[i] = c[i] / c1;
      logVolumeRatio[i] = Math.log(v[i] / v1 + 1);
      up[i] = c[i] > c1 ? 1 : 0;
      down[i] = c[i] < c1 ? 1 : 0;
      gain[i] = Math.max(c[i] - c1, 0);
      loss[i] = Math.max(c1 - c[i], 0);
      move[i] = Math.abs(c[i] - c1);
      volumeUp[i] = Math.max(v[i] - v1, 0);
      volumeDown[i] = Math.max(v1 - v[i], 0);
      volumeMove[i] = Math.abs(v[i] - v1);
      weightedMove[i] = Math.abs(c[i] / c1 - 1) * v[i];
    }
  }

  /** Writes the 158 values into {@code out[0..157]}, NaN where Qlib gives NaN. */
  static void compute(SessionSeries series, double[] out) {
    Alpha158 a = new Alpha158(series);
    int k = 0;
    for (double value : a.kbar()) {
      out[k++] = value;
    }
    for (double value : a.price()) {
      out[k++] = value;
    }
    int families = FeatureColumns.ROLLING_FAMILIES.size();
    for (int w = 0; w < FeatureColumns.WINDOWS.size(); w++) {
      Window window = a.new Window(FeatureColumns.WINDOWS.get(w));
      for (int f = 0; f < families; f++) {
        out[k + f * FeatureColumns.WINDOWS.size() + w] =
            a.rolling(FeatureColumns.ROLLING_FAMILIES.get(f), window);
      }
    }
  }

  /**
   * One window's statistics that several families share (the fit feeds beta, rsqr and resi; the
   * extremes max, min, rsv, imax, imin and imxd), computed once: a row is computed per knowledge
   * instant, so its cost is the table's build time.
   */
  private final class Window {
    final int d;
    final int from;
    final QlibRolling.Fit fit;
    final double closeStd;
    final double maxHigh;
    final double minLow;
    final double idxMaxHigh;
    final double idxMinLow;

    Window(int d) {
      this.d = d;
      this.from = Math.max(0, t - d + 1);
      this.fit = QlibRolling.fit(s.close(), from, t);
      this.closeStd = QlibRolling.std(s.close(), from, t);
      this.maxHigh = QlibRolling.max(s.high(), from, t);
      this.minLow = QlibRolling.min(s.low(), from, t);
      this.idxMaxHigh = QlibRolling.idxMax(s.high(), from, t);
      this.idxMinLow = QlibRolling.idxMin(s.low(), from, t);
    }
  }

  private double[] kbar() {
    double o = s.open()[t];
    double h = s.high()[t];
    double l = s.low()[t];
    double c = close;
    double range = h - l + EPS;
    return new double[] {
      (c - o) / o,
      (h - l) / o,
      (c - o) / range,
      (h - Math.max(o, c)) / o,
      (h - Math.max(o, c)) / range,
      (Math.min(o, c) - l) / o,
      (Math.min(o, c) - l) / range,
      (2 * c - h - l) / o,
      (2 * c - h - l) / range
    };
  }

  private double[] price() {
    return new double[] {
      s.open()[t] / close, s.high()[t] / close, s.low()[t] / close, s.vwap()[t] / close
    };
  }

  private double rolling(String family, Window w) {
    int d = w.d;
    int from = w.from;
    double[] c = s.close();
    return switch (family) {
      case "roc" -> t - d < 0 ? Double.NaN : c[t - d] / close;
      case "ma" -> QlibRolling.mean(c, from, t) / close;
      case "std" -> w.closeStd / close;
      case "beta" -> w.fit.slope() / close;
      case "rsqr" -> QlibRolling.flat(w.closeStd) ? Double.NaN : w.fit.rsquare();
      case "resi" -> w.fit.residual() / close;
      case "max" -> w.maxHigh / close;
      case "min" -> w.minLow / close;
      case "qtlu" -> QlibRolling.quantile(c, from, t, 0.8) / close;
      case "qtld" -> QlibRolling.quantile(c, from, t, 0.2) / close;
      case "rank" -> QlibRolling.rank(c, from, t);
      case "rsv" -> (close - w.minLow) / (w.maxHigh - w.minLow + EPS);
      case "imax" -> w.idxMaxHigh / d;
      case "imin" -> w.idxMinLow / d;
      case "imxd" -> (w.idxMaxHigh - w.idxMinLow) / d;
      case "corr" -> QlibRolling.corr(c, logVolume1, from, t);
      case "cord" -> QlibRolling.corr(closeRatio, logVolumeRatio, from, t);
      case "cntp" -> QlibRolling.mean(up, from, t);
      case "cntn" -> QlibRolling.mean(down, from, t);
      case "cntd" -> QlibRolling.mean(up, from, t) - QlibRolling.mean(down, from, t);
      case "sump" -> share(gain, move, from);
      case "sumn" -> share(loss, move, from);
      case "sumd" -> balance(gain, loss, move, from);
      case "vma" -> QlibRolling.mean(s.volume(), from, t) / (volume + EPS);
      case "vstd" -> QlibRolling.std(s.volume(), from, t) / (volume + EPS);
      case "wvma" ->
          QlibRolling.std(weightedMove, from, t) / (QlibRolling.mean(weightedMove, from, t) + EPS);
      case "vsump" -> share(volumeUp, volumeMove, from);
      case "vsumn" -> share(volumeDown, volumeMove, from);
      case "vsumd" -> balance(volumeUp, volumeDown, volumeMove, from);
      default -> throw new IllegalStateException("no formula for Alpha158 family " + family);
    };
  }

  /** {@code Sum(part, d) / (Sum(whole, d) + 1e-12)}. */
  private double share(double[] part, double[] whole, int from) {
    return QlibRolling.sum(part, from, t) / (QlibRolling.sum(whole, from, t) + EPS);
  }

  /** {@code (Sum(plus, d) - Sum(minus, d)) / (Sum(whole, d) + 1e-12)}. */
  private double balance(double[] plus, double[] minus, double[] whole, int from) {
    return (QlibRolling.sum(plus, from, t) - QlibRolling.sum(minus, from, t))
        / (QlibRolling.sum(whole, from, t) + EPS);
  }
}
