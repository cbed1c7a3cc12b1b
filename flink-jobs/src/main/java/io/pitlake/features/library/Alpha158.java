package io.pitlake.features.library;

import io.pitlake.table.FeatureColumns;
import java.util.Locale;

/**
 * Qlib's Alpha158 at one row: the expressions of {@code Alpha158DL.get_feature_config} (FEATURES.md
 * §1) over a {@link SessionSeries}, in {@link FeatureColumns#ALPHA158}'s order. Each family is one
 * case of {@link #rolling}, named as its column is (upper-cased), so a formula sits next to its
 * name.
 */
final class Alpha158 {

  /** Qlib's guard against a zero denominator. */
  private static final double EPS = 1e-12;

  /**
   * The rolling families, as {@link FeatureColumns#ROLLING_FAMILIES} names them upper-cased: a
   * switch on a constant costs a jump where one on the name hashed and compared a string 145 times
   * a row. A family without a constant here fails the class's initialisation.
   */
  private enum Family {
    ROC,
    MA,
    STD,
    BETA,
    RSQR,
    RESI,
    MAX,
    MIN,
    QTLU,
    QTLD,
    RANK,
    RSV,
    IMAX,
    IMIN,
    IMXD,
    CORR,
    CORD,
    CNTP,
    CNTN,
    CNTD,
    SUMP,
    SUMN,
    SUMD,
    VMA,
    VSTD,
    WVMA,
    VSUMP,
    VSUMN,
    VSUMD
  }

  /** {@link FeatureColumns#ROLLING_FAMILIES}, in its order. */
  private static final Family[] FAMILIES =
      FeatureColumns.ROLLING_FAMILIES.stream()
          .map(name -> Family.valueOf(name.toUpperCase(Locale.ROOT)))
          .toArray(Family[]::new);

  /** {@link FeatureColumns#WINDOWS}, in its order. */
  private static final int[] WINDOWS =
      FeatureColumns.WINDOWS.stream().mapToInt(Integer::intValue).toArray();

  private SessionSeries s;
  private int t;
  private double close;
  private double volume;

  /**
   * Series of Alpha158's expressions, row by row, each NaN where an input is: filled anew for each
   * row over {@link SessionSeries#ROWS} rows, allocated once per instance.
   */
  private final double[] logVolume1 = new double[SessionSeries.ROWS];

  private final double[] closeRatio = new double[SessionSeries.ROWS];
  private final double[] logVolumeRatio = new double[SessionSeries.ROWS];
  private final double[] up = new double[SessionSeries.ROWS];
  private final double[] down = new double[SessionSeries.ROWS];
  private final double[] gain = new double[SessionSeries.ROWS];
  private final double[] loss = new double[SessionSeries.ROWS];
  private final double[] move = new double[SessionSeries.ROWS];
  private final double[] volumeUp = new double[SessionSeries.ROWS];
  private final double[] volumeDown = new double[SessionSeries.ROWS];
  private final double[] volumeMove = new double[SessionSeries.ROWS];
  private final double[] weightedMove = new double[SessionSeries.ROWS];

  /** A window's non-NaN closes, sorted, for both quantiles. */
  private final double[] sortedClose = new double[SessionSeries.ROWS];

  /**
   * Writes the 158 values of the row that ends {@code series} into {@code out[0..157]}, NaN where
   * Qlib gives NaN. Not thread-safe: an instance is one walk's scratch space.
   */
  void compute(SessionSeries series, double[] out) {
    s = series;
    t = series.last();
    close = series.close()[t];
    volume = series.volume()[t];
    double[] c = series.close();
    double[] v = series.volume();
    for (int i = 0; i < series.size(); i++) {
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
    int k = 0;
    for (double value : kbar()) {
      out[k++] = value;
    }
    for (double value : price()) {
      out[k++] = value;
    }
    for (int w = 0; w < WINDOWS.length; w++) {
      Window window = new Window(WINDOWS[w]);
      for (int f = 0; f < FAMILIES.length; f++) {
        out[k + f * WINDOWS.length + w] = rolling(FAMILIES[f], window);
      }
    }
  }

  /**
   * One window's operator values, each computed once though several families read it (the fit feeds
   * beta, rsqr and resi; the extremes max, min, rsv, imax, imin and imxd; the close's mean and
   * deviation ma, std, rsqr and corr; the sums of the moves sump to vsumd): a row is computed per
   * knowledge instant, so its cost is the table's build time. Each is the same {@link QlibRolling}
   * call a family would make, so sharing it changes no bit.
   */
  private final class Window {
    final int d;
    final int from;
    final QlibRolling.Fit fit;
    final double closeMean;
    final double closeStd;
    final double maxHigh;
    final double minLow;
    final double idxMaxHigh;
    final double idxMinLow;
    final int closes;
    final double upMean;
    final double downMean;
    final double gainSum;
    final double lossSum;
    final double moveSum;
    final double volumeMean;
    final double weightedMean;
    final double volumeUpSum;
    final double volumeDownSum;
    final double volumeMoveSum;

    Window(int d) {
      this.d = d;
      this.from = Math.max(0, t - d + 1);
      this.fit = QlibRolling.fit(s.close(), from, t);
      this.closeMean = QlibRolling.mean(s.close(), from, t);
      this.closeStd = QlibRolling.std(s.close(), from, t, closeMean);
      this.maxHigh = QlibRolling.max(s.high(), from, t);
      this.minLow = QlibRolling.min(s.low(), from, t);
      this.idxMaxHigh = QlibRolling.idxMax(s.high(), from, t);
      this.idxMinLow = QlibRolling.idxMin(s.low(), from, t);
      this.closes = QlibRolling.sortNonNaN(s.close(), from, t, sortedClose);
      this.upMean = QlibRolling.mean(up, from, t);
      this.downMean = QlibRolling.mean(down, from, t);
      this.gainSum = QlibRolling.sum(gain, from, t);
      this.lossSum = QlibRolling.sum(loss, from, t);
      this.moveSum = QlibRolling.sum(move, from, t);
      this.volumeMean = QlibRolling.mean(s.volume(), from, t);
      this.weightedMean = QlibRolling.mean(weightedMove, from, t);
      this.volumeUpSum = QlibRolling.sum(volumeUp, from, t);
      this.volumeDownSum = QlibRolling.sum(volumeDown, from, t);
      this.volumeMoveSum = QlibRolling.sum(volumeMove, from, t);
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

  private double rolling(Family family, Window w) {
    int d = w.d;
    int from = w.from;
    double[] c = s.close();
    return switch (family) {
      case ROC -> t - d < 0 ? Double.NaN : c[t - d] / close;
      case MA -> w.closeMean / close;
      case STD -> w.closeStd / close;
      case BETA -> w.fit.slope() / close;
      case RSQR -> QlibRolling.flat(w.closeStd) ? Double.NaN : w.fit.rsquare();
      case RESI -> w.fit.residual() / close;
      case MAX -> w.maxHigh / close;
      case MIN -> w.minLow / close;
      case QTLU -> QlibRolling.quantile(sortedClose, w.closes, 0.8) / close;
      case QTLD -> QlibRolling.quantile(sortedClose, w.closes, 0.2) / close;
      case RANK -> QlibRolling.rank(c, from, t);
      case RSV -> (close - w.minLow) / (w.maxHigh - w.minLow + EPS);
      case IMAX -> w.idxMaxHigh / d;
      case IMIN -> w.idxMinLow / d;
      case IMXD -> (w.idxMaxHigh - w.idxMinLow) / d;
      case CORR ->
          QlibRolling.corr(
              c, logVolume1, from, t, w.closeStd, QlibRolling.std(logVolume1, from, t));
      case CORD ->
          QlibRolling.corr(
              closeRatio,
              logVolumeRatio,
              from,
              t,
              QlibRolling.std(closeRatio, from, t),
              QlibRolling.std(logVolumeRatio, from, t));
      case CNTP -> w.upMean;
      case CNTN -> w.downMean;
      case CNTD -> w.upMean - w.downMean;
      case SUMP -> w.gainSum / (w.moveSum + EPS);
      case SUMN -> w.lossSum / (w.moveSum + EPS);
      case SUMD -> (w.gainSum - w.lossSum) / (w.moveSum + EPS);
      case VMA -> w.volumeMean / (volume + EPS);
      case VSTD -> QlibRolling.std(s.volume(), from, t, w.volumeMean) / (volume + EPS);
      case WVMA -> QlibRolling.std(weightedMove, from, t, w.weightedMean) / (w.weightedMean + EPS);
      case VSUMP -> w.volumeUpSum / (w.volumeMoveSum + EPS);
      case VSUMN -> w.volumeDownSum / (w.volumeMoveSum + EPS);
      case VSUMD -> (w.volumeUpSum - w.volumeDownSum) / (w.volumeMoveSum + EPS);
    };
  }
}
