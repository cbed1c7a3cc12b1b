package io.pitlake.features.library;

/**
 * One symbol's bars over consecutive NYSE sessions ending at the row's session t, in t's basis, NaN
 * on a session without a bar: the series Qlib reindexes on its calendar (FEATURES.md §1). It starts
 * at the symbol's first session or {@link #ROWS} sessions before t, whichever is later, so a row
 * before the array is a session before the listing exactly when the array is shorter than {@link
 * #ROWS}.
 *
 * <p>The arrays are owned by this object and never changed after construction.
 */
record SessionSeries(
    double[] open, double[] high, double[] low, double[] close, double[] volume, double[] vwap) {

  /** The longest window (60) plus the one row {@code Ref($close, 1)} reaches before it. */
  static final int ROWS = 61;

  int size() {
    return close.length;
  }

  /** The index of t, the last row. */
  int last() {
    return close.length - 1;
  }
}
