package io.pitlake.options.pricing;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

import java.util.Collection;
import java.util.OptionalDouble;
import java.util.function.ToDoubleFunction;
import javax.annotation.Nullable;

/**
 * The interpolations of {@code gold.iv_surface_daily}, as pure functions of one underlying's solved
 * contracts on one session.
 *
 * <p>None extrapolates: a target outside the points given (an ATM volatility when every strike is
 * on one side of the forward, a 30-day volatility when every expiry is shorter) is empty, because a
 * surface column that quietly extends a slope past the data would read as an observation.
 */
public final class VolatilitySurface {

  /** The 30-day tenor of the surface, ACT/365. */
  public static final double THIRTY_DAYS = 30 / TimeToExpiry.DAYS_PER_YEAR;

  /** The 90-day tenor of the term slope, ACT/365. */
  public static final double NINETY_DAYS = 90 / TimeToExpiry.DAYS_PER_YEAR;

  private VolatilitySurface() {}

  /**
   * The at-the-money volatility of one expiry: the IV at {@code ln(K/F) = 0}, linear in
   * log-moneyness between the nearest strikes below and above the forward (a strike at the forward
   * gives its own IV). The caller chooses the contracts, typically the out-of-the-money side of
   * each strike.
   */
  public static OptionalDouble atTheMoney(Collection<SmilePoint> smile) {
    return interpolate(smile, SmilePoint::logMoneyness, 0);
  }

  /**
   * The IV at {@code targetDelta} within one expiry, linear in delta between the nearest contracts
   * on either side: {@code -0.25} on the puts gives the 25-delta put, {@code 0.25} on the calls the
   * 25-delta call.
   */
  public static OptionalDouble atDelta(Collection<SmilePoint> smile, double targetDelta) {
    checkArgument(
        targetDelta > -1 && targetDelta < 1 && targetDelta != 0,
        "targetDelta must be in (-1, 0) for puts or (0, 1) for calls, got %s",
        targetDelta);
    return interpolate(smile, SmilePoint::delta, targetDelta);
  }

  /**
   * The ATM volatility at {@code years}, linear in total variance {@code σ²·t} between the two
   * expiries around it (an expiry at exactly {@code years} gives its own). Total variance, not
   * volatility, is what adds up over time, so interpolating it keeps the term structure free of
   * calendar arbitrage between the two expiries.
   */
  public static OptionalDouble atTenor(Collection<TermPoint> term, double years) {
    checkNotNull(term, "term must not be null; pass an empty list when no expiry solved");
    checkArgument(years > 0, "years must be positive, got %s", years);
    Bracket<TermPoint> bracket = Bracket.around(term, TermPoint::years, years);
    if (bracket == null) {
      return OptionalDouble.empty();
    }
    double variance = bracket.interpolate(TermPoint::totalVariance);
    return OptionalDouble.of(Math.sqrt(variance / years));
  }

  /** 30-day ATM volatility ({@link #atTenor} at {@link #THIRTY_DAYS}). */
  public static OptionalDouble thirtyDay(Collection<TermPoint> term) {
    return atTenor(term, THIRTY_DAYS);
  }

  /** The term slope: 90-day minus 30-day ATM volatility; empty unless both exist. */
  public static OptionalDouble termSlope(Collection<TermPoint> term) {
    OptionalDouble thirty = thirtyDay(term);
    OptionalDouble ninety = atTenor(term, NINETY_DAYS);
    return thirty.isPresent() && ninety.isPresent()
        ? OptionalDouble.of(ninety.getAsDouble() - thirty.getAsDouble())
        : OptionalDouble.empty();
  }

  private static OptionalDouble interpolate(
      Collection<SmilePoint> smile, ToDoubleFunction<SmilePoint> coordinate, double target) {
    checkNotNull(smile, "smile must not be null; pass an empty list when no contract solved");
    Bracket<SmilePoint> bracket = Bracket.around(smile, coordinate, target);
    return bracket == null
        ? OptionalDouble.empty()
        : OptionalDouble.of(bracket.interpolate(SmilePoint::volatility));
  }

  /**
   * The nearest points at or below and at or above a target coordinate, and the target's weight
   * between them (0 at {@code below}, 1 at {@code above}).
   */
  private record Bracket<T>(T below, T above, double weight) {

    /** The bracket of {@code target}, or {@code null} if no point lies on one of its sides. */
    @Nullable
    static <T> Bracket<T> around(
        Collection<T> points, ToDoubleFunction<T> coordinate, double target) {
      T below = null;
      T above = null;
      double belowX = Double.NEGATIVE_INFINITY;
      double aboveX = Double.POSITIVE_INFINITY;
      for (T point : points) {
        double x = coordinate.applyAsDouble(point);
        if (x <= target && (below == null || x > belowX)) {
          below = point;
          belowX = x;
        }
        if (x >= target && (above == null || x < aboveX)) {
          above = point;
          aboveX = x;
        }
      }
      if (below == null || above == null) {
        return null;
      }
      return new Bracket<>(
          below, above, aboveX == belowX ? 0 : (target - belowX) / (aboveX - belowX));
    }

    /** {@code value} interpolated linearly between the two points. */
    double interpolate(ToDoubleFunction<T> value) {
      double low = value.applyAsDouble(below);
      return low + weight * (value.applyAsDouble(above) - low);
    }
  }
}
