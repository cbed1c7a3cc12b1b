package io.pitlake.dq;

import java.time.LocalDate;
import javax.annotation.Nullable;

/**
 * One thing a gate found: a symbol-day, or a table for {@link Gate#ROW_COUNT} ({@code symbol} then
 * names the table, {@code sessionDate} is null).
 */
public record Finding(Gate gate, String symbol, @Nullable LocalDate sessionDate, String detail) {

  /** {@code SYMBOL 2024-06-10: detail}, for the one-line error. */
  public String brief() {
    return symbol + (sessionDate == null ? "" : " " + sessionDate) + ": " + detail;
  }
}
