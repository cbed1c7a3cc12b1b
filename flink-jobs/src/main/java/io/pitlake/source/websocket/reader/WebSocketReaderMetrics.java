package io.pitlake.source.websocket.reader;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * The websocket reader's figures, in the metric group {@code websocket} of the source reader.
 * OkHttp's threads, the fetcher thread and the task thread all update them, hence atomics exposed
 * as gauges.
 */
public final class WebSocketReaderMetrics {

  public static final String GROUP = "websocket";
  public static final String FRAMES = "framesReceived";
  public static final String ELEMENTS = "elementsEmitted";
  public static final String RECONNECTS = "reconnects";
  public static final String OVERFLOWS = "queueOverflows";
  public static final String REJECTED_SUBSCRIPTIONS = "subscriptionsRejected";
  public static final String UNREADABLE_FRAMES = "unreadableFrames";
  public static final String CONNECTED = "connected";

  private final AtomicLong frames = new AtomicLong();
  private final AtomicLong elements = new AtomicLong();
  private final AtomicLong reconnects = new AtomicLong();
  private final AtomicLong overflows = new AtomicLong();
  private final AtomicLong rejectedSubscriptions = new AtomicLong();
  private final AtomicLong unreadableFrames = new AtomicLong();
  private final AtomicLong connected = new AtomicLong();

  public WebSocketReaderMetrics(MetricGroup readerGroup) {
    MetricGroup group = readerGroup.addGroup(GROUP);
    group.gauge(FRAMES, (Gauge<Long>) frames::get);
    group.gauge(ELEMENTS, (Gauge<Long>) elements::get);
    group.gauge(RECONNECTS, (Gauge<Long>) reconnects::get);
    group.gauge(OVERFLOWS, (Gauge<Long>) overflows::get);
    group.gauge(REJECTED_SUBSCRIPTIONS, (Gauge<Long>) rejectedSubscriptions::get);
    group.gauge(UNREADABLE_FRAMES, (Gauge<Long>) unreadableFrames::get);
    group.gauge(CONNECTED, (Gauge<Long>) connected::get);
  }

  void frameReceived() {
    frames.incrementAndGet();
  }

  void elementsRead(int count) {
    elements.addAndGet(count);
  }

  void reconnecting() {
    reconnects.incrementAndGet();
  }

  void overflowed() {
    overflows.incrementAndGet();
  }

  void subscriptionRejected() {
    rejectedSubscriptions.incrementAndGet();
  }

  void unreadableFrame() {
    unreadableFrames.incrementAndGet();
  }

  void connectionsSubscribed(long delta) {
    connected.addAndGet(delta);
  }

  public long reconnects() {
    return reconnects.get();
  }

  public long overflows() {
    return overflows.get();
  }

  public long rejectedSubscriptions() {
    return rejectedSubscriptions.get();
  }

  public long frames() {
    return frames.get();
  }
}
