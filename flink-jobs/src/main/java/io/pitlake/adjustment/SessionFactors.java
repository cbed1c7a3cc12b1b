package io.pitlake.adjustment;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * One session's backward-adjustment factors as a function of the knowledge instant, from a symbol's
 * {@link FactorSegment}s: the factor of the segment that covers the session at T, else 1, as steps
 * merged where the value does not change (a revised action with the same ratio).
 */
public final class SessionFactors {

  private SessionFactors() {}

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
