package io.pitlake.source.websocket;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A time a split was blind: from the moment its connection was lost (or, after a restore from a
 * checkpoint, its newest high-water mark) to the moment it was subscribed again. The source emits
 * one per blindness, in order with the elements, so that a gap fill downstream knows the window to
 * fetch from REST and the outage table records it.
 *
 * @param splitId the split that was blind
 * @param cause {@link #DISCONNECT}, {@link #QUEUE_OVERFLOW}, {@link #REFUSED} or {@link #RESTORE}:
 *     what began the blindness
 * @param detail the first reason in words (e.g. the vendor's {@code slow_consumer} notice)
 * @param start when the split went blind; for a restore, the newest event time the checkpoint holds
 *     (the job may have run a little beyond it)
 * @param end when the split was subscribed again
 * @param channels what the split subscribes to
 * @param highWaterMarks per key, the newest event time (Unix ms) emitted before the outage ended
 */
public record Outage(
    String splitId,
    String cause,
    String detail,
    Instant start,
    Instant end,
    List<String> channels,
    SortedMap<String, Long> highWaterMarks)
    implements Serializable {

  /**
   * The connection closed or failed, or the vendor dropped it (slow consumer, force disconnect).
   */
  public static final String DISCONNECT = "disconnect";

  /** The reader's queue filled: the job fell behind and the connection was dropped on purpose. */
  public static final String QUEUE_OVERFLOW = "queue_overflow";

  /** The vendor refused the upgrade or the connection (406, 407, 429, max_connections). */
  public static final String REFUSED = "refused";

  /** The job was restored from a checkpoint: what arrived after it is gone. */
  public static final String RESTORE = "restore";

  /**
   * Copies the collections into plain {@link ArrayList} and {@link TreeMap}: the record travels
   * between operators through Kryo, which cannot rebuild unmodifiable collections. Nothing changes
   * them after construction.
   */
  public Outage {
    channels = new ArrayList<>(channels);
    highWaterMarks = new TreeMap<>(highWaterMarks);
  }

  /** The same outage with {@code marks} as the high-water marks at its end. */
  public Outage withHighWaterMarks(Map<String, Long> marks) {
    return new Outage(splitId, cause, detail, start, end, channels, new TreeMap<>(marks));
  }
}
