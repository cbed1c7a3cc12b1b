package io.pitlake.job.ingest;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Options of a live feed's REST gap fill ({@link GapFiller}). */
public final class GapFillOptions {

  public static final ConfigOption<Duration> TIMEOUT =
      ConfigOptions.key("gap-fill.timeout")
          .durationType()
          .defaultValue(Duration.ofMinutes(10))
          .withDescription(
              "How long one outage's REST gap fill may take before its outage is recorded as not"
                  + " filled (fill_error in bronze.feed_outages). Raise it for many symbols on a"
                  + " plan with few requests per minute; the default is 10 minutes.");

  public static final ConfigOption<Duration> REVISION_LOOKBACK =
      ConfigOptions.key("gap-fill.revision-lookback")
          .durationType()
          .defaultValue(Duration.ofMinutes(20))
          .withDescription(
              "How far before a symbol's high-water mark a gap fill starts. A vendor re-sends a"
                  + " revised minute later (Polygon up to ~15 minutes, Alpaca's updatedBars ~30 s):"
                  + " a re-send that fell into the outage is lost unless the fill asks for that"
                  + " minute again. Bars fetched again unchanged add nothing. Default 20 minutes.");

  public static final ConfigOption<Duration> TRADES_LOOKBACK =
      ConfigOptions.key("gap-fill.trades-lookback")
          .durationType()
          .defaultValue(Duration.ofMinutes(1))
          .withDescription(
              "How far before a symbol's newest trade (its high-water mark) a trades gap fill"
                  + " starts, and how far past the outage's end it reaches: trades arrive a little"
                  + " out of SIP order, and the vendor may send some between taking the"
                  + " subscription and pitlake receiving its answer. Trades fetched again add"
                  + " nothing (deduplicated by id). Default 1 minute.");

  public static final ConfigOption<Integer> CAPACITY =
      ConfigOptions.key("gap-fill.capacity")
          .intType()
          .defaultValue(16)
          .withDescription(
              "Outages whose gap fill may be in flight at once (they run one after another; the"
                  + " rest wait in checkpointed state). Beyond it the feed waits. Default 16.");

  private GapFillOptions() {}
}
