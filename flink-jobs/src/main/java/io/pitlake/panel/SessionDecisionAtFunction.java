package io.pitlake.panel;

import io.pitlake.time.NyseCalendar;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import javax.annotation.Nullable;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * SQL {@code session_decision_at(session_date DATE, offset_minutes INT) -> TIMESTAMP_LTZ(3)}: the
 * session's decision instant ({@link DecisionSessions#decisionAt}), NULL for a day that is no NYSE
 * session.
 *
 * <p>Why a function: {@code sql/reads/bars_daily_first_known.sql} reads each session as first known
 * no earlier than its decision instant, and must place that instant exactly where the panel does
 * (early closes, daylight saving), which only the calendar knows. SQL calls it session_decision_at
 * ({@code SqlFunctions} registers it).
 */
public class SessionDecisionAtFunction extends ScalarFunction {

  private static final long serialVersionUID = 1L;

  public @Nullable @DataTypeHint("TIMESTAMP_LTZ(3)") Instant eval(
      @Nullable LocalDate sessionDate, @Nullable Integer offsetMinutes) {
    if (sessionDate == null || offsetMinutes == null) {
      return null;
    }
    NyseCalendar calendar = NyseCalendar.instance();
    if (!calendar.supports(sessionDate)) {
      return null;
    }
    return calendar
        .session(sessionDate)
        .map(s -> DecisionSessions.decisionAt(s, Duration.ofMinutes(offsetMinutes)))
        .orElse(null);
  }
}
