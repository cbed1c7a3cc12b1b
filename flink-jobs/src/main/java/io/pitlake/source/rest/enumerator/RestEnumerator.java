package io.pitlake.source.rest.enumerator;

import io.pitlake.source.rest.split.RestSplit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import javax.annotation.Nullable;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.metrics.Gauge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands out a fixed list of splits, one per request, and ends the bounded run.
 *
 * <p>Readers pull: a reader asks for a split when it starts and whenever it finished one, so a slow
 * symbol never holds back splits another reader could take, and the hand-out order (time first, see
 * {@link RestSplit#chunks}) is kept across readers. When the queue is empty the requester is told
 * there are no more splits, which lets it end its input.
 *
 * <p>All methods run on the source coordinator thread; the gauges are read by the metric reporter
 * thread, hence the volatile counter.
 */
public class RestEnumerator implements SplitEnumerator<RestSplit, RestEnumState> {

  public static final String SPLITS_TOTAL_GAUGE = "splitsTotal";
  public static final String SPLITS_ASSIGNED_GAUGE = "splitsAssigned";

  private static final Logger LOG = LoggerFactory.getLogger(RestEnumerator.class);

  private final SplitEnumeratorContext<RestSplit> context;
  private final Deque<RestSplit> pending;
  private final int totalSplits;
  private volatile int assignedSplits;

  public RestEnumerator(SplitEnumeratorContext<RestSplit> context, RestEnumState state) {
    this.context = context;
    this.pending = new ArrayDeque<>(state.pendingSplits());
    this.totalSplits = state.totalSplits();
    this.assignedSplits = totalSplits - pending.size();
  }

  /** Registers the progress gauges; coordinator thread. */
  @Override
  public void start() {
    context.metricGroup().gauge(SPLITS_TOTAL_GAUGE, (Gauge<Integer>) () -> totalSplits);
    context.metricGroup().gauge(SPLITS_ASSIGNED_GAUGE, (Gauge<Integer>) () -> assignedSplits);
    LOG.info("REST source: {} of {} splits still to assign", pending.size(), totalSplits);
  }

  /** Assigns the next split, or signals the end; coordinator thread. */
  @Override
  public void handleSplitRequest(int subtaskId, @Nullable String requesterHostname) {
    RestSplit next = pending.poll();
    if (next == null) {
      context.signalNoMoreSplits(subtaskId);
      return;
    }
    assignedSplits++;
    context.assignSplit(next, subtaskId);
    LOG.debug("Assigned split {} to subtask {}", next.splitId(), subtaskId);
  }

  /**
   * Takes back the splits of a failed reader (with the progress of its last checkpoint) and puts
   * them first, so they keep their place in the time order; coordinator thread.
   */
  @Override
  public void addSplitsBack(List<RestSplit> splits, int subtaskId) {
    for (int i = splits.size() - 1; i >= 0; i--) {
      pending.addFirst(splits.get(i));
    }
    assignedSplits -= splits.size();
    LOG.info("Subtask {} returned {} splits", subtaskId, splits.size());
  }

  /** Readers pull splits, so a new reader needs nothing until it asks. */
  @Override
  public void addReader(int subtaskId) {}

  /** Coordinator thread. */
  @Override
  public RestEnumState snapshotState(long checkpointId) {
    return new RestEnumState(new ArrayList<>(pending), totalSplits);
  }

  @Override
  public void close() {}
}
