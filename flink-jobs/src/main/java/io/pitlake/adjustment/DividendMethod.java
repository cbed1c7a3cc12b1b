package io.pitlake.adjustment;

import java.util.Locale;

/**
 * How a cash dividend D with ex date e adjusts the prices before e. Both keep the total return
 * across e; they differ in which close they divide by, so a user can reconcile pitlake's adjusted
 * series with the vendor they compare against.
 */
public enum DividendMethod {
  /**
   * CRSP's: earlier prices × (1 − D / close(e−1)). Known as soon as the action is (close(e−1) is
   * already known by then), so it is the default.
   */
  CRSP,
  /**
   * Earlier prices × close(e) / (close(e) + D): Tiingo's and Quandl WIKI's adjusted closes follow
   * it to 1e-9. It needs close(e), so such a factor is known only once bar e is available.
   */
  EX_CLOSE;

  /**
   * The backward factor of a dividend of {@code cash} per share, given the close this method
   * divides by ({@code close(e−1)} for {@link #CRSP}, {@code close(e)} for {@link #EX_CLOSE}); 1
   * without that close, or when the dividend is not below it (a return of capital the price cannot
   * carry).
   */
  public double factor(double cash, Double close) {
    if (close == null || !(close > 0) || !(cash < close)) {
      return 1;
    }
    return this == CRSP ? 1 - cash / close : close / (close + cash);
  }

  /** The name a config file uses: {@code crsp}, {@code ex-close}. */
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
