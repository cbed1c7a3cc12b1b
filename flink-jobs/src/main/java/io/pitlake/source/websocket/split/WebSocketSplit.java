package io.pitlake.source.websocket.split;

import static org.apache.flink.util.Preconditions.checkArgument;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.flink.api.connector.source.SourceSplit;

/**
 * One websocket connection and the channels it subscribes to, plus what it received.
 *
 * <p>A websocket cannot rewind, so the split's progress is not a position to resume from but the
 * newest event time received per high-water-mark key ({@code AM.AAPL}: channel and symbol). A
 * restored or reconnected split knows from them where the gap it must fill from REST begins.
 *
 * @param splitId unique and deterministic, e.g. {@code polygon:stocks:AM}
 * @param url the websocket URL; it must carry no credential (auth is a message)
 * @param channels what to subscribe to, in the vendor's spelling, e.g. {@code AM.AAPL}
 * @param highWaterMarks newest event time (Unix ms) received per key, of emitted elements only
 */
public record WebSocketSplit(
    String splitId, String url, List<String> channels, SortedMap<String, Long> highWaterMarks)
    implements SourceSplit, java.io.Serializable {

  public WebSocketSplit {
    checkArgument(splitId != null && !splitId.isBlank(), "splitId must not be blank");
    checkArgument(url != null && !url.isBlank(), "url of split %s must not be blank", splitId);
    checkArgument(
        channels != null && !channels.isEmpty(),
        "split %s subscribes to nothing: list at least one channel",
        splitId);
    channels = List.copyOf(channels);
    highWaterMarks = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(highWaterMarks));
  }

  /** A split that has received nothing yet. */
  public static WebSocketSplit of(String splitId, String url, List<String> channels) {
    return new WebSocketSplit(splitId, url, channels, new TreeMap<>());
  }

  /** The same split with {@code marks} as its high-water marks. */
  public WebSocketSplit withHighWaterMarks(Map<String, Long> marks) {
    return new WebSocketSplit(splitId, url, channels, new TreeMap<>(marks));
  }
}
