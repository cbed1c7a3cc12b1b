package io.pitlake.source.rest.reader;

import java.time.Duration;

/**
 * The waits of a fetcher thread (backoff, rate limit, paused splits), which {@link #wakeUp()} must
 * be able to end: Flink wakes a split reader up to hand it new splits or to shut it down, and
 * {@code SplitReader.fetch()} must then return promptly.
 */
interface Sleeper {

  /**
   * Waits for {@code duration} on the fetcher thread; {@link Duration#ZERO} only checks for a
   * pending wake-up.
   *
   * @return {@code true} if the whole duration passed, {@code false} if a wake-up ended the wait
   *     (the wake-up is then consumed)
   */
  boolean sleep(Duration duration) throws InterruptedException;

  /** Ends the current wait, or the next one if none is in progress. Called from the task thread. */
  void wakeUp();
}
