package io.pitlake.simulator;

import static org.apache.flink.util.Preconditions.checkArgument;

import java.io.Serializable;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The clock of the sessions that a simulator replays faster than real time: it stands at the first
 * span's start until the replay begins, then runs {@code speed} times as fast as the wall clock
 * through its spans one after the other, jumping from the end of one span to the start of the next
 * (from after a session's close to before the next open): a week of sessions replays without the
 * nights and weekends, in which nothing is sent.
 *
 * <p>A source that stamps receipt times with this clock ({@code WebSocketSourceBuilder#setClock})
 * sees each bar arrive after its window ends, on the session's own time line, however fast the
 * replay. It is serializable and finds the replay's start by its id in this JVM, so it serves a
 * Flink MiniCluster in the simulator's JVM (tests), not a remote cluster.
 */
public final class ReplayClock extends Clock implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Replay id to the {@link System#nanoTime()} at which it began. */
  private static final Map<String, Long> STARTED = new ConcurrentHashMap<>();

  private final String id;
  private final long startMillis;
  private final double speed;
  // Span k runs from spanStarts[k] to spanEnds[k]; the last one has no end.
  private final long[] spanStarts;
  private final long[] spanEnds;

  ReplayClock(String id, Instant start, double speed) {
    this(id, List.of(start), List.of(), speed);
  }

  /**
   * @param starts where each span begins on the session's time line, in order
   * @param ends where each span but the last ends, after its start and before the next one's
   */
  ReplayClock(String id, List<Instant> starts, List<Instant> ends, double speed) {
    checkArgument(
        !starts.isEmpty() && ends.size() == starts.size() - 1,
        "%s span starts need one end fewer, not %s",
        starts.size(),
        ends.size());
    this.id = id;
    this.spanStarts = starts.stream().mapToLong(Instant::toEpochMilli).toArray();
    this.spanEnds = ends.stream().mapToLong(Instant::toEpochMilli).toArray();
    for (int k = 0; k < spanEnds.length; k++) {
      checkArgument(
          spanStarts[k] < spanEnds[k] && spanEnds[k] <= spanStarts[k + 1],
          "span %s ends at %s: after its start and not after the next start",
          k,
          ends.get(k));
    }
    this.startMillis = spanStarts[0];
    this.speed = speed;
  }

  /**
   * Session milliseconds replayed from the start until the session time {@code at}; a time between
   * two spans is due when the next one begins.
   */
  private long replayedMillis(long at) {
    long before = 0;
    for (int k = 0; ; k++) {
      if (k == spanEnds.length || at < spanEnds[k]) {
        return before + Math.max(0, at - spanStarts[k]);
      }
      before += spanEnds[k] - spanStarts[k];
    }
  }

  /** The session time after {@code replayed} session milliseconds of replay. */
  private long at(long replayed) {
    long left = replayed;
    for (int k = 0; k < spanEnds.length; k++) {
      long length = spanEnds[k] - spanStarts[k];
      if (left < length) {
        return spanStarts[k] + left;
      }
      left -= length;
    }
    return spanStarts[spanEnds.length] + left;
  }

  /** Starts the clock now; later calls change nothing. */
  void begin() {
    STARTED.putIfAbsent(id, System.nanoTime());
  }

  boolean begun() {
    return STARTED.containsKey(id);
  }

  /** The wall-clock nanos from the replay's start until the session reaches {@code at}. */
  long nanosUntil(Instant at) {
    Long began = STARTED.get(id);
    long base = began == null ? System.nanoTime() : began;
    long due = base + (long) (replayedMillis(at.toEpochMilli()) * 1_000_000L / speed);
    return due - System.nanoTime();
  }

  /** Forgets the replay; its clock stands still again. */
  void end() {
    STARTED.remove(id);
  }

  @Override
  public Instant instant() {
    Long began = STARTED.get(id);
    if (began == null) {
      return Instant.ofEpochMilli(startMillis);
    }
    double replayedNanos = (System.nanoTime() - began) * speed;
    long replayedMillis = (long) (replayedNanos / 1_000_000);
    return Instant.ofEpochMilli(at(replayedMillis))
        .plusNanos((long) (replayedNanos - replayedMillis * 1_000_000d));
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a replay clock runs in UTC");
  }

  @Override
  public String toString() {
    return "ReplayClock[" + Instant.ofEpochMilli(startMillis) + " x" + speed + "]";
  }
}
