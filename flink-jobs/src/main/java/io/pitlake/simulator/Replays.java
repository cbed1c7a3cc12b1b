package io.pitlake.simulator;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The websocket replays one simulator runs, and how far they let its REST endpoints see: the
 * simulator is one world with one clock.
 *
 * <p>Why: a gap fill asks the vendor's REST API for the minutes up to "now". A real vendor knows
 * nothing after the present, but a simulator's REST endpoints serve bars and trades of any date,
 * while its websocket replays an older session on a faster clock; without this rule a gap fill
 * during a replay got the replayed session's minutes still to come, and on a weekday during NYSE
 * hours today's minutes too. So while a replay runs (from its first subscription until the
 * simulator closes), the intraday REST endpoints (minute bars, trades) serve only what the replay
 * has made knowable: a minute bar whose window has ended by the replay's clock, a trade whose SIP
 * time is not after it; the replay's clock stops at its session's close for this purpose, so no
 * later session is served. Daily bars and reference data keep the simulator's own clock. Outside a
 * replay nothing changes.
 */
final class Replays implements AutoCloseable {

  private static final long MINUTE_MILLIS = 60_000;

  private final List<ReplayWebSocketServer> servers = new CopyOnWriteArrayList<>();

  /** Adds a replay; it bounds the REST endpoints once a client subscribes. */
  <T extends ReplayWebSocketServer> T add(T server) {
    servers.add(server);
    return server;
  }

  /**
   * Unix ms up to which minute bars (by window end) and trades (by SIP time) are knowable: the
   * earliest {@link ReplayWebSocketServer#knowableUntil} of the replays running, {@link
   * Long#MAX_VALUE} when none runs.
   */
  long knowableMillis() {
    long until = Long.MAX_VALUE;
    for (ReplayWebSocketServer server : servers) {
      if (server.replaying()) {
        until = Math.min(until, server.knowableUntil().toEpochMilli());
      }
    }
    return until;
  }

  /** Whether the minute bar starting at {@code startMillis} has ended by {@code knowableMillis}. */
  static boolean minuteEnded(long startMillis, long knowableMillis) {
    return startMillis <= knowableMillis - MINUTE_MILLIS;
  }

  /** Closes every replay. */
  @Override
  public void close() {
    servers.forEach(ReplayWebSocketServer::close);
    servers.clear();
  }
}
