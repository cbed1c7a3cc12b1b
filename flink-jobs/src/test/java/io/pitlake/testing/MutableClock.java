package io.pitlake.testing;

import java.io.Serializable;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A clock tests move by hand, so "the vendor revised a bar at T" is deterministic.
 *
 * <p>It is serializable so that a job can run on it: a copy that Flink deserializes in this JVM (a
 * MiniCluster's source enumerator and readers) resolves to the test's own instance, so when the
 * test moves the clock the job sees it move too, as the simulators serving that job do.
 */
public final class MutableClock extends Clock implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Every clock made in this JVM, by id, for {@link #readResolve()}. */
  private static final Map<String, MutableClock> IN_THIS_JVM = new ConcurrentHashMap<>();

  private final String id = UUID.randomUUID().toString();
  private volatile Instant now;

  public MutableClock(Instant now) {
    this.now = now;
    IN_THIS_JVM.put(id, this);
  }

  public void set(Instant instant) {
    now = instant;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now;
  }

  /** A copy deserialized in this JVM is the original: one clock, however often serialized. */
  private Object readResolve() {
    return IN_THIS_JVM.getOrDefault(id, this);
  }
}
