package io.pitlake.options.pricing;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

import org.apache.commons.math3.special.Erf;

/**
 * European Black-Scholes-Merton prices and Greeks on an escrowed-dividend spot.
 *
 * <p>US equity options are American, but the pricer ignores early exercise on purpose: the issue
 * asks for the European model, the simulator prices by it (so its volatilities are recovered
 * exactly), and the early-exercise premium of calls on non-dividend days and of out-of-the-money
 * contracts is small. Implied volatilities of deep in-the-money puts are biased upwards by it;
 * docs/options.md "Options: pricing conventions" says so.
 *
 * <p>The normal CDF comes from commons-math3's {@link Erf#erfc} (on the classpath through Flink),
 * not a hand-written polynomial: erfc keeps relative accuracy in the far tail, where deep
 * out-of-the-money prices are differences of tiny probabilities and the implied-volatility solver
 * needs them to about 1e-15.
 *
 * <p>Stateless; every method is a pure function of its arguments.
 */
public final class BlackScholes {

  private static final double SQRT_2 = Math.sqrt(2.0);
  private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2.0 * Math.PI);

  private BlackScholes() {}

  /**
   * The option's value per unit of the underlying.
   *
   * <p>At {@code years == 0} or {@code volatility == 0} the value is the discounted payoff of the
   * forward, {@code max(spot - K·exp(-r·t), 0)} for a call, which is the limit of the formula, so
   * that callers need no special case on the expiration day.
   *
   * @param volatility annualised volatility as a decimal (0.2 is 20%), >= 0
   */
  public static double price(OptionInputs inputs, double volatility) {
    checkVolatility(volatility);
    double discountedStrike = inputs.discountedStrike();
    double stdDev = volatility * Math.sqrt(inputs.years());
    if (stdDev == 0) {
      return intrinsic(inputs.type(), inputs.spot(), discountedStrike);
    }
    double d1 = d1(inputs.spot(), discountedStrike, stdDev);
    double d2 = d1 - stdDev;
    return inputs.type() == OptionType.CALL
        ? inputs.spot() * cdf(d1) - discountedStrike * cdf(d2)
        : discountedStrike * cdf(-d2) - inputs.spot() * cdf(-d1);
  }

  /**
   * The value with delta, gamma, vega and theta (units in {@link Greeks}).
   *
   * @throws IllegalArgumentException at expiry or zero volatility, where the Greeks are not defined
   *     (gamma is a point mass at the strike); the gold table writes NULL then
   */
  public static Greeks greeks(OptionInputs inputs, double volatility) {
    checkVolatility(volatility);
    checkArgument(
        inputs.years() > 0 && volatility > 0,
        "Greeks need years > 0 and volatility > 0, got years %s and volatility %s; at expiry"
            + " report NULL Greeks (the solver returns IvReason.EXPIRED)",
        inputs.years(),
        volatility);
    double spot = inputs.spot();
    double sqrtT = Math.sqrt(inputs.years());
    double stdDev = volatility * sqrtT;
    double discountedStrike = inputs.discountedStrike();
    double d1 = d1(spot, discountedStrike, stdDev);
    double d2 = d1 - stdDev;
    double pdfD1 = pdf(d1);
    double gamma = pdfD1 / (spot * stdDev);
    double vega = spot * pdfD1 * sqrtT;
    double decay = -spot * pdfD1 * volatility / (2 * sqrtT);
    double rate = inputs.rate();
    if (inputs.type() == OptionType.CALL) {
      double nd2 = cdf(d2);
      return new Greeks(
          spot * cdf(d1) - discountedStrike * nd2,
          cdf(d1),
          gamma,
          vega,
          decay - rate * discountedStrike * nd2);
    }
    double nMinusD2 = cdf(-d2);
    return new Greeks(
        discountedStrike * nMinusD2 - spot * cdf(-d1),
        -cdf(-d1),
        gamma,
        vega,
        decay + rate * discountedStrike * nMinusD2);
  }

  /**
   * Vega alone (per 1.00 of volatility), for the solver's Newton steps and its vega floor without
   * the cost of the other Greeks; zero at expiry or zero volatility.
   */
  public static double vega(OptionInputs inputs, double volatility) {
    checkVolatility(volatility);
    double sqrtT = Math.sqrt(inputs.years());
    double stdDev = volatility * sqrtT;
    if (stdDev == 0) {
      return 0;
    }
    return inputs.spot() * pdf(d1(inputs.spot(), inputs.discountedStrike(), stdDev)) * sqrtT;
  }

  /**
   * The value of exercising against the discounted strike, {@code max(spot - K·exp(-r·t), 0)} for a
   * call and {@code max(K·exp(-r·t) - spot, 0)} for a put: a European option's no-arbitrage lower
   * bound, and its value at zero volatility.
   */
  public static double intrinsic(OptionType type, double spot, double discountedStrike) {
    checkNotNull(type, "type must not be null; pass OptionType.CALL or OptionType.PUT");
    double exercise = type == OptionType.CALL ? spot - discountedStrike : discountedStrike - spot;
    return Math.max(exercise, 0);
  }

  /** The standard normal cumulative distribution function. */
  static double cdf(double x) {
    return 0.5 * Erf.erfc(-x / SQRT_2);
  }

  /** The standard normal density; its closed form is exact, so no library is needed for it. */
  static double pdf(double x) {
    return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
  }

  private static double d1(double spot, double discountedStrike, double stdDev) {
    return Math.log(spot / discountedStrike) / stdDev + 0.5 * stdDev;
  }

  private static void checkVolatility(double volatility) {
    checkArgument(
        volatility >= 0 && Double.isFinite(volatility),
        "volatility must be >= 0 and finite, got %s; pass a decimal such as 0.2 for 20 percent",
        volatility);
  }
}
