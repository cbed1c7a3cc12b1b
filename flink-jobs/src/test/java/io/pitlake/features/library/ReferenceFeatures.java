package io.pitlake.features.library;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * An independent reference of FEATURES.md §0–§2, written from the document and not from the
 * production classes: the first pass puts a symbol's whole history up to a session in that
 * session's basis, the second evaluates each Qlib expression as pandas does, over whole series
 * (shift, element-wise operators, {@code rolling(d, min_periods=1)} over window arrays padded as
 * they are stored), and each TA-Lib function over the whole of its input array, as the C library
 * emits it, keeping the last element. Sums are taken about the mean (two passes) so the reference
 * is exact to a few ulps.
 */
public final class ReferenceFeatures {

  /** A bar of the reference's own input. */
  public record Bar(
      int index,
      LocalDate date,
      double open,
      double high,
      double low,
      double close,
      double volume,
      double vwap) {}

  /** An ex date's factor. */
  public record Action(LocalDate exDate, double factor) {}

  private static final double EPS = 1e-12;

  private ReferenceFeatures() {}

  /** Every column of the row of {@code bars.get(t)}, NaN for NULL, by column name. */
  public static Map<String, Double> row(List<Bar> bars, int t, List<Action> actions) {
    Bar today = bars.get(t);
    // Pass 1: the history up to t in t's basis.
    double[] m = new double[t + 1];
    for (int i = 0; i <= t; i++) {
      m[i] = 1;
      for (Action a : actions) {
        if (a.exDate().isAfter(bars.get(i).date()) && !a.exDate().isAfter(today.date())) {
          m[i] *= a.factor();
        }
      }
    }
    Map<String, Double> out = new HashMap<>();
    alpha158(bars, t, m, out);
    technical(bars, t, m, out);
    return out;
  }

  // ---- §1 -------------------------------------------------------------------------------------

  private static void alpha158(List<Bar> bars, int t, double[] m, Map<String, Double> out) {
    int first = bars.get(0).index();
    int n = bars.get(t).index() - first + 1;
    double[] o = nan(n);
    double[] h = nan(n);
    double[] l = nan(n);
    double[] c = nan(n);
    double[] v = nan(n);
    double[] vw = nan(n);
    for (int i = 0; i <= t; i++) {
      Bar b = bars.get(i);
      int k = b.index() - first;
      o[k] = b.open() * m[i];
      h[k] = b.high() * m[i];
      l[k] = b.low() * m[i];
      c[k] = b.close() * m[i];
      v[k] = b.volume() / m[i];
      vw[k] = b.vwap() * m[i];
    }
    int z = n - 1;
    double oz = o[z];
    double hz = h[z];
    double lz = l[z];
    double cz = c[z];
    out.put("kmid", (cz - oz) / oz);
    out.put("klen", (hz - lz) / oz);
    out.put("kmid2", (cz - oz) / (hz - lz + EPS));
    out.put("kup", (hz - Math.max(oz, cz)) / oz);
    out.put("kup2", (hz - Math.max(oz, cz)) / (hz - lz + EPS));
    out.put("klow", (Math.min(oz, cz) - lz) / oz);
    out.put("klow2", (Math.min(oz, cz) - lz) / (hz - lz + EPS));
    out.put("ksft", (2 * cz - hz - lz) / oz);
    out.put("ksft2", (2 * cz - hz - lz) / (hz - lz + EPS));
    out.put("open0", oz / cz);
    out.put("high0", hz / cz);
    out.put("low0", lz / cz);
    out.put("vwap0", vw[z] / cz);

    double[] c1 = ref(c, 1);
    double[] v1 = ref(v, 1);
    double[] dc = minus(c, c1);
    double[] dv = minus(v, v1);
    double[] logV = map(v, x -> Math.log(x + 1));
    double[] ratio = divide(c, c1);
    double[] logVr = map(divide(v, v1), x -> Math.log(x + 1));
    double[] wv = times(map(ratio, x -> Math.abs(x - 1)), v);
    double[] up = gt(c, c1);
    double[] down = gt(c1, c);
    for (int d : new int[] {5, 10, 20, 30, 60}) {
      out.put("roc" + d, ref(c, d)[z] / cz);
      out.put("ma" + d, window(c, d, ReferenceFeatures::mean) / cz);
      double std = window(c, d, ReferenceFeatures::std);
      out.put("std" + d, std / cz);
      double[] fit = fit(c, d);
      out.put("beta" + d, fit[0] / cz);
      out.put("rsqr" + d, std <= 2e-5 ? Double.NaN : fit[2]);
      out.put("resi" + d, fit[1] / cz);
      double max = window(h, d, ReferenceFeatures::max);
      double min = window(l, d, ReferenceFeatures::min);
      out.put("max" + d, max / cz);
      out.put("min" + d, min / cz);
      out.put("qtlu" + d, window(c, d, w -> quantile(w, 0.8)) / cz);
      out.put("qtld" + d, window(c, d, w -> quantile(w, 0.2)) / cz);
      out.put("rank" + d, window(c, d, ReferenceFeatures::pctRank));
      out.put("rsv" + d, (cz - min) / (max - min + EPS));
      double imax = window(h, d, w -> argmax(w, 1));
      double imin = window(l, d, w -> argmax(w, -1));
      out.put("imax" + d, imax / d);
      out.put("imin" + d, imin / d);
      out.put("imxd" + d, (imax - imin) / d);
      out.put("corr" + d, corr(c, logV, d));
      out.put("cord" + d, corr(ratio, logVr, d));
      double cntp = window(up, d, ReferenceFeatures::mean);
      double cntn = window(down, d, ReferenceFeatures::mean);
      out.put("cntp" + d, cntp);
      out.put("cntn" + d, cntn);
      out.put("cntd" + d, cntp - cntn);
      sums(out, "", dc, d);
      out.put("vma" + d, window(v, d, ReferenceFeatures::mean) / (v[z] + EPS));
      out.put("vstd" + d, window(v, d, ReferenceFeatures::std) / (v[z] + EPS));
      out.put(
          "wvma" + d,
          window(wv, d, ReferenceFeatures::std) / (window(wv, d, ReferenceFeatures::mean) + EPS));
      sums(out, "v", dv, d);
    }
  }

  /** sump/sumn/sumd (or vsump/...) of the differences {@code diff}. */
  private static void sums(Map<String, Double> out, String prefix, double[] diff, int d) {
    double pos = window(map(diff, x -> Math.max(x, 0)), d, ReferenceFeatures::sum);
    double neg = window(map(diff, x -> Math.max(-x, 0)), d, ReferenceFeatures::sum);
    double abs = window(map(diff, Math::abs), d, ReferenceFeatures::sum);
    out.put(prefix + "sump" + d, pos / (abs + EPS));
    out.put(prefix + "sumn" + d, neg / (abs + EPS));
    out.put(prefix + "sumd" + d, (pos - neg) / (abs + EPS));
  }

  private static double[] nan(int n) {
    double[] x = new double[n];
    Arrays.fill(x, Double.NaN);
    return x;
  }

  private static double[] ref(double[] x, int d) {
    double[] y = nan(x.length);
    for (int i = d; i < x.length; i++) {
      y[i] = x[i - d];
    }
    return y;
  }

  private static double[] map(double[] x, java.util.function.DoubleUnaryOperator f) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = Double.isNaN(x[i]) ? Double.NaN : f.applyAsDouble(x[i]);
    }
    return y;
  }

  private static double[] minus(double[] a, double[] b) {
    double[] y = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      y[i] = a[i] - b[i];
    }
    return y;
  }

  private static double[] divide(double[] a, double[] b) {
    double[] y = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      y[i] = a[i] / b[i];
    }
    return y;
  }

  private static double[] times(double[] a, double[] b) {
    double[] y = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      y[i] = a[i] * b[i];
    }
    return y;
  }

  /** {@code a > b} as 1/0; a comparison with NaN is false. */
  private static double[] gt(double[] a, double[] b) {
    double[] y = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      y[i] = a[i] > b[i] ? 1 : 0;
    }
    return y;
  }

  /**
   * The last element of pandas' {@code rolling(d, min_periods=1).apply(f, raw=True)}: f of the
   * window as stored (shorter at the series' start), NaN where the window is all NaN.
   */
  private static double window(double[] x, int d, ToDoubleFunction<double[]> f) {
    double[] w = Arrays.copyOfRange(x, Math.max(0, x.length - d), x.length);
    return Arrays.stream(w).allMatch(Double::isNaN) ? Double.NaN : f.applyAsDouble(w);
  }

  private static double[] present(double[] w) {
    return Arrays.stream(w).filter(x -> !Double.isNaN(x)).toArray();
  }

  private static double sum(double[] w) {
    return Arrays.stream(present(w)).sum();
  }

  private static double mean(double[] w) {
    double[] p = present(w);
    double s = 0;
    for (double x : p) {
      s += x;
    }
    return s / p.length;
  }

  private static double std(double[] w) {
    double[] p = present(w);
    if (p.length < 2) {
      return Double.NaN;
    }
    double mu = mean(p);
    double s = 0;
    for (double x : p) {
      s += (x - mu) * (x - mu);
    }
    return Math.sqrt(s / (p.length - 1));
  }

  private static double max(double[] w) {
    return Arrays.stream(present(w)).max().orElseThrow();
  }

  private static double min(double[] w) {
    return Arrays.stream(present(w)).min().orElseThrow();
  }

  private static double quantile(double[] w, double q) {
    double[] p = present(w);
    Arrays.sort(p);
    double h = (p.length - 1) * q;
    int lo = (int) h;
    return lo + 1 < p.length ? p[lo] + (h - lo) * (p[lo + 1] - p[lo]) : p[lo];
  }

  /** Average rank of the last value among the window's values, over their count. */
  private static double pctRank(double[] w) {
    double last = w[w.length - 1];
    if (Double.isNaN(last)) {
      return Double.NaN;
    }
    double[] p = present(w);
    double rankSum = 0;
    int ties = 0;
    Arrays.sort(p);
    for (int i = 0; i < p.length; i++) {
      if (p[i] == last) {
        rankSum += i + 1;
        ties++;
      }
    }
    return rankSum / ties / p.length;
  }

  /** numpy's argmax (sign 1) or argmin (sign -1) + 1: NaN counts as the extreme, first wins. */
  private static double argmax(double[] w, int sign) {
    int best = 0;
    for (int i = 0; i < w.length; i++) {
      if (Double.isNaN(w[i])) {
        return i + 1;
      }
      if (sign * w[i] > sign * w[best]) {
        best = i;
      }
    }
    return best + 1;
  }

  /**
   * rolling.pyx's Slope, Resi, Rsquare at the last row: the window is {@code d} slots (slots before
   * the series are NaN), x = slot 1..d, NaN slots left out; NaN below two points.
   */
  private static double[] fit(double[] y, int d) {
    int z = y.length - 1;
    double[] xs = new double[d];
    double[] ys = new double[d];
    int n = 0;
    for (int slot = 1; slot <= d; slot++) {
      int i = z - d + slot;
      if (i >= 0 && !Double.isNaN(y[i])) {
        xs[n] = slot;
        ys[n] = y[i];
        n++;
      }
    }
    if (n < 2) {
      return new double[] {Double.NaN, Double.NaN, Double.NaN};
    }
    double[] x = Arrays.copyOf(xs, n);
    double[] v = Arrays.copyOf(ys, n);
    double[] c = centred(x, v);
    double slope = c[3] / c[2];
    double intercept = c[1] - slope * c[0];
    return new double[] {slope, y[z] - (slope * d + intercept), c[3] * c[3] / (c[2] * c[4])};
  }

  /**
   * Qlib's Corr at the last row: pandas' pairwise rolling correlation, NaN where either input's own
   * rolling std is within 2e-5 of 0, below two pairs, or with an infinite value among the pairs.
   */
  private static double corr(double[] a, double[] b, int d) {
    int z = a.length - 1;
    double sa = window(a, d, ReferenceFeatures::std);
    double sb = window(b, d, ReferenceFeatures::std);
    if (sa <= 2e-5 || sb <= 2e-5) {
      return Double.NaN;
    }
    int from = Math.max(0, z - d + 1);
    double[] xs = new double[z - from + 1];
    double[] ys = new double[z - from + 1];
    int n = 0;
    for (int i = from; i <= z; i++) {
      if (!Double.isNaN(a[i]) && !Double.isNaN(b[i])) {
        xs[n] = a[i];
        ys[n] = b[i];
        n++;
      }
    }
    double[] x = Arrays.copyOf(xs, n);
    double[] y = Arrays.copyOf(ys, n);
    if (n < 2
        || Arrays.stream(x).anyMatch(Double::isInfinite)
        || Arrays.stream(y).anyMatch(Double::isInfinite)) {
      return Double.NaN;
    }
    double[] m = centred(x, y);
    return m[3] / Math.sqrt(m[2] * m[4]);
  }

  /** {mean x, mean y, Σ(x-x̄)², Σ(x-x̄)(y-ȳ), Σ(y-ȳ)²} of paired values. */
  private static double[] centred(double[] x, double[] y) {
    double mx = mean(x);
    double my = mean(y);
    double[] m = {mx, my, 0, 0, 0};
    for (int i = 0; i < x.length; i++) {
      m[2] += (x[i] - mx) * (x[i] - mx);
      m[3] += (x[i] - mx) * (y[i] - my);
      m[4] += (y[i] - my) * (y[i] - my);
    }
    return m;
  }

  // ---- §2 -------------------------------------------------------------------------------------

  private static void technical(List<Bar> bars, int t, double[] m, Map<String, Double> out) {
    int k = t + 1;
    double[] c = new double[k];
    double[] h = new double[k];
    double[] l = new double[k];
    double[] v = new double[k];
    for (int i = 0; i < k; i++) {
      c[i] = bars.get(i).close() * m[i];
      h[i] = bars.get(i).high() * m[i];
      l[i] = bars.get(i).low() * m[i];
      v[i] = bars.get(i).volume() / m[i];
    }
    for (int d : new int[] {1, 5, 21, 63, 126, 252}) {
      out.put("ret_" + d + "d", k >= d + 1 ? c[t] / c[t - d] - 1 : Double.NaN);
    }
    for (int d : new int[] {5, 21, 63}) {
      double vol = Double.NaN;
      if (k >= d + 1) {
        double[] r = new double[d];
        for (int j = 0; j < d; j++) {
          r[j] = Math.log(c[t - j] / c[t - j - 1]);
        }
        vol = std(r);
      }
      out.put("vol_" + d + "d", vol);
    }
    int from = Math.max(0, k - 250);
    double[] c250 = Arrays.copyOfRange(c, from, k);
    double[] h250 = Arrays.copyOfRange(h, from, k);
    double[] l250 = Arrays.copyOfRange(l, from, k);
    out.put("rsi_14", last(taRsi(c250, 14)));
    double[][] macd = taMacd(c250);
    out.put("macd", last(macd[0]));
    out.put("macd_signal", last(macd[1]));
    out.put("macd_hist", last(macd[2]));
    double pctb = Double.NaN;
    if (k >= 20) {
      double[] w = Arrays.copyOfRange(c, k - 20, k);
      double mu = mean(w);
      double var = 0;
      for (double x : w) {
        var += (x - mu) * (x - mu);
      }
      var /= 20;
      if (var >= 1e-8) {
        double sd = Math.sqrt(var);
        pctb = (c[t] - (mu - 2 * sd)) / (4 * sd);
      }
    }
    out.put("bb_pctb_20", pctb);
    double atr = last(taAtr(h250, l250, c250, 14));
    out.put("atr_14", atr);
    out.put("natr_14", 100 * atr / c[t]);
    out.put("mom_12_1", k >= 253 ? c[t - 21] / c[t - 252] - 1 : Double.NaN);
    out.put("reversal_5d", -out.get("ret_5d"));
    double amihud = Double.NaN;
    if (k >= 22) {
      double s = 0;
      int used = 0;
      for (int i = t - 20; i <= t; i++) {
        Bar b = bars.get(i);
        if (b.volume() > 0) {
          s += Math.abs(c[i] / c[i - 1] - 1) / (b.close() * b.volume()) * 1e6;
          used++;
        }
      }
      amihud = used > 0 ? s / used : Double.NaN;
    }
    out.put("amihud_21", amihud);
    double surprise = Double.NaN;
    if (k >= 21) {
      double mu = mean(Arrays.copyOfRange(v, t - 20, t));
      surprise = mu == 0 ? Double.NaN : v[t] / mu - 1;
    }
    out.put("vol_surprise_20", surprise);
    out.put("dollar_volume", bars.get(t).close() * bars.get(t).volume());
    out.put(
        "high_52w_ratio",
        k >= 252 ? c[t] / Arrays.stream(h, k - 252, k).max().orElseThrow() : Double.NaN);
  }

  private static double last(double[] x) {
    return x[x.length - 1];
  }

  /** TA_RSI's whole output aligned with its input (NaN in the lookback). */
  private static double[] taRsi(double[] c, int p) {
    double[] out = nan(c.length);
    if (c.length <= p) {
      return out;
    }
    double g = 0;
    double lo = 0;
    for (int i = 1; i <= p; i++) {
      double x = c[i] - c[i - 1];
      g += Math.max(x, 0);
      lo += Math.max(-x, 0);
    }
    g /= p;
    lo /= p;
    out[p] = rsiValue(g, lo);
    for (int i = p + 1; i < c.length; i++) {
      double x = c[i] - c[i - 1];
      g = (g * (p - 1) + Math.max(x, 0)) / p;
      lo = (lo * (p - 1) + Math.max(-x, 0)) / p;
      out[i] = rsiValue(g, lo);
    }
    return out;
  }

  private static double rsiValue(double g, double l) {
    return Math.abs(g + l) < 1e-8 ? 0 : 100 * g / (g + l);
  }

  /** TA-Lib's EMA of {@code x} from its first n values' SMA at index {@code seedEnd}. */
  private static double[] ema(double[] x, int n, int seedEnd) {
    double[] out = nan(x.length);
    if (seedEnd >= x.length) {
      return out;
    }
    out[seedEnd] = mean(Arrays.copyOfRange(x, seedEnd - n + 1, seedEnd + 1));
    double k = 2.0 / (n + 1);
    for (int i = seedEnd + 1; i < x.length; i++) {
      out[i] = out[i - 1] + k * (x[i] - out[i - 1]);
    }
    return out;
  }

  /** TA_MACD(12, 26, 9): line, signal and histogram aligned with the input. */
  private static double[][] taMacd(double[] c) {
    double[] fast = ema(c, 12, 25);
    double[] slow = ema(c, 26, 25);
    double[] line = minus(fast, slow);
    double[] signal = nan(c.length);
    if (c.length >= 34) {
      double[] tail = Arrays.copyOfRange(line, 25, c.length);
      double[] e = ema(tail, 9, 8);
      System.arraycopy(e, 0, signal, 25, e.length);
    }
    double[] lineOut = nan(c.length);
    double[] hist = nan(c.length);
    for (int i = 33; i < c.length; i++) {
      lineOut[i] = line[i];
      hist[i] = line[i] - signal[i];
    }
    return new double[][] {lineOut, signal, hist};
  }

  /**
   * TA_ATR: Wilder's average of the true range from bar 2, seeded with the first p ranges' mean.
   */
  private static double[] taAtr(double[] h, double[] l, double[] c, int p) {
    double[] out = nan(c.length);
    if (c.length <= p) {
      return out;
    }
    double[] tr = nan(c.length);
    for (int i = 1; i < c.length; i++) {
      tr[i] = Math.max(h[i] - l[i], Math.max(Math.abs(h[i] - c[i - 1]), Math.abs(l[i] - c[i - 1])));
    }
    out[p] = mean(Arrays.copyOfRange(tr, 1, p + 1));
    for (int i = p + 1; i < c.length; i++) {
      out[i] = (out[i - 1] * (p - 1) + tr[i]) / p;
    }
    return out;
  }
}
