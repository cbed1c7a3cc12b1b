package io.pitlake.source.websocket.enumerator;

import io.pitlake.source.websocket.split.WebSocketSplit;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.Nullable;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands every unassigned split to the first reader that asks.
 *
 * <p>A vendor allows one connection per key, and a second connection on the same key knocks the
 * first one off: so a feed runs at parallelism 1 and its splits (one per connection and channel
 * set) all go to one reader. Splits never finish; a failed reader's splits come back with the high
 * water marks of its last checkpoint and go to the next reader that asks. The source never ends.
 * All methods run on the source coordinator thread.
 */
public class WebSocketEnumerator implements SplitEnumerator<WebSocketSplit, WebSocketEnumState> {

  private static final Logger LOG = LoggerFactory.getLogger(WebSocketEnumerator.class);

  private final SplitEnumeratorContext<WebSocketSplit> context;
  private final List<WebSocketSplit> pending;

  public WebSocketEnumerator(
      SplitEnumeratorContext<WebSocketSplit> context, WebSocketEnumState state) {
    this.context = context;
    this.pending = new ArrayList<>(state.pendingSplits());
  }

  @Override
  public void start() {
    LOG.info("websocket source: {} connections to assign", pending.size());
  }

  /** Assigns every pending split to the requester. */
  @Override
  public void handleSplitRequest(int subtaskId, @Nullable String requesterHostname) {
    if (pending.isEmpty()) {
      return;
    }
    for (WebSocketSplit split : pending) {
      context.assignSplit(split, subtaskId);
      LOG.info("websocket split {} goes to subtask {}", split.splitId(), subtaskId);
    }
    pending.clear();
  }

  /** Takes back a failed reader's splits; the restarted reader asks for them again. */
  @Override
  public void addSplitsBack(List<WebSocketSplit> splits, int subtaskId) {
    pending.addAll(splits);
    LOG.info("Subtask {} returned {} websocket splits", subtaskId, splits.size());
  }

  /** Readers pull: a new reader asks in its {@code start()}. */
  @Override
  public void addReader(int subtaskId) {}

  @Override
  public WebSocketEnumState snapshotState(long checkpointId) {
    return new WebSocketEnumState(pending);
  }

  @Override
  public void close() {}
}
