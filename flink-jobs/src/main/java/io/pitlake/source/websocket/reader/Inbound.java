package io.pitlake.source.websocket.reader;

import java.time.Instant;
import javax.annotation.Nullable;

/**
 * What OkHttp's reader thread hands to the fetcher thread: one frame as received and its receipt
 * instant, or (text {@code null}) a signal that something needs the fetcher's attention.
 *
 * @param generation the connection attempt of the split that received it, so a control message is
 *     answered on the socket it came from and never on a newer one
 */
record Inbound(String splitId, int generation, @Nullable String text, Instant receivedAt) {

  static final Inbound SIGNAL = new Inbound("", -1, null, Instant.EPOCH);

  boolean isSignal() {
    return text == null;
  }
}
