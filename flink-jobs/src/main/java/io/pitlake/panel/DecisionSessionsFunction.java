package io.pitlake.panel;

import java.time.Duration;
import java.time.Instant;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.FunctionHint;
import org.apache.flink.table.functions.TableFunction;
import org.apache.flink.types.Row;

/**
 * SQL {@code decision_sessions(available_at, superseded_at, offset_minutes)}: the rows of {@link
 * DecisionSessions#between}, so that {@code sql/gold/panel_daily.sql} can join a fundamentals
 * snapshot to the bars of exactly the sessions that decided with it.
 *
 * <p>SQL calls it decision_sessions ({@code SqlFunctions} registers it).
 */
@FunctionHint(
    output =
        @DataTypeHint(
            "ROW<session_date DATE, decision_at TIMESTAMP_LTZ(3), days_since_filing INT>"))
public class DecisionSessionsFunction extends TableFunction<Row> {

  private static final long serialVersionUID = 1L;

  public void eval(
      @DataTypeHint("TIMESTAMP_LTZ(3)") Instant availableAt,
      @DataTypeHint("TIMESTAMP_LTZ(3)") Instant supersededAt,
      Integer offsetMinutes) {
    for (DecisionSessions.Session s :
        DecisionSessions.between(availableAt, supersededAt, Duration.ofMinutes(offsetMinutes))) {
      collect(Row.of(s.date(), s.decisionAt(), s.daysSinceKnown()));
    }
  }
}
