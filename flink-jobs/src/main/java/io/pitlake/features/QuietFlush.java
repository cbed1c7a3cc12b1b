package io.pitlake.features;

import java.io.IOException;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.ToLongFunction;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;

/**
 * When a per-symbol feature engine ({@link BarFeaturesEngine}, {@code MinuteFeaturesEngine})
 * applies the versions waiting in its state: once at the end of a bounded input (its final
 * watermark fires an event-time timer at {@link #END_OF_INPUT}; batch: of each key's input), and in
 * a live run once the symbol has been quiet for the flush delay, so the versions of one fetched
 * page or one frame, which arrive together, are never split between two flushes. Called on the task
 * thread, with the key's state.
 */
public final class QuietFlush {

  /** The final watermark's time: a timer there fires when a bounded input ends. */
  public static final long END_OF_INPUT = Long.MAX_VALUE;

  private QuietFlush() {}

  /**
   * Sets the timers for a version arriving now: one at the end of the input, and with a positive
   * delay one the delay from now, rounded up to 100 ms (at most a few per symbol and delay).
   */
  public static void arm(TimerService timers, ValueState<Long> lastArrival, long flushDelayMillis)
      throws IOException {
    timers.registerEventTimeTimer(END_OF_INPUT);
    if (flushDelayMillis > 0) {
      long now = timers.currentProcessingTime();
      lastArrival.update(now);
      timers.registerProcessingTimeTimer((now + flushDelayMillis) / 100 * 100 + 100);
    }
  }

  /**
   * Whether the timer at {@code timestamp} flushes: not a processing-time one set before a later
   * arrival (a later timer flushes then).
   */
  public static boolean due(
      TimeDomain domain, long timestamp, ValueState<Long> lastArrival, long flushDelayMillis)
      throws IOException {
    Long last = lastArrival.value();
    return domain != TimeDomain.PROCESSING_TIME
        || last == null
        || timestamp >= last + flushDelayMillis;
  }

  /**
   * Calls {@code action} with each instant of {@code sorted} (sorted by {@code instant}) and its
   * elements, in order.
   */
  public static <T> void forEachInstant(
      List<T> sorted, ToLongFunction<T> instant, BiConsumer<Long, List<T>> action) {
    int i = 0;
    while (i < sorted.size()) {
      long k = instant.applyAsLong(sorted.get(i));
      int end = i;
      while (end < sorted.size() && instant.applyAsLong(sorted.get(end)) == k) {
        end++;
      }
      action.accept(k, sorted.subList(i, end));
      i = end;
    }
  }
}
