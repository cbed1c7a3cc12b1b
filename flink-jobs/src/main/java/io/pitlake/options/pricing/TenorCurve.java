package io.pitlake.options.pricing;

import static org.apache.flink.util.Preconditions.checkArgument;

import java.io.Serializable;
import java.util.Arrays;

/**
 * One date's rates by tenor, interpolated linearly in tenor and flat beyond the shortest and the
 * longest tenor.
 *
 * <p>Linear in the rate (not in discount factors or forwards) because option tenors fall between a
 * user's few published points and the difference is far below the rate's own uncertainty; flat ends
 * because extrapolating a slope past the data invents rates.
 */
final class TenorCurve implements Serializable {

  private static final long serialVersionUID = 1L;

  private final double[] tenorDays;
  private final double[] rates;

  /**
   * @param tenorDays strictly ascending, at least one
   */
  TenorCurve(double[] tenorDays, double[] rates) {
    checkArgument(
        tenorDays.length > 0 && tenorDays.length == rates.length,
        "a tenor curve needs one rate per tenor and at least one tenor");
    for (int i = 1; i < tenorDays.length; i++) {
      checkArgument(tenorDays[i] > tenorDays[i - 1], "tenors must be strictly ascending");
    }
    this.tenorDays = tenorDays.clone();
    this.rates = rates.clone();
  }

  double rate(double tenor) {
    int last = tenorDays.length - 1;
    if (tenor <= tenorDays[0]) {
      return rates[0];
    }
    if (tenor >= tenorDays[last]) {
      return rates[last];
    }
    int upper = Arrays.binarySearch(tenorDays, tenor);
    if (upper >= 0) {
      return rates[upper];
    }
    upper = -upper - 1;
    int lower = upper - 1;
    double weight = (tenor - tenorDays[lower]) / (tenorDays[upper] - tenorDays[lower]);
    return rates[lower] + weight * (rates[upper] - rates[lower]);
  }
}
