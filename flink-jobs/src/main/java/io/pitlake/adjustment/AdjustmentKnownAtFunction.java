package io.pitlake.adjustment;

import io.pitlake.vendor.MarketDates;
import java.time.Instant;
import java.time.LocalDate;
import javax.annotation.Nullable;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * SQL {@code adjustment_known_at(available_at TIMESTAMP_LTZ(3), ex_date DATE) -> TIMESTAMP_LTZ(3)}:
 * when an action starts to adjust the prices before its ex date, the later of its {@code
 * available_at} and 00:00 New York of the ex date.
 *
 * <p>Why not {@code available_at} alone: a split announced weeks ahead has not happened yet, and
 * prices before its ex date are still traded on the old basis. Adjusting them from the announcement
 * would make a backtest see a price series that no live system showed. The vendors' {@code
 * adjusted=true} series adjust from the ex date as well.
 */
public class AdjustmentKnownAtFunction extends ScalarFunction {

  private static final long serialVersionUID = 1L;

  public @Nullable @DataTypeHint("TIMESTAMP_LTZ(3)") Instant eval(
      @Nullable @DataTypeHint("TIMESTAMP_LTZ(3)") Instant availableAt, @Nullable LocalDate exDate) {
    if (availableAt == null || exDate == null) {
      return null;
    }
    return knownAt(availableAt, exDate);
  }

  /** The later of {@code availableAt} and the start of {@code exDate} in New York. */
  public static Instant knownAt(Instant availableAt, LocalDate exDate) {
    Instant exStart = MarketDates.startOfDay(exDate);
    return availableAt.isAfter(exStart) ? availableAt : exStart;
  }
}
