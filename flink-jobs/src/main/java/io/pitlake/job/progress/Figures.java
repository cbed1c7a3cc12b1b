package io.pitlake.job.progress;

import java.util.Locale;

/**
 * The one number format of pitlake's progress lines and summaries: counts with thousands separators
 * ({@code 1,506}), rates as a count per second with as many decimals as they need to say something
 * ({@code 752/s}, {@code 3.7/s}, {@code 0.13/s}), times in seconds.
 */
public final class Figures {

  private Figures() {}

  public static String count(long count) {
    return String.format(Locale.ROOT, "%,d", count);
  }

  public static String rate(double perSecond) {
    if (perSecond >= 100) {
      return String.format(Locale.ROOT, "%,.0f/s", perSecond);
    }
    if (perSecond >= 10) {
      return String.format(Locale.ROOT, "%.1f/s", perSecond);
    }
    return String.format(Locale.ROOT, "%.2f/s", perSecond);
  }

  /** Seconds with one decimal below a minute, whole seconds above. */
  public static String seconds(long nanos) {
    double seconds = nanos / 1e9;
    return seconds < 60
        ? String.format(Locale.ROOT, "%.1f s", seconds)
        : String.format(Locale.ROOT, "%,.0f s", seconds);
  }
}
