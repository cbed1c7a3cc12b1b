package io.pitlake.time;

import java.time.Instant;
import java.time.LocalDate;
import javax.annotation.Nullable;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * SQL {@code new_york_date(TIMESTAMP_LTZ(3)) -> DATE}: the calendar date in America/New_York of an
 * instant, the date a US session is named by.
 *
 * <p>pitlake's SQL sessions run in UTC ({@code table.local-time-zone}), where {@code CAST(ts AS
 * DATE)} would give the UTC date: a minute bar at 20:30 New York would land on the next day. SQL
 * calls it new_york_date ({@code SqlFunctions} registers it). NULL in, NULL out.
 */
public class NewYorkDateFunction extends ScalarFunction {

  private static final long serialVersionUID = 1L;

  public @Nullable LocalDate eval(@Nullable @DataTypeHint("TIMESTAMP_LTZ(3)") Instant instant) {
    return instant == null ? null : instant.atZone(NyseCalendar.ZONE).toLocalDate();
  }
}
