package io.pitlake.simulator;

/**
 * One daily bar as the simulator serves it when it is not deliberately broken, in Polygon's field
 * names, so that tests compute the expected values without going through HTTP.
 *
 * @param o open, rounded to 4 decimals
 * @param h high, at least {@code max(o, c)}
 * @param l low, positive and at most {@code min(o, c)}
 * @param c close
 * @param v volume, a whole number held in a double as Polygon sends it
 * @param vw volume-weighted average price, inside {@code [l, h]}
 * @param n number of trades
 * @param t epoch milliseconds of 00:00 America/New_York on the session date
 */
public record SimulatedBar(
    double o, double h, double l, double c, double v, double vw, int n, long t) {}
