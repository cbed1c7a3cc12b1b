package io.pitlake.panel;

import io.pitlake.time.NyseCalendar;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import javax.annotation.Nullable;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * SQL {@code session_decision_at(session_date DATE) -> TIMESTAMP_LTZ(3)}: the session's decision
 * instant ({@link DecisionSessions#decisionAt}) under the job's {@link
 * PanelOptions#DECISION_OFFSET}, NULL for a day that is no NYSE session.
 *
 * <p>Why a function: {@code sql/reads/bars_daily_first_known.sql} reads each session as first known
 * no earlier than its decision instant, and must place that instant exactly where the panel does
 * (early closes, daylight saving, the configured offset), which only the calendar and the panel's
 * option know. SQL calls it session_decision_at ({@code SqlFunctions} registers it).
 */
public class SessionDecisionAtFunction extends ScalarFunction {

  private static final long serialVersionUID = 1L;

  private transient Duration offset;

  @Override
  public void open(FunctionContext context) {
    String key = PanelOptions.DECISION_OFFSET.key();
    String value = context.getJobParameter(key, null);
    offset = PanelOptions.decisionOffset(value == null ? Map.of() : Map.of(key, value));
  }

  public @Nullable @DataTypeHint("TIMESTAMP_LTZ(3)") Instant eval(@Nullable LocalDate sessionDate) {
    if (sessionDate == null) {
      return null;
    }
    NyseCalendar calendar = NyseCalendar.instance();
    if (!calendar.supports(sessionDate)) {
      return null;
    }
    return calendar
        .session(sessionDate)
        .map(s -> DecisionSessions.decisionAt(s, offset))
        .orElse(null);
  }
}
