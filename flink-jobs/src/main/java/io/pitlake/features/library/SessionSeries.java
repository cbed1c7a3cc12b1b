package io.pitlake.features.library;

/**
 * One symbol's bars over consecutive NYSE sessions ending at the row's session t, in t's basis, NaN
 * on a session without a bar: the series Qlib reindexes on its calendar (FEATURES.md §1). It starts
 * at the symbol's first session or {@link #ROWS} sessions before t, whichever is later, so a row
 * before the series is a session before the listing exactly when {@link #size} is below {@link
 * #ROWS}.
 *
 * <p>The series is the first {@code size} elements of each array: the arrays are {@link
 * FeatureVector}'s, refilled for each row (one row's series is read before the next is made), so a
 * row allocates none.
 */
record SessionSeries(
    double[] open,
    double[] high,
    double[] low,
    double[] close,
    double[] volume,
    double[] vwap,
    int size) {

  /** The longest window (60) plus the one row {@code Ref($close, 1)} reaches before it. */
  static final int ROWS = 61;

  /** The index of t, the last row. */
  int last() {
    return size - 1;
  }
}
