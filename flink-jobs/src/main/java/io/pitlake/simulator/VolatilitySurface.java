package io.pitlake.simulator;

/**
 * The simulator's true implied volatility of every option it prices: a smile in log-moneyness
 * {@code k = ln(K/F)} with a skew and a term structure, its level set per underlying by the seed.
 *
 * <p>{@code σ(k, t) = level + skew·k + smile·k² + term·√t}, at least {@value #FLOOR}. Tests read it
 * to check the implied volatilities pitlake solves from the served prices: every bar is priced by
 * Black-Scholes-Merton at exactly this volatility.
 */
public final class VolatilitySurface {

  /** The lowest volatility the surface gives, so deep wings stay priceable. */
  public static final double FLOOR = 0.05;

  private static final double SKEW = -0.15;
  private static final double SMILE = 0.25;
  private static final double TERM = 0.03;

  private final long seed;

  VolatilitySurface(long seed) {
    this.seed = seed;
  }

  /**
   * The volatility of {@code underlying}'s options at log-moneyness {@code logMoneyness} ({@code
   * ln(K/F)}, strike over the forward of the escrowed spot) and {@code years} to expiry.
   */
  public double volatility(String underlying, double logMoneyness, double years) {
    double level = 0.18 + 0.22 * Math.floorMod(seed * 31 + underlying.hashCode(), 100) / 100.0;
    double k = logMoneyness;
    return Math.max(FLOOR, level + SKEW * k + SMILE * k * k + TERM * Math.sqrt(Math.max(years, 0)));
  }
}
