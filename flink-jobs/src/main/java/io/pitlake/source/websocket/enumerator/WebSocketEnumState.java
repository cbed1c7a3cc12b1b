package io.pitlake.source.websocket.enumerator;

import io.pitlake.source.websocket.split.WebSocketSplit;
import java.util.List;

/**
 * What the enumerator checkpoints: the splits not assigned to a reader, with the high-water marks
 * they had when a failed reader gave them back. Assigned splits are checkpointed by their readers.
 */
public record WebSocketEnumState(List<WebSocketSplit> pendingSplits) {

  public WebSocketEnumState {
    pendingSplits = List.copyOf(pendingSplits);
  }
}
