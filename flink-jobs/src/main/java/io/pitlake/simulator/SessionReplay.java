package io.pitlake.simulator;

import static org.apache.flink.util.Preconditions.checkArgument;

import io.pitlake.time.NyseCalendar;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
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
 * <p>With {@code sessionCount} above 1 the replay goes on through the next sessions in order, its
 * clock jumping from {@link #TAIL} after one session's close to a minute before the next open: a
 * soak test replays a week in the time of its trading hours, not of its nights and weekends.
 *
 * @param session the NYSE session to replay, the first of {@code sessionCount}
 * @param speed session seconds per wall-clock second, 1 to 10,000
 * @param symbols the symbols streamed; empty: those of the first subscription
 * @param revisionRate fraction of bars sent first with preliminary values, 0 to 1
 * @param resendRate fraction of bars sent twice unchanged, 0 to 1
 * @param seed draws which bars are revised and when, and the chaos
 * @param malformedRate chaos: fraction of frames preceded by a copy cut in half (not JSON)
 * @param disconnectRate chaos: fraction of frames that a client does not get because its connection
 *     is dropped instead, half with Polygon's {@code force_disconnect} and a close, half abruptly
 *     (without a close frame)
 * @param sessionCount how many consecutive NYSE sessions to replay from {@code session}, at least 1
 */
public record SessionReplay(
    LocalDate session,
    double speed,
    List<String> symbols,
    double revisionRate,
    double resendRate,
    long seed,
    double malformedRate,
    double disconnectRate,
    int sessionCount) {

  /**
   * How long after a session's close its replay goes on (re-sends of its last minutes, 1 to 15
   * minutes later) before the clock jumps to the next session.
   */
  public static final Duration TAIL = Duration.ofMinutes(20);

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
    checkArgument(sessionCount >= 1, "sessionCount %s: replay at least 1 session", sessionCount);
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
    this(session, speed, symbols, revisionRate, resendRate, seed, 0, 0, 1);
  }

  /** This replay with chaos: malformed frames and dropped connections at these rates. */
  public SessionReplay withChaos(double malformed, double disconnect) {
    return new SessionReplay(
        session,
        speed,
        symbols,
        revisionRate,
        resendRate,
        seed,
        malformed,
        disconnect,
        sessionCount);
  }

  /** This replay going on through {@code count} consecutive sessions from {@code session}. */
  public SessionReplay withSessions(int count) {
    return new SessionReplay(
        session,
        speed,
        symbols,
        revisionRate,
        resendRate,
        seed,
        malformedRate,
        disconnectRate,
        count);
  }

  /** The replayed sessions, oldest first. */
  public List<LocalDate> sessions() {
    NyseCalendar calendar = NyseCalendar.instance();
    int first = calendar.sessionIndex(session);
    List<LocalDate> sessions = new ArrayList<>(sessionCount);
    for (int i = 0; i < sessionCount; i++) {
      sessions.add(calendar.sessionAt(first + i));
    }
    return sessions;
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
    return firstOfLastSessionsBefore(today, 1);
  }

  /** The first of the {@code count} newest NYSE sessions that ended before today (New York). */
  public static LocalDate firstOfLastSessionsBefore(LocalDate today, int count) {
    checkArgument(count >= 1, "count %s: at least 1 session", count);
    LocalDate first = today;
    for (int i = 0; i < count; i++) {
      first = NyseCalendar.instance().previousSession(first).orElseThrow();
    }
    return first;
  }
}
