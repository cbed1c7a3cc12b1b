package io.pitlake.job.ingest;

import io.pitlake.source.websocket.Outage;
import io.pitlake.source.websocket.ReceivedElement;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.Nullable;

/**
 * An outage and what its gap fill fetched: the bars and trades as websocket elements (received at
 * their page's fetch time, split id ending {@link GapFiller#SPLIT_SUFFIX}) and one row of {@code
 * bronze.feed_outages}.
 *
 * @param vendor the vendor id
 * @param outage the blindness
 * @param symbols every symbol of the feed, all blind
 * @param bars the fetched bars inside the outage's windows, as the vendor's websocket elements
 * @param trades the fetched trades inside the outage's trade windows, as websocket elements
 * @param filledFrom the earliest window start asked for, {@code null} when nothing was asked
 * @param filledUntil the latest window end asked for, {@code null} when nothing was asked
 * @param requests REST splits read
 * @param error why the fill fell short (failure records, a refused key, a timeout), else {@code
 *     null}
 * @param completedAt when the fill ended: the row's {@code available_at}
 */
public record GapFilled(
    String vendor,
    Outage outage,
    List<String> symbols,
    List<ReceivedElement> bars,
    List<ReceivedElement> trades,
    @Nullable Instant filledFrom,
    @Nullable Instant filledUntil,
    int requests,
    @Nullable String error,
    Instant completedAt)
    implements Serializable {

  /** Plain copies: Kryo, which carries the record between operators, cannot rebuild immutables. */
  public GapFilled {
    symbols = new ArrayList<>(symbols);
    bars = new ArrayList<>(bars);
    trades = new ArrayList<>(trades);
  }
}
