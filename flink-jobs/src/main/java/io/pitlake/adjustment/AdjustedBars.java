package io.pitlake.adjustment;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Raw bar versions under the factors known at each instant: the rows of {@code
 * gold.bars_daily_adjusted} for a set of bars of one symbol and all of its {@link FactorSegment}s.
 *
 * <p>A session's factor, as a function of the knowledge instant T, is the factor of the segment
 * that covers the session at T, else 1. Its steps are merged where the factor does not change (a
 * revised action with the same ratio). A bar version's row starts at max(the version's
 * available_at, the step's start) and ends at the earlier of their ends, so every row uses only
 * what was known at its start, and a later action adds rows instead of rewriting old ones.
 */
public final class AdjustedBars {

  private AdjustedBars() {}

  /** Every row of the given bars, by session, version and instant. */
  public static List<AdjustedBar> compute(
      Collection<RawBarLife> bars, Collection<FactorSegment> segments) {
    List<RawBarLife> sorted =
        bars.stream()
            .sorted(
                Comparator.comparingInt(RawBarLife::sessionIndex)
                    .thenComparingInt(RawBarLife::version))
            .toList();
    Map<LocalDate, List<Step>> stepsBySession = new HashMap<>();
    List<AdjustedBar> rows = new ArrayList<>();
    for (RawBarLife bar : sorted) {
      List<Step> steps =
          stepsBySession.computeIfAbsent(bar.sessionDate(), session -> steps(session, segments));
      for (int i = 0; i < steps.size(); i++) {
        Step step = steps.get(i);
        long stepEnd = i + 1 < steps.size() ? steps.get(i + 1).from() : Long.MAX_VALUE;
        long from = Math.max(bar.validFrom(), step.from());
        long to = Math.min(bar.validTo(), stepEnd);
        if (from < to) {
          rows.add(
              new AdjustedBar(
                  bar,
                  from,
                  to,
                  step.splitFactor(),
                  step.totalFactor(),
                  Math.max(bar.ingestedAt(), step.ingestedAt())));
        }
      }
    }
    return rows;
  }

  /**
   * The session's factor from the start of time on, one step per change of value. The segments that
   * cover one session never overlap in time (each instant has one segmentation), so one sweep in
   * time order finds every step; the gaps between them have factor 1.
   */
  static List<Step> steps(LocalDate session, Collection<FactorSegment> segments) {
    List<FactorSegment> covering =
        segments.stream()
            .filter(segment -> segment.covers(session))
            .sorted(Comparator.comparingLong(FactorSegment::availableAt))
            .toList();
    List<Step> steps = new ArrayList<>();
    long cursor = Long.MIN_VALUE;
    for (FactorSegment segment : covering) {
      if (segment.availableAt() > cursor) {
        add(steps, new Step(cursor, 1, 1, Long.MIN_VALUE));
      }
      add(
          steps,
          new Step(
              segment.availableAt(),
              segment.splitFactor(),
              segment.totalFactor(),
              segment.ingestedAt()));
      cursor = segment.supersededAt();
    }
    if (cursor != Long.MAX_VALUE) {
      add(steps, new Step(cursor, 1, 1, Long.MIN_VALUE));
    }
    return steps;
  }

  private static void add(List<Step> steps, Step step) {
    Step previous = steps.isEmpty() ? null : steps.get(steps.size() - 1);
    if (previous == null || !previous.sameFactors(step)) {
      steps.add(step);
    }
  }

  /** From {@code from} on (epoch ms) until the next step, the session's factors. */
  record Step(long from, double splitFactor, double totalFactor, long ingestedAt) {

    boolean sameFactors(Step other) {
      return Double.compare(splitFactor, other.splitFactor) == 0
          && Double.compare(totalFactor, other.totalFactor) == 0;
    }
  }
}
