package io.pitlake.time;

import java.time.LocalDate;
import java.util.OptionalInt;
import javax.annotation.Nullable;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * SQL {@code nyse_session_index(DATE) -> INT}: the {@link NyseCalendar#sessionIndex session index}
 * of a date, so that SQL can join "the previous session" as {@code index - 1} instead of reasoning
 * about weekends and holidays.
 *
 * <p>SQL calls it nyse_session_index ({@code SqlFunctions} registers it). Returns NULL for a NULL
 * input, for a date on which the exchange is closed and for a date outside 2000–2099: a query over
 * vendor data must not fail on one odd row, and NULL lets the pipeline quarantine it.
 */
public class NyseSessionIndexFunction extends ScalarFunction {

  private static final long serialVersionUID = 1L;

  public @Nullable Integer eval(@Nullable LocalDate date) {
    NyseCalendar calendar = NyseCalendar.instance();
    if (date == null || !calendar.supports(date)) {
      return null;
    }
    OptionalInt index = calendar.sessionIndexIfSession(date);
    return index.isPresent() ? index.getAsInt() : null;
  }
}
