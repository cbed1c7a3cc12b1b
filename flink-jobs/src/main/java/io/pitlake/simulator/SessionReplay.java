package io.pitlake.simulator;

import static org.apache.flink.util.Preconditions.checkArgument;

import io.pitlake.time.NyseCalendar;
import java.time.LocalDate;
import java.util.List;

/**
 * How the Polygon simulator's websocket replays a session of minute aggregates ({@code AM}).
 *
 * <p>Each minute's bar goes out {@code 1} to {@code 2.5} s (session time) after its window ends. A
 * fraction {@code revisionRate} of the bars first goes out with preliminary values (less volume,
 * another close) and again, settled, 1 to 15 minutes later, as Polygon re-sends a bar when late
 * trades arrive; a fraction {@code resendRate} goes out twice with the same values. Settled bars
 * equal the REST simulator's {@code /range/1/minute} bars of the same session.
 *
 * @param session the NYSE session to replay
 * @param speed session seconds per wall-clock second, 1 to 10,000
 * @param symbols the symbols streamed; empty: those of the first subscription
 * @param revisionRate fraction of bars sent first with preliminary values, 0 to 1
 * @param resendRate fraction of bars sent twice unchanged, 0 to 1
 * @param seed draws which bars are revised and when, and the chaos
 * @param malformedRate chaos: fraction of frames preceded by a copy cut in half (not JSON)
 * @param disconnectRate chaos: fraction of frames that a client does not get because its connection
 *     is dropped instead, half with Polygon's {@code force_disconnect} and a close, half abruptly
 *     (without a close frame)
 */
public record SessionReplay(
    LocalDate session,
    double speed,
    List<String> symbols,
    double revisionRate,
    double resendRate,
    long seed,
    double malformedRate,
    double disconnectRate) {

  public SessionReplay {
    checkArgument(NyseCalendar.instance().isSession(session), "%s is not an NYSE session", session);
    checkArgument(speed >= 1 && speed <= 10_000, "speed %s: use 1 to 10000", speed);
    checkArgument(
        revisionRate >= 0 && resendRate >= 0 && revisionRate + resendRate <= 1,
        "revisionRate %s and resendRate %s must be fractions that add up to at most 1",
        revisionRate,
        resendRate);
    checkArgument(
        malformedRate >= 0 && malformedRate <= 1 && disconnectRate >= 0 && disconnectRate <= 1,
        "chaos rates %s and %s must be fractions",
        malformedRate,
        disconnectRate);
    symbols = List.copyOf(symbols);
  }

  /** A replay without chaos. */
  public SessionReplay(
      LocalDate session,
      double speed,
      List<String> symbols,
      double revisionRate,
      double resendRate,
      long seed) {
    this(session, speed, symbols, revisionRate, resendRate, seed, 0, 0);
  }

  /** This replay with chaos: malformed frames and dropped connections at these rates. */
  public SessionReplay withChaos(double malformed, double disconnect) {
    return new SessionReplay(
        session, speed, symbols, revisionRate, resendRate, seed, malformed, disconnect);
  }

  /**
   * {@code session} at {@code speed}, the symbols of the first subscription, 5% revised, 2%
   * re-sent.
   */
  public static SessionReplay of(LocalDate session, double speed) {
    return new SessionReplay(session, speed, List.of(), 0.05, 0.02, 1);
  }

  /** The newest NYSE session that ended before today (New York). */
  public static LocalDate lastSessionBefore(LocalDate today) {
    return NyseCalendar.instance().previousSession(today).orElseThrow();
  }
}
