package io.pitlake.adjustment;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import javax.annotation.Nullable;
import org.apache.flink.types.Row;

/**
 * The cumulative factors of a run of sessions as known during one interval: a row of {@code
 * gold.adjustment_factors}. Raw prices of the sessions in [{@code sessionFrom}, {@code exDate}) are
 * multiplied by {@code splitFactor} (split-adjusted) or {@code totalFactor} (split- and
 * dividend-adjusted) during [{@code availableAt}, {@code supersededAt}).
 *
 * @param sessionFrom the previous ex date in effect, {@code null} = from the first session
 * @param availableAt epoch milliseconds
 * @param supersededAt epoch milliseconds, exclusive; {@link Long#MAX_VALUE} while current
 * @param actions how many actions the product holds
 * @param ingestedAt newest fetch time of those actions, epoch milliseconds
 */
public record FactorSegment(
    LocalDate exDate,
    @Nullable LocalDate sessionFrom,
    long availableAt,
    long supersededAt,
    double splitFactor,
    double totalFactor,
    int actions,
    long ingestedAt) {

  /** Whether the segment's sessions include {@code session}. */
  boolean covers(LocalDate session) {
    return session.isBefore(exDate) && (sessionFrom == null || !session.isBefore(sessionFrom));
  }

  /**
   * The segments of an {@code ARRAY_AGG} of a symbol's {@code gold.adjustment_factors} rows {@code
   * (ex_date, session_from, available_at, split_factor, total_factor, ingested_at)}; NULL (no rows)
   * is none. The table gives the symbol's whole set at every instant it changes, so a row is
   * superseded at the next instant of the symbol's rows; a row without an ex date (no action in
   * effect) only marks such an instant.
   */
  public static List<FactorSegment> fromRows(@Nullable Row[] rows) {
    List<FactorSegment> segments = new ArrayList<>();
    if (rows == null) {
      return segments;
    }
    TreeSet<Long> instants = new TreeSet<>();
    for (Row row : rows) {
      instants.add(millis(row.getField(2)));
    }
    for (Row row : rows) {
      if (row.getField(0) != null) {
        long availableAt = millis(row.getField(2));
        Long next = instants.higher(availableAt);
        segments.add(
            new FactorSegment(
                (LocalDate) row.getField(0),
                (LocalDate) row.getField(1),
                availableAt,
                next == null ? Long.MAX_VALUE : next,
                (Double) row.getField(3),
                (Double) row.getField(4),
                0,
                millis(row.getField(5))));
      }
    }
    return segments;
  }

  private static long millis(Object instant) {
    return ((Instant) instant).toEpochMilli();
  }
}
