package io.pitlake.source.websocket;

import java.io.Serializable;
import java.time.Instant;
import javax.annotation.Nullable;

/**
 * One data element of a websocket frame exactly as received, or one frame that could not be read.
 *
 * <p>The source stays vendor-neutral: it emits the JSON text of every data element of every frame
 * and leaves typing and validation to the vendor package downstream. A frame that is not a JSON
 * array of objects is not lost: it is emitted once with {@code failure} set and the raw text as
 * {@code payload}, so the job can quarantine it.
 *
 * @param splitId the split (connection and channel set) that received it
 * @param endpoint the websocket URL, which carries no credential
 * @param payload the element's JSON text, or the raw frame of a failure
 * @param receivedAt when the frame arrived, stamped in OkHttp's callback before any queue
 * @param failure {@code null} for a data element, otherwise why the frame was rejected
 * @param outage set (and {@code payload} empty) on the element that ends a blindness of the split
 *     ({@link Outage}): the gap fill's and the outage table's input, never a data element
 */
public record ReceivedElement(
    String splitId,
    String endpoint,
    String payload,
    Instant receivedAt,
    @Nullable String failure,
    @Nullable Outage outage)
    implements Serializable {

  /** A data element ({@code failure} null) or an unreadable frame. */
  public ReceivedElement(
      String splitId,
      String endpoint,
      String payload,
      Instant receivedAt,
      @Nullable String failure) {
    this(splitId, endpoint, payload, receivedAt, failure, null);
  }

  /** The element that says {@code outage} ended, received at its end. */
  public static ReceivedElement ofOutage(String endpoint, Outage outage) {
    return new ReceivedElement(outage.splitId(), endpoint, "", outage.end(), null, outage);
  }

  public boolean isFailure() {
    return failure != null;
  }

  public boolean isOutage() {
    return outage != null;
  }
}
