package io.pitlake.job.ingest;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a live intraday feed subscribes to on its one connection ({@code --channels bars,trades}):
 * minute bars into {@code silver.minute_bars}, trades (with Alpaca's corrections and cancels) into
 * {@code silver.trades}.
 */
public enum IntradayChannel {
  /** Minute bars (Polygon {@code AM}, Alpaca {@code bars} and {@code updatedBars}). */
  BARS,
  /** Trades (Polygon {@code T}, Alpaca {@code trades} with its {@code c} and {@code x}). */
  TRADES;

  /** {@code bars} or {@code trades}, as {@code --channels} spells it. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The channels of a comma list such as {@code bars,trades}.
   *
   * @throws IllegalArgumentException naming the channels there are
   */
  public static Set<IntradayChannel> parse(String list) {
    Set<IntradayChannel> channels = EnumSet.noneOf(IntradayChannel.class);
    for (String id : list.split(",")) {
      IntradayChannel found = null;
      for (IntradayChannel channel : values()) {
        if (channel.id().equals(id.strip().toLowerCase(Locale.ROOT))) {
          found = channel;
        }
      }
      if (found == null) {
        throw new IllegalArgumentException(
            "no channel '" + id.strip() + "': use bars, trades or bars,trades");
      }
      channels.add(found);
    }
    return channels;
  }
}
