package io.pitlake.options.pricing;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

import javax.annotation.Nullable;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Inverts {@link BlackScholes#price} for the volatility: Newton's method on vega, safeguarded by a
 * bisection bracket.
 *
 * <p>Why Newton with a bracket: the analytic vega makes Newton converge in a handful of steps
 * (about five from the start below), but far from the money vega is tiny and a Newton step can
 * leave the search range; every step that would leave the current bracket is replaced by a
 * bisection, so the solve always converges, in at most about 45 halvings of {@link
 * #MIN_VOLATILITY}..{@link #MAX_VOLATILITY}. The start is the volatility of the price's inflection
 * point, {@code sqrt(2·|ln(F/K)|/t)}, from which Newton converges monotonically (Manaster and
 * Koehler, 1982).
 *
 * <p>Data conditions never throw: a missing price, zero time, a price outside the no-arbitrage
 * bounds, a volatility outside the search range or a vega under the floor each return their {@link
 * IvReason}. The vega floor is relative to the spot (vega per 1.00 of volatility divided by the
 * spot), so one floor fits a $5 and a $500 underlying; it is checked at the solved volatility, or
 * earlier once no volatility left in the bracket reaches it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param relativeVegaFloor the smallest {@code vega / spot} at which a volatility is reported
 */
public record ImpliedVolatility(double relativeVegaFloor) {

  /** The lowest volatility searched, 0.01%. */
  public static final double MIN_VOLATILITY = 1e-4;

  /** The highest volatility searched, 1000%. */
  public static final double MAX_VOLATILITY = 10;

  /**
   * The default floor, {@code vega >= 1e-6·spot}: a price computed in double precision (error about
   * 1e-15 of the spot) then pins the volatility to about 1e-9, well inside the 1e-6 the tests
   * demand. Data rounded to cents needs a higher floor ({@link PricingOptions#VEGA_FLOOR}).
   */
  public static final double DEFAULT_RELATIVE_VEGA_FLOOR = 1e-6;

  public static final ImpliedVolatility DEFAULT =
      new ImpliedVolatility(DEFAULT_RELATIVE_VEGA_FLOOR);

  /** Solves stop once a step moves the volatility by less than this. */
  private static final double VOLATILITY_TOLERANCE = 1e-12;

  private static final int MAX_ITERATIONS = 100;

  public ImpliedVolatility {
    checkArgument(
        relativeVegaFloor >= 0 && Double.isFinite(relativeVegaFloor),
        "relativeVegaFloor must be >= 0 and finite, got %s; 1e-6 suits exact prices, 5e-3 cent"
            + " prices",
        relativeVegaFloor);
  }

  /**
   * The solver with the floor {@link PricingOptions#VEGA_FLOOR} of {@code config}.
   *
   * @throws IllegalArgumentException if the floor is not positive and finite
   */
  public static ImpliedVolatility fromConfig(ReadableConfig config) {
    checkNotNull(config, "config must not be null");
    double floor = config.get(PricingOptions.VEGA_FLOOR);
    checkArgument(
        floor > 0 && Double.isFinite(floor),
        "%s must be > 0 and finite, got %s: it is vega / spot, e.g. 1e-6 for exact prices or 5e-3"
            + " for prices rounded to the cent",
        PricingOptions.VEGA_FLOOR.key(),
        floor);
    return new ImpliedVolatility(floor);
  }

  /**
   * The volatility at which {@link BlackScholes#price} equals {@code price}, or why there is none.
   *
   * @param inputs the contract with its escrowed spot, time and rate
   * @param price the option's observed price per unit of the underlying; {@code null} or {@code
   *     NaN} when it did not trade
   */
  public IvResult solve(OptionInputs inputs, @Nullable Double price) {
    checkNotNull(inputs, "inputs must not be null; build an OptionInputs for the contract");
    if (price == null || Double.isNaN(price)) {
      return IvResult.unsolved(IvReason.NO_TRADE);
    }
    if (inputs.years() == 0) {
      return IvResult.unsolved(IvReason.EXPIRED);
    }
    double spot = inputs.spot();
    double discountedStrike = inputs.discountedStrike();
    if (price <= BlackScholes.intrinsic(inputs.type(), spot, discountedStrike)) {
      return IvResult.unsolved(IvReason.BELOW_INTRINSIC);
    }
    double upperBound = inputs.type() == OptionType.CALL ? spot : discountedStrike;
    if (price >= upperBound) {
      return IvResult.unsolved(IvReason.ABOVE_UPPER_BOUND);
    }
    double low = MIN_VOLATILITY;
    double high = MAX_VOLATILITY;
    double vegaFloor = relativeVegaFloor * spot;
    double peak = start(inputs, spot, discountedStrike);
    double volatility = peak;
    for (int i = 0; i < MAX_ITERATIONS && high - low > VOLATILITY_TOLERANCE; i++) {
      double error = BlackScholes.price(inputs, volatility) - price;
      if (error == 0) {
        break;
      }
      if (error > 0) {
        high = volatility;
      } else {
        low = volatility;
      }
      double vega = BlackScholes.vega(inputs, volatility);
      if (vega < vegaFloor && maxVega(inputs, peak, low, high) < vegaFloor) {
        break; // the root's vega is under the floor wherever in the bracket it lies
      }
      double newton = volatility - error / vega;
      double next = vega > 0 && newton > low && newton < high ? newton : 0.5 * (low + high);
      boolean converged = Math.abs(next - volatility) < VOLATILITY_TOLERANCE;
      volatility = next;
      if (converged) {
        break;
      }
    }
    // A bound the bracket never moved from may hold the root beyond it; only then is it priced.
    if (low == MIN_VOLATILITY && BlackScholes.price(inputs, MIN_VOLATILITY) > price
        || high == MAX_VOLATILITY && BlackScholes.price(inputs, MAX_VOLATILITY) < price) {
      return IvResult.unsolved(IvReason.OUTSIDE_SEARCH_RANGE);
    }
    if (BlackScholes.vega(inputs, volatility) < vegaFloor) {
      return IvResult.unsolved(IvReason.VEGA_BELOW_FLOOR);
    }
    return IvResult.solved(volatility);
  }

  /**
   * The largest vega over {@code low..high}: vega is unimodal in the volatility with its peak at
   * the inflection point {@code peak} ({@link #start}), so it is the vega at {@code peak} clamped
   * into the bracket. Lets a far wing's solve stop as soon as the floor's verdict is certain,
   * instead of bisecting its flat price to 1e-12.
   */
  private static double maxVega(OptionInputs inputs, double peak, double low, double high) {
    return BlackScholes.vega(inputs, Math.min(Math.max(peak, low), high));
  }

  private static double start(OptionInputs inputs, double spot, double discountedStrike) {
    double inflection = Math.sqrt(2 * Math.abs(Math.log(spot / discountedStrike)) / inputs.years());
    return Math.min(Math.max(inflection, MIN_VOLATILITY), MAX_VOLATILITY);
  }
}
