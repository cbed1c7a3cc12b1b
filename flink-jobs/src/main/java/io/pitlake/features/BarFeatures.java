package io.pitlake.features;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

import io.pitlake.adjustment.ReturnSteps;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.function.IntFunction;
import javax.annotation.Nullable;

/**
 * Point-in-time daily features for a range of target sessions of one symbol, from the lives of its
 * bar versions ({@link BarLife}).
 *
 * <p>Session s's features change at the instants K(s): the instant its own bar was first known, and
 * every later instant at which a return in its window [s-20, s] starts a new life (a revision, or a
 * bar that arrived late). A return life pairs a life of bar j with an overlapping life of bar j-1;
 * before any j-1 was known the return's previous close is unknown. At each k in K(s) the features
 * use the lives that contain k, so every row depends only on inputs known at k, and its {@code
 * available_at} is k.
 *
 * <p>With {@link ReturnSteps} the returns are total returns: the previous close of every return is
 * put in the basis of its session by the split and dividend ratios known at k, and an instant at
 * which a ratio in the window changes is one more instant in K(s). Without them (the bar features
 * of {@code gold.bar_features_daily}) returns are of raw closes.
 *
 * <p>Log returns are summed as integers in units of 1e-15, so a window's sums do not depend on the
 * order its members are visited in; the function is a pure function of the set of lives it gets,
 * which is what makes batch and streaming (which see that set grow in different orders) agree.
 */
public final class BarFeatures {

  /** Returns in a volatility window, and the look-back of {@code ret_21d}. */
  public static final int WINDOW = 21;

  /** Sessions before a target whose bars its features read: 21 returns need 22 closes. */
  public static final int HISTORY = WINDOW;

  private static final double UNITS = 1e15;

  private final int base;
  private final List<List<BarLife>> bySession;
  private final ReturnSteps steps;

  private BarFeatures(Collection<BarLife> lives, int first, int last, ReturnSteps steps) {
    this.steps = checkNotNull(steps, "steps must not be null: use ReturnSteps.NONE");
    this.base = first - HISTORY;
    this.bySession = new ArrayList<>(last - base + 1);
    for (int i = base; i <= last; i++) {
      bySession.add(new ArrayList<>(1));
    }
    for (BarLife life : lives) {
      if (life.session() >= base && life.session() <= last) {
        bySession.get(life.session() - base).add(life);
      }
    }
    for (List<BarLife> versions : bySession) {
      versions.sort(Comparator.comparingLong(BarLife::validFrom));
    }
  }

  /**
   * Every feature row of the sessions {@code first..last} that have a bar, in session and then
   * instant order. {@code lives} must hold the lives of sessions {@code first - HISTORY..last};
   * lives of other sessions are not read.
   */
  public static List<DailyFeatures> compute(Collection<BarLife> lives, int first, int last) {
    return compute(lives, first, last, ReturnSteps.NONE);
  }

  /** As {@link #compute(Collection, int, int)}, with total returns under {@code steps}. */
  public static List<DailyFeatures> compute(
      Collection<BarLife> lives, int first, int last, ReturnSteps steps) {
    checkArgument(
        first >= 0 && first <= last, "target sessions %s..%s are not a range", first, last);
    BarFeatures features = new BarFeatures(lives, first, last, steps);
    List<DailyFeatures> rows = new ArrayList<>();
    for (int s = first; s <= last; s++) {
      features.addRows(s, rows);
    }
    return rows;
  }

  private void addRows(int s, List<DailyFeatures> rows) {
    List<BarLife> own = lives(s);
    if (own.isEmpty()) {
      return;
    }
    long firstKnown = own.get(0).validFrom();
    TreeSet<Long> instants = new TreeSet<>();
    instants.add(firstKnown);
    for (int j = s - WINDOW + 1; j <= s; j++) {
      addReturnStarts(j, firstKnown, instants);
      steps.addChanges(j, firstKnown, instants);
    }
    for (long k : instants) {
      DailyFeatures row = featuresAt(s, k);
      if (row != null) {
        rows.add(row);
      }
    }
  }

  /** The instants at which session j's return starts a life, from {@code from} on. */
  private void addReturnStarts(int j, long from, TreeSet<Long> instants) {
    List<BarLife> previous = lives(j - 1);
    long previousKnown = previous.isEmpty() ? Long.MAX_VALUE : previous.get(0).validFrom();
    for (BarLife c : lives(j)) {
      if (c.validFrom() < previousKnown && c.validFrom() >= from) {
        instants.add(c.validFrom());
      }
      for (BarLife p : previous) {
        long start = Math.max(c.validFrom(), p.validFrom());
        if (start < Math.min(c.validTo(), p.validTo()) && start >= from) {
          instants.add(start);
        }
      }
    }
  }

  private @Nullable DailyFeatures featuresAt(int s, long k) {
    return featuresAt(s, k, session -> lifeAt(session, k), steps);
  }

  /**
   * Session {@code s}'s features as known at {@code k}, from the bar life of each session in its
   * window that contains {@code k} ({@code lifeAt}, null where none does). Shared by the batch
   * function above and the per-symbol engine ({@link BarFeaturesEngine}), so both compute every row
   * with the same arithmetic, bit for bit.
   *
   * @return null when session {@code s} itself has no bar at {@code k}
   */
  static @Nullable DailyFeatures featuresAt(
      int s, long k, IntFunction<BarLife> lifeAt, ReturnSteps steps) {
    BarLife bar = lifeAt.apply(s);
    if (bar == null) {
      return null;
    }
    long sumR1 = 0;
    long sumR2 = 0;
    int returns = 0;
    long ingestedAt = Long.MIN_VALUE;
    Double ret1d = null;
    Double close5 = null;
    Double close21 = null;
    // The product of the ratios of sessions s-off..s: it puts a close before them in s's basis.
    double basis = 1;
    for (int off = 0; off < WINDOW; off++) {
      double ratio = steps.ratioAt(s - off, k);
      basis *= ratio;
      BarLife c = lifeAt.apply(s - off);
      if (c == null) {
        continue;
      }
      BarLife p = lifeAt.apply(s - off - 1);
      ingestedAt = Math.max(ingestedAt, c.ingestedAt());
      if (p == null) {
        continue;
      }
      ingestedAt = Math.max(ingestedAt, p.ingestedAt());
      double logReturn = Math.log(c.close() / (p.close() * ratio));
      sumR1 += Math.round(logReturn * UNITS);
      sumR2 += Math.round(logReturn * logReturn * UNITS);
      returns++;
      if (off == 0) {
        ret1d = c.close() / (p.close() * ratio) - 1;
      } else if (off == 4) {
        close5 = p.close() * basis;
      } else if (off == WINDOW - 1) {
        close21 = p.close() * basis;
      }
    }
    Double vol21d = null;
    if (returns == WINDOW) {
      double sum = sumR1 / UNITS;
      vol21d = Math.sqrt(Math.max((sumR2 / UNITS - sum * sum / WINDOW) / (WINDOW - 1), 0.0));
    }
    double price = bar.vwap() != null ? bar.vwap() : bar.close();
    return new DailyFeatures(
        s,
        k,
        bar.eventTime(),
        ingestedAt,
        bar.version(),
        bar.close(),
        bar.volume(),
        price * bar.volume(),
        ret1d,
        close5 == null ? null : bar.close() / close5 - 1,
        close21 == null ? null : bar.close() / close21 - 1,
        vol21d,
        returns);
  }

  private List<BarLife> lives(int session) {
    int i = session - base;
    return i >= 0 && i < bySession.size() ? bySession.get(i) : List.of();
  }

  private @Nullable BarLife lifeAt(int session, long instant) {
    for (BarLife life : lives(session)) {
      if (life.contains(instant)) {
        return life;
      }
    }
    return null;
  }
}
