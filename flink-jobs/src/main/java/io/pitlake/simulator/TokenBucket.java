package io.pitlake.simulator;

import static org.apache.flink.util.Preconditions.checkArgument;

import java.time.Clock;

/**
 * A token bucket of {@code requestsPerMinute} tokens, refilled continuously at that rate: the shape
 * of Polygon's per-key limit (5 requests per minute on the free plan), which a client must absorb
 * with backoff rather than by failing the job.
 *
 * <p>Time comes from the simulator's {@link Clock}, so a test with a fixed clock gets exactly
 * {@code requestsPerMinute} requests and then 429s, and a test can advance the clock to refill.
 * Thread-safe.
 */
final class TokenBucket {

  private static final double MILLIS_PER_MINUTE = 60_000;

  private final Clock clock;
  private final int capacity;
  private double tokens;
  private long lastRefillMillis;

  TokenBucket(int requestsPerMinute, Clock clock) {
    checkArgument(
        requestsPerMinute > 0,
        "requestsPerMinute is %s but a bucket needs a positive rate",
        requestsPerMinute);
    this.clock = clock;
    this.capacity = requestsPerMinute;
    this.tokens = requestsPerMinute;
    this.lastRefillMillis = clock.millis();
  }

  /** Takes one token if there is one; {@code false} means the request must be refused. */
  synchronized boolean tryAcquire() {
    long now = clock.millis();
    if (now > lastRefillMillis) {
      tokens = Math.min(capacity, tokens + (now - lastRefillMillis) * capacity / MILLIS_PER_MINUTE);
      lastRefillMillis = now;
    }
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }
}
