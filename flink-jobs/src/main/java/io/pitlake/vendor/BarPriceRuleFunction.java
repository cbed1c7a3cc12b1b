package io.pitlake.vendor;

import javax.annotation.Nullable;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * SQL {@code bar_price_rule(o, h, l, c, v)}: the first price rule a bar breaks, as the reason
 * silver.quarantine records, or NULL for a bar that keeps them all.
 *
 * <p>Every bar table of silver (daily bars, the vendors' daily and minute bars, the websocket's
 * minute bars) quarantines by these rules: one function, so a rule changed for one table is changed
 * for all, and a reason reads the same whichever table refused the bar. The checks run in the order
 * below and the first broken one is named, with the field and its vendor letter, so a reader of the
 * quarantine finds the field to look at. {@code SqlFunctions} registers it.
 */
public class BarPriceRuleFunction extends ScalarFunction {

  private static final long serialVersionUID = 1L;

  public @Nullable String eval(
      @Nullable Double o,
      @Nullable Double h,
      @Nullable Double l,
      @Nullable Double c,
      @Nullable Double v) {
    if (o == null) {
      return "missing or non-numeric field o (open)";
    }
    if (h == null) {
      return "missing or non-numeric field h (high)";
    }
    if (l == null) {
      return "missing or non-numeric field l (low)";
    }
    if (c == null) {
      return "missing or non-numeric field c (close)";
    }
    if (v == null) {
      return "missing or non-numeric field v (volume)";
    }
    if (o <= 0 || h <= 0 || l <= 0 || c <= 0) {
      return "non-positive price in o/h/l/c";
    }
    if (h < l) {
      return "high h below low l";
    }
    if (c < l || c > h) {
      return "close c outside [low l, high h]";
    }
    if (o < l || o > h) {
      return "open o outside [low l, high h]";
    }
    if (v < 0) {
      return "negative volume v";
    }
    return null;
  }
}
