package io.pitlake.simulator;

import java.io.Serializable;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The clock of a session that a simulator replays faster than real time: it stands at {@code start}
 * until the replay begins, then runs {@code speed} times as fast as the wall clock.
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

  ReplayClock(String id, Instant start, double speed) {
    this.id = id;
    this.startMillis = start.toEpochMilli();
    this.speed = speed;
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
    long due = base + (long) ((at.toEpochMilli() - startMillis) * 1_000_000L / speed);
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
    long elapsedNanos = System.nanoTime() - began;
    return Instant.ofEpochMilli(startMillis).plusNanos((long) (elapsedNanos * speed));
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
