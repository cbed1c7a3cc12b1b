package io.pitlake.time;

import java.time.LocalDate;
import javax.annotation.Nullable;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * SQL {@code nyse_session_date(INT) -> DATE}: the inverse of {@link NyseSessionIndexFunction}, so
 * that session arithmetic in SQL ({@code nyse_session_date(nyse_session_index(d) - 1)}) comes back
 * to a date.
 *
 * <p>SQL calls it nyse_session_date ({@code SqlFunctions} registers it). Returns NULL for a NULL
 * input and for an index outside {@code 0..NyseCalendar.instance().sessionCount() - 1}.
 */
public class NyseSessionDateFunction extends ScalarFunction {

  private static final long serialVersionUID = 1L;

  public @Nullable LocalDate eval(@Nullable Integer index) {
    NyseCalendar calendar = NyseCalendar.instance();
    if (index == null || index < 0 || index >= calendar.sessionCount()) {
      return null;
    }
    return calendar.sessionAt(index);
  }
}
