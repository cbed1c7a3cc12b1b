package io.pitlake.source.websocket.split;

import java.util.HashMap;
import java.util.Map;

/**
 * The mutable progress of a {@link WebSocketSplit} inside a reader: its high-water marks.
 *
 * <p>Only the record emitter advances it, on the task thread, after it emitted the element: so a
 * checkpoint (also taken on the task thread) holds exactly the newest event times whose elements
 * went downstream before the checkpoint barrier.
 */
public final class WebSocketSplitState {

  private final WebSocketSplit split;
  private final Map<String, Long> highWaterMarks;

  public WebSocketSplitState(WebSocketSplit split) {
    this.split = split;
    this.highWaterMarks = new HashMap<>(split.highWaterMarks());
  }

  /** Records that an element of {@code key} with event time {@code eventTimeMillis} was emitted. */
  public void received(String key, long eventTimeMillis) {
    highWaterMarks.merge(key, eventTimeMillis, Math::max);
  }

  public WebSocketSplit toSplit() {
    return split.withHighWaterMarks(highWaterMarks);
  }
}
