package io.pitlake.features.library;

/**
 * One symbol's most recent bars ending at the row's session t, skipping sessions without one
 * (FEATURES.md §2): prices and volumes in t's basis and the raw close and volume that dollar volume
 * and Amihud's illiquidity use. At most {@link #BARS} bars.
 *
 * <p>The series is the first {@code size} elements of each array: the arrays are {@link
 * FeatureVector}'s, refilled for each row, so a row allocates none.
 */
record BarSeries(
    double[] high,
    double[] low,
    double[] close,
    double[] volume,
    double[] rawClose,
    double[] rawVolume,
    int size) {

  /** {@code Ref(C, 252)} of {@code ret_252d} and {@code mom_12_1} reaches 253 bars back. */
  static final int BARS = 253;
}
