package io.pitlake.panel;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

import io.pitlake.time.NyseCalendar;
import io.pitlake.time.TradingSession;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.annotation.Nullable;

/**
 * The NYSE sessions whose decision instant falls in a knowledge interval: the sessions at which a
 * snapshot of {@code gold.fundamentals_pit}, known from {@code from} until {@code to}, is what a
 * strategy deciding at that session's decision instant reads.
 *
 * <p>A session's decision instant is its close (16:00 New York, 13:00 on an early close) plus an
 * offset: {@code decision_offset_minutes} in {@code sql/gold/panel_daily.sql}. Turning intervals
 * into sessions lets the panel join fundamentals to bars on (CIK, session) instead of comparing
 * every bar with every snapshot.
 *
 * <p>A snapshot is carried for at most {@link #MAX_CARRY} after it became known, successor or not:
 * a filer that stopped filing is not given stale fundamentals forever, the panel stays a function
 * of its inputs alone (no "today"), and a build on the inputs known by T agrees with a full build.
 */
public final class DecisionSessions {

  /** Longest a snapshot without a successor is used: a year of filings and a missed quarter. */
  public static final Duration MAX_CARRY = Duration.ofDays(400);

  /**
   * One session and its decision instant.
   *
   * @param daysSinceKnown calendar days in New York from the day the snapshot became known to the
   *     session
   */
  public record Session(LocalDate date, Instant decisionAt, int daysSinceKnown) {}

  private DecisionSessions() {}

  /**
   * The decision instant of {@code session}: its close plus {@code offset}. One definition for the
   * panel's fundamentals and the exports' first-known rows ({@code
   * sql/reads/bars_daily_first_known.sql}), so both say the same of what a strategy knew.
   */
  public static Instant decisionAt(TradingSession session, Duration offset) {
    return session.close().plus(offset);
  }

  /**
   * Sessions with {@code from <= decision instant < to} and within {@link #MAX_CARRY} of {@code
   * from}, oldest first.
   *
   * @param to the next snapshot's instant, or {@code null} for none
   */
  public static List<Session> between(Instant from, @Nullable Instant to, Duration offset) {
    checkNotNull(from, "from (the snapshot's available_at) must not be null");
    checkNotNull(offset, "the decision offset must not be null");
    Instant carried = from.plus(MAX_CARRY);
    Instant end = to != null && to.isBefore(carried) ? to : carried;
    checkArgument(!end.isBefore(from), "interval ends %s before it starts %s", end, from);
    NyseCalendar calendar = NyseCalendar.instance();
    LocalDate known = from.atZone(NyseCalendar.ZONE).toLocalDate();
    LocalDate first = from.minus(offset).atZone(NyseCalendar.ZONE).toLocalDate().minusDays(1);
    LocalDate last = end.minus(offset).atZone(NyseCalendar.ZONE).toLocalDate().plusDays(1);
    List<Session> sessions = new ArrayList<>();
    if (!calendar.supports(first) || !calendar.supports(last)) {
      return sessions;
    }
    for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
      Optional<TradingSession> session = calendar.session(day);
      if (session.isEmpty()) {
        continue;
      }
      Instant decision = decisionAt(session.get(), offset);
      if (!decision.isBefore(from) && decision.isBefore(end)) {
        sessions.add(new Session(day, decision, (int) (day.toEpochDay() - known.toEpochDay())));
      }
    }
    return sessions;
  }
}
