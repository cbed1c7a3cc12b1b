package io.pitlake.job.ingest;

import io.pitlake.source.websocket.Outage;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The minute bars of one symbol a gap fill fetches after an {@link Outage}: those starting at or
 * after {@code from} whose window ended by {@code until}. Never a minute still open when the feed
 * was back: {@code until} is the outage's end, floored to the minute.
 *
 * @param symbol as the vendor spells it
 * @param from the earlier of the symbol's high-water mark (the newest bar the feed emitted) and the
 *     outage's start floored to the minute, less the revision lookback: a vendor's re-send of an
 *     older minute that fell into the outage is fetched too (a bar fetched again unchanged adds
 *     nothing)
 * @param until the latest window end to keep
 */
public record GapWindow(String symbol, Instant from, Instant until) {

  /**
   * The windows of {@code outage} for {@code symbols}, leaving out a symbol whose window is empty.
   *
   * @param channelsOf the split's high-water-mark keys of one symbol, e.g. {@code AM.AAPL}
   * @param revisionLookback how far before the mark a vendor may still re-send a minute
   */
  public static List<GapWindow> of(
      Outage outage,
      List<String> symbols,
      Function<String, List<String>> channelsOf,
      Duration revisionLookback) {
    return of(outage, symbols, channelsOf, revisionLookback, ChronoUnit.MINUTES);
  }

  /**
   * The windows of {@code outage} as {@link #of(Outage, List, Function, Duration)}, its bounds
   * truncated to {@code unit}: minutes for bars (never a minute still open), milliseconds for
   * trades (a trade is an instant: every one before the feed was back is fetched).
   */
  public static List<GapWindow> of(
      Outage outage,
      List<String> symbols,
      Function<String, List<String>> channelsOf,
      Duration lookback,
      ChronoUnit unit) {
    Instant until = outage.end().truncatedTo(unit);
    Instant blindFrom = outage.start().truncatedTo(unit);
    List<GapWindow> windows = new ArrayList<>();
    for (String symbol : symbols) {
      Long mark = null;
      for (String key : channelsOf.apply(symbol)) {
        Long value = outage.highWaterMarks().get(key);
        if (value != null && (mark == null || value > mark)) {
          mark = value;
        }
      }
      Instant since =
          mark == null || blindFrom.isBefore(Instant.ofEpochMilli(mark))
              ? blindFrom
              : Instant.ofEpochMilli(mark);
      Instant from = since.minus(lookback);
      if (from.isBefore(until)) {
        windows.add(new GapWindow(symbol, from, until));
      }
    }
    return windows;
  }

  /** Whether a bar of this symbol starting at {@code start} and ending at {@code end} is wanted. */
  public boolean holds(Instant start, Instant end) {
    return !start.isBefore(from) && !end.isAfter(until);
  }
}
