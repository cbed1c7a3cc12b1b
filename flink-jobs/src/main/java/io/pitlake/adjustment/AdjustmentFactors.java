package io.pitlake.adjustment;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A symbol's cumulative backward-adjustment factors at every instant its set of actions in effect
 * changes, from the lives of its actions ({@link ActionLife}).
 *
 * <p>At an instant k the actions in effect are those whose life contains k. Sorted by ex date e_1
 * &lt; ... &lt; e_m, they cut the sessions into runs [e_{j-1}, e_j); a session in run j is
 * multiplied by the product of the factors of every action with ex date &ge; e_j. Sessions on or
 * after e_m keep factor 1 and get no segment. Every instant at which a life starts or ends gives
 * the complete set of segments anew, superseded at the next such instant: a reader at T takes the
 * set with {@code availableAt <= T < supersededAt}.
 *
 * <p>A pure function of the set of lives: the inputs are sorted (ex date, action id, version)
 * before anything is multiplied, so floating-point products do not depend on arrival order and
 * batch and streaming agree bit for bit. Every segment depends only on lives that started by its
 * {@code availableAt}, which gives the prefix property.
 */
public final class AdjustmentFactors {

  private static final Comparator<ActionLife> ORDER =
      Comparator.comparing(ActionLife::exDate)
          .thenComparing(ActionLife::actionId)
          .thenComparingInt(ActionLife::version);

  private AdjustmentFactors() {}

  /** Every segment of every instant, by instant and then ex date (latest first). */
  public static List<FactorSegment> compute(Collection<ActionLife> lives) {
    List<ActionLife> sorted = lives.stream().sorted(ORDER).toList();
    TreeSet<Long> instants = instants(sorted);
    List<FactorSegment> segments = new ArrayList<>();
    Long instant = instants.isEmpty() ? null : instants.first();
    while (instant != null) {
      Long next = instants.higher(instant);
      addSegments(sorted, instant, next == null ? Long.MAX_VALUE : next, segments);
      instant = next;
    }
    return segments;
  }

  /**
   * Every instant at which the set of actions in effect changes: where a life starts or ends. At an
   * instant without segments no action is in effect.
   */
  public static TreeSet<Long> instants(Collection<ActionLife> lives) {
    TreeSet<Long> instants = new TreeSet<>();
    for (ActionLife life : lives) {
      instants.add(life.knownFrom());
      if (life.knownTo() != Long.MAX_VALUE) {
        instants.add(life.knownTo());
      }
    }
    return instants;
  }

  private static void addSegments(
      List<ActionLife> sorted, long instant, long supersededAt, List<FactorSegment> segments) {
    TreeMap<LocalDate, List<ActionLife>> byExDate = new TreeMap<>(Comparator.reverseOrder());
    for (ActionLife life : sorted) {
      if (life.liveAt(instant)) {
        byExDate.computeIfAbsent(life.exDate(), date -> new ArrayList<>()).add(life);
      }
    }
    double split = 1;
    double total = 1;
    int actions = 0;
    long ingestedAt = Long.MIN_VALUE;
    for (var entry : byExDate.entrySet()) {
      for (ActionLife life : entry.getValue()) {
        split *= life.splitFactor();
        total *= life.splitFactor() * life.dividendFactor();
        actions++;
        ingestedAt = Math.max(ingestedAt, life.ingestedAt());
      }
      segments.add(
          new FactorSegment(
              entry.getKey(),
              byExDate.higherKey(entry.getKey()),
              instant,
              supersededAt,
              split,
              total,
              actions,
              ingestedAt));
    }
  }
}
