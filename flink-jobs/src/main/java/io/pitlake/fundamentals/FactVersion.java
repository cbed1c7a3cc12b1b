package io.pitlake.fundamentals;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import javax.annotation.Nullable;
import org.apache.flink.types.Row;

/**
 * One row of {@code silver.fundamental_facts}, as the data-quality checks compare it: which of a
 * period's values was the newest known at an instant is {@link #newestAt}, the rule of the table's
 * documented as-of read (TABLES.md, "silver.fundamental_facts").
 *
 * @param availableAt epoch milliseconds
 * @param eventTime epoch milliseconds
 * @param ingestedAt epoch milliseconds
 */
record FactVersion(
    String factId,
    int version,
    double value,
    long availableAt,
    long eventTime,
    long ingestedAt,
    @Nullable String accessionNumber) {

  /**
   * Newest first known last: the greatest {@code available_at}, then {@code fact_id}, then {@code
   * version}. A total order on a period's rows, so ties at one instant never depend on the order
   * the rows arrived in.
   */
  static final Comparator<FactVersion> KNOWN_LAST =
      Comparator.comparingLong(FactVersion::availableAt)
          .thenComparing(FactVersion::factId)
          .thenComparingInt(FactVersion::version);

  /** Reads the columns of the same names from a row of the table. */
  static FactVersion of(Row row) {
    return new FactVersion(
        (String) row.getField("fact_id"),
        (Integer) row.getField("version"),
        (Double) row.getField("value"),
        millis(row, "available_at"),
        millis(row, "event_time"),
        millis(row, "ingested_at"),
        (String) row.getField("accession_number"));
  }

  /** The newest of one period's {@code versions} known at {@code instant}, if any was. */
  static Optional<FactVersion> newestAt(Collection<FactVersion> versions, long instant) {
    return versions.stream().filter(v -> v.availableAt() <= instant).max(KNOWN_LAST);
  }

  private static long millis(Row row, String column) {
    return ((Instant) row.getField(column)).toEpochMilli();
  }
}
