package io.pitlake.simulator;

import java.time.Instant;

/**
 * One minute bar a simulator's websocket sent ({@link ReplayWebSocketServer#sent()}), for tests to
 * compare with what pitlake stored.
 *
 * @param sentAt on the replay's clock
 * @param sentWallMillis on the wall clock, for latency measurements
 */
public record SentBar(
    String symbol,
    long startMillis,
    double o,
    double h,
    double l,
    double c,
    long v,
    double vw,
    long n,
    Instant sentAt,
    long sentWallMillis,
    SentBar.Kind kind) {

  /** Why it went out. */
  public enum Kind {
    /** The first and only send of the bar, its settled values. */
    FINAL,
    /** Preliminary values, revised later. */
    PRELIMINARY,
    /** The settled values after a preliminary send. */
    REVISED,
    /** The settled values a second time, unchanged. */
    RESENT
  }
}
