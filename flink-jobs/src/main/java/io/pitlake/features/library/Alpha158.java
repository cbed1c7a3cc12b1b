package io.pitlake.features.library;

import io.pitlake.table.FeatureColumns;
import java.util.Locale;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Qlib's Alpha158 at one row: the expressions of {@code Alpha158DL.get_feature_config} (FEATURES.md
 * §1) over a {@link SessionSeries}, in {@link FeatureColumns#ALPHA158}'s order. Each family is one
 * case of {@link #rolling}, named as its column is (upper-cased), so a formula sits next to its
 * name. An instance computes the groups it is made with: all of them for a table's row, one for
 * {@code bench/feature-families.sh}'s cost of a family.
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

  private final boolean kbar;
  private final boolean price;

  /** The positions in {@link #FAMILIES} of the rolling families computed, in its order. */
  private final int[] families;

  private final Window window = new Window();

  /**
   * @param families the groups to compute: {@code kbar}, {@code price} and names of {@link
   *     FeatureColumns#ROLLING_FAMILIES}; others are ignored
   */
  Alpha158(Set<String> families) {
    this.kbar = families.contains("kbar");
    this.price = families.contains("price");
    this.families =
        IntStream.range(0, FAMILIES.length)
            .filter(f -> families.contains(FeatureColumns.ROLLING_FAMILIES.get(f)))
            .toArray();
  }

  /**
   * Writes the values of the row that ends {@code series} into {@code out[0..157]}, NaN where Qlib
   * gives NaN, leaving the columns of the groups not computed as they are. Not thread-safe: an
   * instance is one walk's scratch space.
   */
  void compute(SessionSeries series, double[] out) {
    s = series;
    t = series.last();
    close = series.close()[t];
    volume = series.volume()[t];
    double[] c = series.close();
    double[] v = series.volume();
    for (int i = 0; families.length > 0 && i < series.size(); i++) {
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
    if (kbar) {
      for (double value : kbar()) {
        out[k++] = value;
      }
    }
    k = FeatureColumns.KBAR.size();
    if (price) {
      for (double value : price()) {
        out[k++] = value;
      }
    }
    k = FeatureColumns.KBAR.size() + FeatureColumns.PRICE.size();
    for (int w = 0; w < WINDOWS.length; w++) {
      window.reset(WINDOWS[w]);
      for (int f : families) {
        out[k + f * WINDOWS.length + w] = rolling(FAMILIES[f], window);
      }
    }
  }

  /**
   * One window's operator values, each computed on its first read and kept for the window's other
   * families (the fit feeds beta, rsqr and resi; the extremes max, min, rsv, imax, imin and imxd;
   * the close's mean and deviation ma, std, rsqr and corr; the sums of the moves sump to vsumd): a
   * row is computed per knowledge instant, so its cost is the table's build time, and a row of a
   * few families ({@link FeatureVector#FeatureVector(java.util.Collection)}) pays only for what
   * they read. Each is the same {@link QlibRolling} call a family would make, so sharing it changes
   * no bit. One instance per {@link Alpha158}, {@link #reset} for each window.
   */
  private final class Window {
    int d;
    int from;
    private QlibRolling.Fit fit;
    private int known;
    private final double[] value = new double[Operator.values().length];

    void reset(int d) {
      this.d = d;
      this.from = Math.max(0, t - d + 1);
      this.fit = null;
      this.known = 0;
    }

    QlibRolling.Fit fit() {
      if (fit == null) {
        fit = QlibRolling.fit(s.close(), from, t);
      }
      return fit;
    }

    double get(Operator op) {
      int bit = 1 << op.ordinal();
      if ((known & bit) == 0) {
        value[op.ordinal()] = compute(op);
        known |= bit;
      }
      return value[op.ordinal()];
    }

    private double compute(Operator op) {
      return switch (op) {
        case CLOSE_MEAN -> QlibRolling.mean(s.close(), from, t);
        case CLOSE_STD -> QlibRolling.std(s.close(), from, t, get(Operator.CLOSE_MEAN));
        case MAX_HIGH -> QlibRolling.max(s.high(), from, t);
        case MIN_LOW -> QlibRolling.min(s.low(), from, t);
        case IDX_MAX_HIGH -> QlibRolling.idxMax(s.high(), from, t);
        case IDX_MIN_LOW -> QlibRolling.idxMin(s.low(), from, t);
        case SORTED_CLOSES -> QlibRolling.sortNonNaN(s.close(), from, t, sortedClose);
        case UP_MEAN -> QlibRolling.mean(up, from, t);
        case DOWN_MEAN -> QlibRolling.mean(down, from, t);
        case GAIN_SUM -> QlibRolling.sum(gain, from, t);
        case LOSS_SUM -> QlibRolling.sum(loss, from, t);
        case MOVE_SUM -> QlibRolling.sum(move, from, t);
        case VOLUME_MEAN -> QlibRolling.mean(s.volume(), from, t);
        case WEIGHTED_MEAN -> QlibRolling.mean(weightedMove, from, t);
        case VOLUME_UP_SUM -> QlibRolling.sum(volumeUp, from, t);
        case VOLUME_DOWN_SUM -> QlibRolling.sum(volumeDown, from, t);
        case VOLUME_MOVE_SUM -> QlibRolling.sum(volumeMove, from, t);
      };
    }
  }

  /** The operators of a {@link Window} that more than one family reads. */
  private enum Operator {
    CLOSE_MEAN,
    CLOSE_STD,
    MAX_HIGH,
    MIN_LOW,
    IDX_MAX_HIGH,
    IDX_MIN_LOW,
    /** The count of the window's non-NaN closes, sorted into {@link #sortedClose}. */
    SORTED_CLOSES,
    UP_MEAN,
    DOWN_MEAN,
    GAIN_SUM,
    LOSS_SUM,
    MOVE_SUM,
    VOLUME_MEAN,
    WEIGHTED_MEAN,
    VOLUME_UP_SUM,
    VOLUME_DOWN_SUM,
    VOLUME_MOVE_SUM
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
      case MA -> w.get(Operator.CLOSE_MEAN) / close;
      case STD -> w.get(Operator.CLOSE_STD) / close;
      case BETA -> w.fit().slope() / close;
      case RSQR -> QlibRolling.flat(w.get(Operator.CLOSE_STD)) ? Double.NaN : w.fit().rsquare();
      case RESI -> w.fit().residual() / close;
      case MAX -> w.get(Operator.MAX_HIGH) / close;
      case MIN -> w.get(Operator.MIN_LOW) / close;
      case QTLU ->
          QlibRolling.quantile(sortedClose, (int) w.get(Operator.SORTED_CLOSES), 0.8) / close;
      case QTLD ->
          QlibRolling.quantile(sortedClose, (int) w.get(Operator.SORTED_CLOSES), 0.2) / close;
      case RANK -> QlibRolling.rank(c, from, t);
      case RSV -> {
        double min = w.get(Operator.MIN_LOW);
        yield (close - min) / (w.get(Operator.MAX_HIGH) - min + EPS);
      }
      case IMAX -> w.get(Operator.IDX_MAX_HIGH) / d;
      case IMIN -> w.get(Operator.IDX_MIN_LOW) / d;
      case IMXD -> (w.get(Operator.IDX_MAX_HIGH) - w.get(Operator.IDX_MIN_LOW)) / d;
      case CORR ->
          QlibRolling.corr(
              c,
              logVolume1,
              from,
              t,
              w.get(Operator.CLOSE_STD),
              QlibRolling.std(logVolume1, from, t));
      case CORD ->
          QlibRolling.corr(
              closeRatio,
              logVolumeRatio,
              from,
              t,
              QlibRolling.std(closeRatio, from, t),
              QlibRolling.std(logVolumeRatio, from, t));
      case CNTP -> w.get(Operator.UP_MEAN);
      case CNTN -> w.get(Operator.DOWN_MEAN);
      case CNTD -> w.get(Operator.UP_MEAN) - w.get(Operator.DOWN_MEAN);
      case SUMP -> w.get(Operator.GAIN_SUM) / (w.get(Operator.MOVE_SUM) + EPS);
      case SUMN -> w.get(Operator.LOSS_SUM) / (w.get(Operator.MOVE_SUM) + EPS);
      case SUMD ->
          (w.get(Operator.GAIN_SUM) - w.get(Operator.LOSS_SUM)) / (w.get(Operator.MOVE_SUM) + EPS);
      case VMA -> w.get(Operator.VOLUME_MEAN) / (volume + EPS);
      case VSTD ->
          QlibRolling.std(s.volume(), from, t, w.get(Operator.VOLUME_MEAN)) / (volume + EPS);
      case WVMA -> {
        double mean = w.get(Operator.WEIGHTED_MEAN);
        yield QlibRolling.std(weightedMove, from, t, mean) / (mean + EPS);
      }
      case VSUMP -> w.get(Operator.VOLUME_UP_SUM) / (w.get(Operator.VOLUME_MOVE_SUM) + EPS);
      case VSUMN -> w.get(Operator.VOLUME_DOWN_SUM) / (w.get(Operator.VOLUME_MOVE_SUM) + EPS);
      case VSUMD ->
          (w.get(Operator.VOLUME_UP_SUM) - w.get(Operator.VOLUME_DOWN_SUM))
              / (w.get(Operator.VOLUME_MOVE_SUM) + EPS);
    };
  }
}
