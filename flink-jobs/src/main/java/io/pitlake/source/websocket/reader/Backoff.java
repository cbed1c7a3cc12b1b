package io.pitlake.source.websocket.reader;

import static org.apache.flink.util.Preconditions.checkArgument;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter for reconnects: the n-th wait in a row is drawn uniformly from
 * {@code [cap/2, cap]} with {@code cap = min(max, initial * 2^(n-1))}. The lower half keeps a
 * client that was knocked off from returning at once; the random half keeps clients knocked off
 * together from returning together. Not thread-safe: its connection guards it.
 */
final class Backoff {

  private final long initialNanos;
  private final long maxNanos;
  private final DoubleSupplier random;
  private int attempts;

  Backoff(Duration initial, Duration max, DoubleSupplier random) {
    checkArgument(
        initial.toNanos() > 0 && max.compareTo(initial) >= 0,
        "backoff needs 0 < initial (%s) <= max (%s)",
        initial,
        max);
    this.initialNanos = initial.toNanos();
    this.maxNanos = max.toNanos();
    this.random = random;
  }

  /** The wait before the next attempt; each call counts one attempt. */
  Duration next() {
    long cap = initialNanos;
    for (int i = 0; i < attempts && cap < maxNanos; i++) {
      cap = cap * 2;
    }
    cap = Math.min(cap, maxNanos);
    attempts++;
    long half = cap / 2;
    return Duration.ofNanos(half + (long) (random.getAsDouble() * (cap - half)));
  }

  /** Starts again from the initial cap: the connection was healthy. */
  void reset() {
    attempts = 0;
  }

  /** Attempts since the last reset. */
  int attempts() {
    return attempts;
  }
}
