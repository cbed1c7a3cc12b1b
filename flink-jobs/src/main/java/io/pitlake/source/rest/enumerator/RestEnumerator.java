package io.pitlake.source.rest.enumerator;

import io.pitlake.source.rest.FollowMode;
import io.pitlake.source.rest.split.RestSplit;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.Nullable;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.metrics.Gauge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands out splits, one per request: a fixed list that ends the bounded run, or, when the source
 * follows a dataset ({@link FollowMode}), the splits of each newly published day as it appears.
 *
 * <p>Readers pull: a reader asks for a split when it starts and whenever it finished one, so a slow
 * symbol never holds back splits another reader could take, and the hand-out order (time first, see
 * {@link RestSplit#chunks}) is kept across readers. When the queue of a bounded run is empty the
 * requester is told there are no more splits, which lets it end its input; a following run parks
 * the request until the next discovery finds work.
 *
 * <p>All methods run on the source coordinator thread (discovery asks the clock on a worker thread
 * and hands the answer back to it); the gauges are read by the metric reporter thread, hence the
 * volatile counters.
 */
public class RestEnumerator implements SplitEnumerator<RestSplit, RestEnumState> {

  public static final String SPLITS_TOTAL_GAUGE = "splitsTotal";
  public static final String SPLITS_ASSIGNED_GAUGE = "splitsAssigned";

  private static final Logger LOG = LoggerFactory.getLogger(RestEnumerator.class);

  private final SplitEnumeratorContext<RestSplit> context;
  private final Deque<RestSplit> pending;
  @Nullable private final FollowMode follow;
  private final Set<Integer> waiting = new TreeSet<>();
  @Nullable private LocalDate coveredTo;
  private volatile int totalSplits;
  private volatile int assignedSplits;

  /** A bounded run over the splits of {@code state}. */
  public RestEnumerator(SplitEnumeratorContext<RestSplit> context, RestEnumState state) {
    this(context, state, null);
  }

  /**
   * @param follow {@code null} for a bounded run
   */
  public RestEnumerator(
      SplitEnumeratorContext<RestSplit> context, RestEnumState state, @Nullable FollowMode follow) {
    this.context = context;
    this.pending = new ArrayDeque<>(state.pendingSplits());
    this.follow = follow;
    this.coveredTo = state.coveredTo();
    this.totalSplits = state.totalSplits();
    this.assignedSplits = totalSplits - pending.size();
  }

  /** Registers the progress gauges and, when following, the periodic discovery. */
  @Override
  public void start() {
    context.metricGroup().gauge(SPLITS_TOTAL_GAUGE, (Gauge<Integer>) () -> totalSplits);
    context.metricGroup().gauge(SPLITS_ASSIGNED_GAUGE, (Gauge<Integer>) () -> assignedSplits);
    LOG.info("REST source: {} of {} splits still to assign", pending.size(), totalSplits);
    if (follow != null) {
      LOG.info(
          "REST source follows {} keys from {}, covered through {}, looking every {}",
          follow.keys().size(),
          follow.from(),
          coveredTo,
          follow.interval());
      context.callAsync(
          () -> follow.availableThrough().at(follow.clock().instant()),
          this::discovered,
          0,
          follow.interval().toMillis());
    }
  }

  /** Assigns the next split, or signals the end, or (following) parks the request. */
  @Override
  public void handleSplitRequest(int subtaskId, @Nullable String requesterHostname) {
    RestSplit next = pending.poll();
    if (next != null) {
      assign(next, subtaskId);
    } else if (follow != null) {
      waiting.add(subtaskId);
    } else {
      context.signalNoMoreSplits(subtaskId);
    }
  }

  /**
   * Takes back the splits of a failed reader (with the progress of its last checkpoint) and puts
   * them first, so they keep their place in the time order.
   */
  @Override
  public void addSplitsBack(List<RestSplit> splits, int subtaskId) {
    for (int i = splits.size() - 1; i >= 0; i--) {
      pending.addFirst(splits.get(i));
    }
    assignedSplits -= splits.size();
    waiting.remove(subtaskId);
    LOG.info("Subtask {} returned {} splits", subtaskId, splits.size());
  }

  /** Readers pull splits, so a new reader needs nothing until it asks. */
  @Override
  public void addReader(int subtaskId) {}

  @Override
  public RestEnumState snapshotState(long checkpointId) {
    return new RestEnumState(new ArrayList<>(pending), totalSplits, coveredTo);
  }

  @Override
  public void close() {}

  /**
   * Queues the splits of what was published since the last discovery, and serves parked readers.
   */
  private void discovered(@Nullable LocalDate newest, @Nullable Throwable failure) {
    if (failure != null) {
      LOG.warn("REST source: cannot tell which days are published; trying again later", failure);
      return;
    }
    List<RestSplit> found = follow.splitsAfter(coveredTo, newest);
    if (found.isEmpty()) {
      return;
    }
    LOG.info(
        "REST source: {} published through {}; {} new splits", follow.keys(), newest, found.size());
    pending.addAll(found);
    totalSplits += found.size();
    coveredTo = newest;
    for (Iterator<Integer> readers = waiting.iterator();
        readers.hasNext() && !pending.isEmpty(); ) {
      int subtask = readers.next();
      readers.remove();
      if (context.registeredReaders().containsKey(subtask)) {
        assign(pending.poll(), subtask);
      }
    }
  }

  private void assign(RestSplit split, int subtaskId) {
    assignedSplits++;
    context.assignSplit(split, subtaskId);
    LOG.debug("Assigned split {} to subtask {}", split.splitId(), subtaskId);
  }
}
