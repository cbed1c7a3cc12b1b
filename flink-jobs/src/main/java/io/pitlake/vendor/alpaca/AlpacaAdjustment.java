package io.pitlake.vendor.alpaca;

import java.util.Locale;

/**
 * The {@code adjustment} of Alpaca's bars. pitlake reads {@link #RAW} by default: adjusted prices
 * are adjusted for the actions known today, which rewrites history on every new action and leaks
 * future knowledge into a backtest; pitlake adjusts as of a point in time itself.
 */
public enum AlpacaAdjustment {
  RAW,
  SPLIT,
  DIVIDEND,
  ALL;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
