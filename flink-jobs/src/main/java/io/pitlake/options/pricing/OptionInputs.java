package io.pitlake.options.pricing;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * Everything the Black-Scholes-Merton pricer needs about one contract at one instant, except the
 * volatility: the pricer takes the volatility separately, and the implied-volatility solver
 * searches for it.
 *
 * <p>The spot is the escrowed-dividend spot ({@link EscrowedDividends#spot}), so that the pricer
 * itself stays the plain no-dividend formula and put-call parity holds as {@code C - P = spot -
 * K·exp(-r·t)}.
 *
 * @param type call or put
 * @param spot the underlying's price less the present value of the dividends going ex before
 *     expiry; must be positive
 * @param strike the contract's strike in the same currency unit as {@code spot}; must be positive
 * @param years time to expiry in years (ACT/365, {@link TimeToExpiry}); zero at expiry
 * @param rate the risk-free rate, continuously compounded, per year, as a decimal (0.05 is 5%)
 */
public record OptionInputs(OptionType type, double spot, double strike, double years, double rate) {

  public OptionInputs {
    checkNotNull(type, "type must not be null; pass OptionType.CALL or OptionType.PUT");
    checkArgument(
        spot > 0 && Double.isFinite(spot),
        "spot must be positive and finite, got %s; a non-positive escrowed spot means the"
            + " dividends' present value exceeds the price: check the dividend amounts",
        spot);
    checkArgument(
        strike > 0 && Double.isFinite(strike),
        "strike must be positive and finite, got %s; check the contract's parsed strike",
        strike);
    checkArgument(
        years >= 0 && Double.isFinite(years),
        "years must be >= 0 and finite, got %s; TimeToExpiry gives 0 on and after expiry",
        years);
    checkArgument(
        Double.isFinite(rate),
        "rate must be finite, got %s; pass a continuously compounded decimal such as 0.05",
        rate);
  }

  /** The strike discounted to now, {@code K·exp(-r·t)}: the present value of paying the strike. */
  public double discountedStrike() {
    return strike * Math.exp(-rate * years);
  }

  /** The forward price of the underlying to expiry, {@code spot·exp(r·t)}. */
  public double forward() {
    return spot * Math.exp(rate * years);
  }
}
