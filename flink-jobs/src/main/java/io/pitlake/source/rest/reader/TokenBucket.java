package io.pitlake.source.rest.reader;

import static org.apache.flink.util.Preconditions.checkArgument;

import io.pitlake.source.rest.RateLimitScope;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Spaces requests evenly: a token bucket that holds at most one token, so its users never burst
 * above a vendor's limit after an idle spell. A reader owns one ({@link RateLimitScope#READER}) or
 * shares its group's ({@link #shared}, {@link RateLimitScope#PROCESS}) with every reader in the
 * JVM; fetcher threads of one reader may overlap briefly too, hence the synchronization.
 */
final class TokenBucket {

  /** The shared buckets, by group and rate: a job with another rate gets its own. */
  private static final Map<String, TokenBucket> SHARED = new ConcurrentHashMap<>();

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

  /** The bucket every reader of {@code group} at {@code permitsPerSecond} in this JVM shares. */
  static TokenBucket shared(String group, double permitsPerSecond) {
    checkArgument(!group.isBlank(), "rest.rate-limit-group is blank: name the vendor");
    return SHARED.computeIfAbsent(
        group + "@" + permitsPerSecond, k -> new TokenBucket(permitsPerSecond, System::nanoTime));
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
