package io.pitlake.adjustment;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
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
   * The segments of an {@code ARRAY_AGG} of {@code gold.adjustment_factors} rows {@code (ex_date,
   * session_from, available_at, superseded_at, split_factor, total_factor, ingested_at)}; NULL (no
   * rows) is none.
   */
  public static List<FactorSegment> fromRows(@Nullable Row[] rows) {
    List<FactorSegment> segments = new ArrayList<>();
    if (rows != null) {
      for (Row row : rows) {
        segments.add(
            new FactorSegment(
                (LocalDate) row.getField(0),
                (LocalDate) row.getField(1),
                millis(row.getField(2)),
                row.getField(3) == null ? Long.MAX_VALUE : millis(row.getField(3)),
                (Double) row.getField(4),
                (Double) row.getField(5),
                0,
                millis(row.getField(6))));
      }
    }
    return segments;
  }

  private static long millis(Object instant) {
    return ((Instant) instant).toEpochMilli();
  }
}
