package io.pitlake.features.library;

/**
 * TA-Lib's RSI, MACD, Bollinger bands and ATR as its C sources compute them (FEATURES.md §2), each
 * applied to the elements {@code [from, end)} of an array and returning the value at the last: the
 * row's indicator over its most recent bars. Seeds, warm-ups and the TA-Lib notion of zero follow
 * {@code ta_RSI.c}, {@code ta_MACD.c}/{@code ta_EMA.c}, {@code ta_BBANDS.c} and {@code ta_ATR.c};
 * NaN stands for a value TA-Lib does not output (before its lookback).
 */
final class TaLib {

  /** TA-Lib's {@code TA_IS_ZERO}: magnitudes below it are zero. */
  static final double ZERO = 1e-8;

  /** The bars TA-Lib's columns see: the most recent ones ending at t (FEATURES.md §2). */
  static final int BARS = 250;

  private TaLib() {}

  /** {@code TA_RSI(close, period)[-1]}; first value at bar {@code period + 1}. */
  static double rsi(double[] close, int from, int end, int period) {
    int n = end - from;
    if (n <= period) {
      return Double.NaN;
    }
    double gain = 0;
    double loss = 0;
    int i = from + 1;
    for (; i <= from + period; i++) {
      double change = close[i] - close[i - 1];
      gain += Math.max(change, 0);
      loss += Math.max(-change, 0);
    }
    gain /= period;
    loss /= period;
    for (; i < end; i++) {
      double change = close[i] - close[i - 1];
      gain = (gain * (period - 1) + Math.max(change, 0)) / period;
      loss = (loss * (period - 1) + Math.max(-change, 0)) / period;
    }
    double total = gain + loss;
    return isZero(total) ? 0 : 100 * (gain / total);
  }

  /**
   * {@code TA_MACD(close, fast, slow, signal)} at the last element: {@code {macd, signal, hist}},
   * all NaN before bar {@code slow + signal - 1}. Both EMAs are seeded with the SMA of the {@code
   * n} values ending on bar {@code slow} (TA-Lib starts them on the same bar), the signal with the
   * SMA of the first {@code signal} MACD values.
   */
  static double[] macd(double[] close, int from, int end, int fast, int slow, int signal) {
    int n = end - from;
    int first = slow - 1;
    if (n < slow + signal - 1) {
      return new double[] {Double.NaN, Double.NaN, Double.NaN};
    }
    double kFast = 2.0 / (fast + 1);
    double kSlow = 2.0 / (slow + 1);
    double fastEma = sma(close, from + first - fast + 1, fast);
    double slowEma = sma(close, from, slow);
    double[] line = new double[n - first];
    line[0] = fastEma - slowEma;
    for (int i = 1; i < line.length; i++) {
      double x = close[from + first + i];
      fastEma = (x - fastEma) * kFast + fastEma;
      slowEma = (x - slowEma) * kSlow + slowEma;
      line[i] = fastEma - slowEma;
    }
    double kSignal = 2.0 / (signal + 1);
    double signalEma = sma(line, 0, signal);
    for (int i = signal; i < line.length; i++) {
      signalEma = (line[i] - signalEma) * kSignal + signalEma;
    }
    double macd = line[line.length - 1];
    return new double[] {macd, signalEma, macd - signalEma};
  }

  /**
   * {@code TA_BBANDS(close, period, 2, 2, SMA)}'s {@code %b} at the last element: {@code (C -
   * lower) / (upper - lower)} with the population deviation; NaN where TA-Lib's deviation is zero
   * (a variance below {@link #ZERO}) and before {@code period} bars. The variance is taken about
   * the mean in a second pass, where TA-Lib subtracts the squared mean from the mean square: the
   * same quantity without its cancellation.
   */
  static double bollingerPercentB(double[] close, int from, int end, int period) {
    int n = end - from;
    if (n < period) {
      return Double.NaN;
    }
    int start = end - period;
    double mean = sma(close, start, period);
    double squares = 0;
    for (int i = start; i < end; i++) {
      double d = close[i] - mean;
      squares += d * d;
    }
    double variance = squares / period;
    if (variance < ZERO) {
      return Double.NaN;
    }
    double sigma = Math.sqrt(variance);
    double lower = mean - 2 * sigma;
    double upper = mean + 2 * sigma;
    return (close[end - 1] - lower) / (upper - lower);
  }

  /** {@code TA_ATR(high, low, close, period)[-1]}; first value at bar {@code period + 1}. */
  static double atr(double[] high, double[] low, double[] close, int from, int end, int period) {
    int n = end - from;
    if (n <= period) {
      return Double.NaN;
    }
    double atr = 0;
    int i = from + 1;
    for (; i <= from + period; i++) {
      atr += trueRange(high, low, close, i);
    }
    atr /= period;
    for (; i < end; i++) {
      atr = (atr * (period - 1) + trueRange(high, low, close, i)) / period;
    }
    return atr;
  }

  /** TA-Lib's {@code TA_IS_ZERO}. */
  static boolean isZero(double x) {
    return -ZERO < x && x < ZERO;
  }

  private static double trueRange(double[] high, double[] low, double[] close, int i) {
    double previous = close[i - 1];
    return Math.max(
        high[i] - low[i], Math.max(Math.abs(high[i] - previous), Math.abs(low[i] - previous)));
  }

  private static double sma(double[] x, int from, int n) {
    double sum = 0;
    for (int i = from; i < from + n; i++) {
      sum += x[i];
    }
    return sum / n;
  }
}
