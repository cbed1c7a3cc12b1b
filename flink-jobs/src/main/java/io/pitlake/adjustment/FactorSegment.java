package io.pitlake.adjustment;

import java.time.LocalDate;
import javax.annotation.Nullable;

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
}
