package io.pitlake.source.rest.reader;

import static org.apache.flink.util.Preconditions.checkArgument;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Spaces the requests of one reader evenly: a token bucket that holds at most one token, so a
 * reader never bursts above a vendor's limit after an idle spell.
 *
 * <p>Each reader gets the source's rate divided by the parallelism. That is exact while every
 * reader is busy and too cautious when some are idle at the end of a backfill; issue 4 replaces it
 * with one limiter shared per credential. Fetcher threads of the same reader may overlap briefly
 * (an idle fetcher is replaced by a new one), hence the synchronization.
 */
final class TokenBucket {

  private final long intervalNanos;
  private final LongSupplier nanoClock;
  private long nextFreeNanos;

  /**
   * @param permitsPerSecond the rate; 0 means unlimited
   * @param nanoClock a monotonic clock, {@link System#nanoTime()} outside tests
   */
  TokenBucket(double permitsPerSecond, LongSupplier nanoClock) {
    checkArgument(
        permitsPerSecond >= 0 && Double.isFinite(permitsPerSecond),
        "rate %s must be finite and >= 0",
        permitsPerSecond);
    this.intervalNanos = permitsPerSecond == 0 ? 0 : (long) (1_000_000_000L / permitsPerSecond);
    this.nanoClock = nanoClock;
    this.nextFreeNanos = nanoClock.getAsLong();
  }

  /** Takes the next token and returns how long the caller must wait before using it. */
  synchronized Duration reserve() {
    if (intervalNanos == 0) {
      return Duration.ZERO;
    }
    long now = nanoClock.getAsLong();
    long wait = Math.max(0, nextFreeNanos - now);
    nextFreeNanos = Math.max(nextFreeNanos, now) + intervalNanos;
    return Duration.ofNanos(wait);
  }
}
