package io.pitlake.adjustment;

import io.pitlake.time.NyseCalendar;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.OptionalInt;
import java.util.TreeSet;

/**
 * How corporate actions known at each instant change the return from one session's close to the
 * next: for session j, the ratio F(j−1) / F(j) of the total-return factors ({@link FactorSegment})
 * of the session before and of j itself. A return in j's basis is {@code close(j) / (close(j−1) ×
 * ratio) − 1}, so a 4-for-1 split on j (ratio 0.25) is a return near zero, not −75%, and a cash
 * dividend on j is part of the total return.
 *
 * <p>Only a session that is the first on or after some ex date can have a ratio other than 1: two
 * sessions with no ex date between them lie in one segment at every instant. As a function of the
 * knowledge instant, a ratio is a sequence of lives; lives whose ratios differ by no more than a
 * rounding error are merged, because a later action multiplies both factors and their quotient may
 * move in the last bit without any change in what is known about the return.
 */
public final class ReturnSteps {

  /** No action: every ratio is 1. */
  public static final ReturnSteps NONE = new ReturnSteps(Map.of());

  private static final double SAME_RATIO = 1e-12;

  private final Map<Integer, List<Life>> bySession;

  private ReturnSteps(Map<Integer, List<Life>> bySession) {
    this.bySession = bySession;
  }

  /** The ratios implied by a symbol's rows of {@code gold.adjustment_factors}. */
  public static ReturnSteps of(Collection<FactorSegment> segments) {
    if (segments.isEmpty()) {
      return NONE;
    }
    NyseCalendar calendar = NyseCalendar.instance();
    Map<Integer, List<Life>> bySession = new HashMap<>();
    for (LocalDate exDate : segments.stream().map(FactorSegment::exDate).distinct().toList()) {
      OptionalInt session = firstSessionFrom(calendar, exDate);
      if (session.isEmpty()
          || session.getAsInt() == 0
          || bySession.containsKey(session.getAsInt())) {
        continue;
      }
      int j = session.getAsInt();
      List<Life> lives =
          lives(
              SessionFactors.steps(calendar.sessionAt(j - 1), segments),
              SessionFactors.steps(calendar.sessionAt(j), segments));
      if (!lives.isEmpty()) {
        bySession.put(j, lives);
      }
    }
    return new ReturnSteps(bySession);
  }

  /** The ratio of session {@code session}'s return as known at {@code instant} (epoch ms). */
  public double ratioAt(int session, long instant) {
    for (Life life : bySession.getOrDefault(session, List.of())) {
      if (life.from() <= instant && instant < life.to()) {
        return life.ratio();
      }
    }
    return 1;
  }

  /** Adds to {@code instants} every instant from {@code from} on at which the ratio changes. */
  public void addChanges(int session, long from, NavigableSet<Long> instants) {
    for (Life life : bySession.getOrDefault(session, List.of())) {
      if (life.from() >= from) {
        instants.add(life.from());
      }
      if (life.to() != Long.MAX_VALUE && life.to() >= from) {
        instants.add(life.to());
      }
    }
  }

  private static List<Life> lives(List<SessionFactors.Step> before, List<SessionFactors.Step> on) {
    TreeSet<Long> changes = new TreeSet<>();
    before.forEach(step -> changes.add(step.from()));
    on.forEach(step -> changes.add(step.from()));
    List<Life> lives = new ArrayList<>();
    Long[] instants = changes.toArray(Long[]::new);
    for (int i = 0; i < instants.length; i++) {
      long from = instants[i];
      long to = i + 1 < instants.length ? instants[i + 1] : Long.MAX_VALUE;
      double ratio = factorAt(before, from) / factorAt(on, from);
      Life last = lives.isEmpty() ? null : lives.get(lives.size() - 1);
      if (last != null && last.to() == from && Math.abs(ratio / last.ratio() - 1) <= SAME_RATIO) {
        lives.set(lives.size() - 1, new Life(last.from(), to, last.ratio()));
      } else if (ratio != 1) {
        lives.add(new Life(from, to, ratio));
      }
    }
    return lives;
  }

  private static double factorAt(List<SessionFactors.Step> steps, long instant) {
    double factor = 1;
    for (SessionFactors.Step step : steps) {
      if (step.from() <= instant) {
        factor = step.totalFactor();
      }
    }
    return factor;
  }

  private static OptionalInt firstSessionFrom(NyseCalendar calendar, LocalDate date) {
    for (LocalDate day = date; day.isBefore(date.plusDays(10)); day = day.plusDays(1)) {
      if (!calendar.supports(day)) {
        return OptionalInt.empty();
      }
      OptionalInt index = calendar.sessionIndexIfSession(day);
      if (index.isPresent()) {
        return index;
      }
    }
    return OptionalInt.empty();
  }

  /** During [from, to) (epoch ms), the return's ratio. */
  private record Life(long from, long to, double ratio) {}
}
