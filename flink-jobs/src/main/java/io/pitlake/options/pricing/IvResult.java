package io.pitlake.options.pricing;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

import javax.annotation.Nullable;

/**
 * The outcome of one implied-volatility solve: either a volatility or the reason there is none.
 *
 * <p>A value rather than an exception because a missing volatility is a fact about the data (a
 * stale close, an expired contract) that the gold table records per row; exceptions are kept for a
 * caller's bugs.
 *
 * @param volatility the implied volatility as a decimal when solved, {@code NaN} otherwise (write
 *     it as NULL, see {@link #volatilityOrNull()})
 * @param reason {@code null} when solved, why not otherwise
 */
public record IvResult(double volatility, @Nullable IvReason reason) {

  public IvResult {
    checkArgument(
        reason == null ? volatility > 0 && Double.isFinite(volatility) : Double.isNaN(volatility),
        "an IvResult holds either a positive volatility or a reason, got %s and %s; use"
            + " IvResult.solved or IvResult.unsolved",
        volatility,
        reason);
  }

  public static IvResult solved(double volatility) {
    return new IvResult(volatility, null);
  }

  public static IvResult unsolved(IvReason reason) {
    checkNotNull(reason, "reason must not be null; pass the IvReason that explains the gap");
    return new IvResult(Double.NaN, reason);
  }

  public boolean isSolved() {
    return reason == null;
  }

  /** The volatility boxed for a nullable column: {@code null} when unsolved. */
  @Nullable
  public Double volatilityOrNull() {
    return isSolved() ? volatility : null;
  }
}
