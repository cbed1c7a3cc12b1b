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
 */
public record ReceivedElement(
    String splitId, String endpoint, String payload, Instant receivedAt, @Nullable String failure)
    implements Serializable {

  public boolean isFailure() {
    return failure != null;
  }
}
