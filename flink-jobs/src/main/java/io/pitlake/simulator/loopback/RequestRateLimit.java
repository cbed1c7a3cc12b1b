package io.pitlake.simulator.loopback;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

import java.time.Clock;

/**
 * A token bucket of {@code requestsPerSecond} tokens refilled continuously at that rate: the shape
 * of a per-second vendor limit such as SEC EDGAR's 10 requests per second. (The Polygon simulator's
 * bucket models a per-minute limit, whose burst would be 60 times too large here.)
 *
 * <p>Time comes from a {@link Clock}, so a test with a fixed clock gets exactly the capacity and
 * then refusals. Thread-safe.
 */
public final class RequestRateLimit {

  private final Clock clock;
  private final double capacity;
  private double tokens;
  private long lastRefillMillis;

  public RequestRateLimit(double requestsPerSecond, Clock clock) {
    checkArgument(
        requestsPerSecond >= 1 && Double.isFinite(requestsPerSecond),
        "requestsPerSecond %s must be at least 1",
        requestsPerSecond);
    this.clock = checkNotNull(clock, "clock must not be null");
    this.capacity = requestsPerSecond;
    this.tokens = requestsPerSecond;
    this.lastRefillMillis = clock.millis();
  }

  /** Takes one token if there is one; {@code false} means the request must be refused. */
  public synchronized boolean tryAcquire() {
    long now = clock.millis();
    if (now > lastRefillMillis) {
      tokens = Math.min(capacity, tokens + (now - lastRefillMillis) * capacity / 1000.0);
      lastRefillMillis = now;
    }
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }
}
