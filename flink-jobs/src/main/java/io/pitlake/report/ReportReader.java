package io.pitlake.report;

import io.pitlake.report.LakeReport.CoverageCell;
import io.pitlake.report.LakeReport.Finding;
import io.pitlake.report.LakeReport.Gap;
import io.pitlake.report.LakeReport.QuarantineMonth;
import io.pitlake.report.LakeReport.TableMonth;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

/**
 * Reads a {@link LakeReport} from the lake through Flink SQL, the engine {@code pitlake query}
 * uses: one batch job per query of {@link ReportQueries}, each announced on {@code progress} before
 * it runs and timed after, since on a large lake each takes seconds to minutes.
 */
public final class ReportReader {

  private static final int STEPS = 5;

  private final TableEnvironment tableEnv;
  private final PrintWriter progress;
  private final long started = System.nanoTime();
  private int step;

  public ReportReader(TableEnvironment tableEnv, PrintWriter progress) {
    this.tableEnv = tableEnv;
    this.progress = progress;
  }

  /**
   * Every figure of the report on {@code tables} ({@code namespace.name}) as known at {@code asOf};
   * only {@code withRows} are scanned (the others have no rows to count).
   */
  public LakeReport read(List<String> tables, List<String> withRows, Instant asOf) {
    List<TableMonth> profile =
        withRows.isEmpty()
            ? List.of()
            : rows(
                String.format("rows and lags of %d tables", withRows.size()),
                ReportQueries.tableProfile(withRows, asOf),
                r ->
                    new TableMonth(
                        (String) r.getField(0),
                        (Integer) r.getField(1),
                        r.getField(2) == null ? null : LagBucket.of((Integer) r.getField(2)),
                        (Long) r.getField(3)));
    List<CoverageCell> coverage =
        rows(
            "sessions with a bar per symbol and month",
            ReportQueries.coverage(asOf),
            r ->
                new CoverageCell(
                    (String) r.getField(0),
                    (Integer) r.getField(1),
                    ((Long) r.getField(2)).intValue(),
                    (LocalDate) r.getField(3),
                    (LocalDate) r.getField(4)));
    List<Gap> gaps =
        rows(
            "sessions without a bar",
            ReportQueries.gaps(asOf),
            r ->
                new Gap(
                    (String) r.getField(0),
                    (LocalDate) r.getField(1),
                    (LocalDate) r.getField(2),
                    (Integer) r.getField(3),
                    (Boolean) r.getField(4)));
    List<QuarantineMonth> quarantine =
        rows(
            "quarantine reasons per month",
            ReportQueries.quarantine(asOf),
            r ->
                new QuarantineMonth(
                    (String) r.getField(0),
                    (String) r.getField(1),
                    (String) r.getField(2),
                    (Integer) r.getField(3),
                    (Long) r.getField(4)));
    List<Finding> findings =
        rows(
            "data-quality findings open at " + asOf,
            ReportQueries.openFindings(asOf),
            r ->
                new Finding(
                    (String) r.getField(0),
                    (String) r.getField(1),
                    (String) r.getField(2),
                    (String) r.getField(3),
                    (String) r.getField(4),
                    (Instant) r.getField(5)));
    return new LakeReport(asOf, tables, profile, coverage, gaps, quarantine, findings);
  }

  private <T> List<T> rows(String what, String sql, Function<Row, T> convert) {
    step++;
    progress.printf("[report] %d/%d %s ...%n", step, STEPS, what);
    long t0 = System.nanoTime();
    List<T> rows = new ArrayList<>();
    try (CloseableIterator<Row> it = tableEnv.executeSql(sql).collect()) {
      while (it.hasNext()) {
        rows.add(convert.apply(it.next()));
      }
    } catch (Exception e) {
      throw e instanceof RuntimeException runtime
          ? runtime
          : new IllegalStateException(String.format("the report's query for %s failed", what), e);
    }
    progress.printf(
        "[report] %d/%d %,d rows in %.1f s (%.0f s in all)%n",
        step,
        STEPS,
        rows.size(),
        (System.nanoTime() - t0) / 1e9,
        (System.nanoTime() - started) / 1e9);
    return rows;
  }
}
