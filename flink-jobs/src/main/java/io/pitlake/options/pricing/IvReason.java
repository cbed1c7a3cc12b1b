package io.pitlake.options.pricing;

/**
 * Why a contract has no implied volatility. Each is a property of the data, not an error, so the
 * solver returns it instead of throwing and the gold table stores its name.
 */
public enum IvReason {
  /** No trade that session: the bar has no close to invert. */
  NO_TRADE,
  /** Zero time to expiry (the expiration day itself or later): the price carries no volatility. */
  EXPIRED,
  /**
   * The price is at or below the European no-arbitrage lower bound {@code max(S - K·exp(-r·t), 0)}
   * (calls) or {@code max(K·exp(-r·t) - S, 0)} (puts): no volatility reproduces it. Often a stale
   * option close against a moved underlying, or an American put's early-exercise value.
   */
  BELOW_INTRINSIC,
  /**
   * The price is at or above the no-arbitrage upper bound: the escrowed spot for a call, the
   * discounted strike for a put.
   */
  ABOVE_UPPER_BOUND,
  /**
   * The price lies between the bounds but its volatility is outside the solver's search range
   * {@link ImpliedVolatility#MIN_VOLATILITY}..{@link ImpliedVolatility#MAX_VOLATILITY}.
   */
  OUTSIDE_SEARCH_RANGE,
  /**
   * The solved volatility's vega is under the floor: there the price barely moves with volatility,
   * so rounding in the price moves the volatility by more than it can be trusted.
   */
  VEGA_BELOW_FLOOR
}
