package io.pitlake.options.pricing;

/**
 * A Black-Scholes-Merton price with its sensitivities, all computed from one evaluation of d1 and
 * d2 so that a row's price and Greeks agree with each other.
 *
 * @param price the option's value per unit of the underlying (multiply by shares per contract for a
 *     contract's value)
 * @param delta dV/dS per unit of the underlying: 0..1 for calls, -1..0 for puts. S is the escrowed
 *     spot; since the dividends' present value does not depend on S, this is also the delta with
 *     respect to the quoted price
 * @param gamma d²V/dS² per unit of the underlying per unit of price
 * @param vega dV/dσ per 1.00 of volatility (a move from 20% to 21% changes the price by vega/100)
 * @param theta dV/dt per year of calendar time passing (negative for a long option that loses time
 *     value); divide by 365 for a calendar day. The escrowed spot is held fixed
 */
public record Greeks(double price, double delta, double gamma, double vega, double theta) {}
