package io.pitlake.fundamentals;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

import java.time.LocalDate;
import javax.annotation.Nullable;

/**
 * One value of a curated line item as one filing reported it, with the instant it became known: a
 * row of {@code silver.fundamental_facts} mapped to a {@link LineItem}.
 *
 * @param start first day of a flow's period; {@code null} for a balance
 * @param end last day of the period, or the balance's date
 * @param priority rank of the concept among those feeding the item, 1 first: breaks ties between
 *     concepts reported for one period at one instant
 * @param availableAt epoch milliseconds
 * @param ingestedAt epoch milliseconds
 */
public record ReportedValue(
    LineItem item,
    @Nullable LocalDate start,
    LocalDate end,
    double value,
    int priority,
    long availableAt,
    long ingestedAt,
    @Nullable String accessionNumber,
    @Nullable String form) {

  public ReportedValue {
    checkNotNull(item, "item must not be null");
    checkNotNull(end, "end of %s must not be null", item);
    checkArgument(
        item.flow() == (start != null),
        "%s is a %s: it needs %s",
        item,
        item.flow() ? "flow" : "balance",
        item.flow() ? "a period start" : "no period start");
    checkArgument(
        start == null || !start.isAfter(end),
        "%s period starts %s after its end %s",
        item,
        start,
        end);
  }

  /** The period's length in days, both ends included; 0 for a balance. */
  int days() {
    return start == null ? 0 : (int) (end.toEpochDay() - start.toEpochDay() + 1);
  }
}
