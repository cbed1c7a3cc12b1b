package io.pitlake.report;

/**
 * The buckets of the lag {@code available_at − event_time} in the coverage report, in the order of
 * {@code sql/report/table_profile.sql}'s {@code lag_bucket} (0..8), which assigns them: a lag spans
 * nanoseconds to decades (a fact filed years after its period), so fixed, widening buckets show
 * every dataset's distribution on one axis.
 */
public enum LagBucket {
  BEFORE_EVENT("< 0 (early)"),
  UNDER_HOUR("< 1 h"),
  UNDER_DAY("1 h – 1 d"),
  UNDER_TWO_DAYS("1 – 2 d"),
  UNDER_WEEK("2 – 7 d"),
  UNDER_MONTH("7 – 30 d"),
  UNDER_QUARTER("30 – 90 d"),
  UNDER_YEAR("90 d – 1 y"),
  YEARS("≥ 1 y");

  private final String label;

  LagBucket(String label) {
    this.label = label;
  }

  /** The axis label, e.g. {@code 1 h – 1 d}. */
  public String label() {
    return label;
  }

  /** The bucket the SQL numbered {@code index}. */
  static LagBucket of(int index) {
    if (index < 0 || index >= values().length) {
      throw new IllegalStateException(
          String.format(
              "sql/report/table_profile.sql returned lag bucket %d; LagBucket has 0..%d: keep the"
                  + " two in step",
              index, values().length - 1));
    }
    return values()[index];
  }
}
