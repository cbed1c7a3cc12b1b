package io.pitlake.features.library;

import static org.apache.flink.util.Preconditions.checkArgument;

import java.time.LocalDate;

/**
 * One session's bar in its own (raw) price basis, as a version of {@code silver.bars_daily} gives
 * it.
 *
 * @param sessionIndex the NYSE session ordinal ({@code NyseCalendar.sessionIndex})
 * @param session the session's date, compared with ex dates
 * @param vwap NaN where the vendor gave none: {@code vwap0} is then NULL
 */
public record RawBar(
    int sessionIndex,
    LocalDate session,
    double open,
    double high,
    double low,
    double close,
    double volume,
    double vwap) {

  public RawBar {
    checkArgument(
        close > 0 && open > 0 && high > 0 && low > 0,
        "bar of %s has a non-positive price (o=%s h=%s l=%s c=%s): silver.bars_daily refuses those",
        session,
        open,
        high,
        low,
        close);
    checkArgument(
        volume >= 0, "bar of %s has negative volume %s: silver refuses those", session, volume);
  }
}
