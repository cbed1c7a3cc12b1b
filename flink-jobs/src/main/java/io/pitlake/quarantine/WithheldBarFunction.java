package io.pitlake.quarantine;

import java.time.LocalDate;
import java.util.Set;
import javax.annotation.Nullable;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.ScalarFunction;
import org.apache.iceberg.flink.CatalogLoader;

/**
 * SQL {@code pitlake_dq_withheld(symbol, session_date, payload)}: whether an audit's quarantine
 * withholds that bronze version of a daily bar from silver ({@link WithheldBars}); and {@code
 * pitlake_dq_withheld(symbol, session_date)}: whether it withholds a daily bar version of that
 * symbol and New York day, so that the day's other bars (minutes, the vendors' daily bars) are
 * withheld with it. A filter, so silver's inserts stay insert-only in batch and streaming, and
 * every build (audited or not, {@code live} too) leaves a withheld symbol-day out of silver and so
 * out of gold. Registered by {@code SqlRunner}, never by a SQL file.
 */
public final class WithheldBarFunction extends ScalarFunction {

  /** The name SQL calls it by. */
  public static final String NAME = "pitlake_dq_withheld";

  private static final long serialVersionUID = 1L;

  private final CatalogLoader catalogLoader;
  private final @Nullable Set<String> fixed;
  private transient Set<String> withheld;
  private transient Set<String> days;

  /**
   * @param fixed the versions to withhold, or null: those {@code silver.quarantine} withholds when
   *     the task opens. An audit's first phase passes none (every version is judged again), its
   *     second the ones it decided.
   */
  public WithheldBarFunction(CatalogLoader catalogLoader, @Nullable Set<String> fixed) {
    this.catalogLoader = catalogLoader;
    this.fixed = fixed == null ? null : Set.copyOf(fixed);
  }

  @Override
  public void open(FunctionContext context) {
    withheld = fixed != null ? fixed : WithheldBars.load(catalogLoader);
    days = WithheldBars.days(withheld);
  }

  public boolean eval(String symbol, LocalDate sessionDate, String payload) {
    return !withheld.isEmpty()
        && symbol != null
        && sessionDate != null
        && withheld.contains(WithheldBars.key(symbol, sessionDate, payload));
  }

  /** Whether a daily bar version of the symbol and day is withheld: the day's every bar is. */
  public boolean eval(String symbol, LocalDate sessionDate) {
    return !days.isEmpty()
        && symbol != null
        && sessionDate != null
        && days.contains(WithheldBars.day(symbol, sessionDate));
  }

  @Override
  public boolean isDeterministic() {
    // Its answer depends on the table when the job starts, not only on its arguments.
    return false;
  }
}
