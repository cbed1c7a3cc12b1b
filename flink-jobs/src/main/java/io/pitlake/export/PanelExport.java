package io.pitlake.export;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

/**
 * Runs an export: {@link ExportQuery}'s SQL as one batch job, each row handed to a sink in symbol
 * and session order, with a progress line every {@link #PROGRESS_EVERY_NANOS} so a long export is
 * seen to move.
 */
public final class PanelExport {

  static final long PROGRESS_EVERY_NANOS = 5_000_000_000L;

  /** What an export wrote. */
  public record Summary(long rows, int symbols, LocalDate first, LocalDate last, double seconds) {}

  private PanelExport() {}

  /**
   * Writes every row of {@code request} to {@code sink} and closes it.
   *
   * @throws IllegalStateException if nothing matches: an empty export is a mistake in the request
   *     (a symbol the lake lacks, an instant before any bar), not a result
   */
  public static Summary run(
      TableEnvironment tableEnv, ExportRequest request, ExportSink sink, PrintWriter progress)
      throws Exception {
    long t0 = System.nanoTime();
    // From the first row on: before it, the job is planning and scanning, and Flink logs that.
    long nextReport = Long.MAX_VALUE;
    int width = request.columns().size();
    long rows = 0;
    int symbols = 0;
    String symbol = null;
    LocalDate first = null;
    LocalDate last = null;
    try (ExportSink closing = sink;
        CloseableIterator<Row> it = tableEnv.executeSql(ExportQuery.sql(request)).collect()) {
      while (it.hasNext()) {
        Row row = it.next();
        String rowSymbol = (String) row.getField(0);
        LocalDate session = (LocalDate) row.getField(1);
        List<Double> values = new ArrayList<>(width);
        for (int i = 0; i < width; i++) {
          Object value = row.getField(i + 2);
          values.add(value == null ? Double.NaN : ((Number) value).doubleValue());
        }
        closing.write(new PanelRow(rowSymbol, session, values));
        rows++;
        if (!rowSymbol.equals(symbol)) {
          symbols++;
          symbol = rowSymbol;
        }
        first = first == null || session.isBefore(first) ? session : first;
        last = last == null || session.isAfter(last) ? session : last;
        long now = System.nanoTime();
        if (rows == 1) {
          nextReport = now + PROGRESS_EVERY_NANOS;
        } else if (now >= nextReport) {
          progress.printf(
              "[export] %,d rows of %,d symbols so far (at %s), %.0f s%n",
              rows, symbols, symbol, (now - t0) / 1e9);
          nextReport = now + PROGRESS_EVERY_NANOS;
        }
      }
    }
    if (rows == 0) {
      throw new IllegalStateException(
          String.format(
              "nothing to export: no bar of %s between %s and %s was known %s %s; check --symbols,"
                  + " --start, --end and --as-of against 'pitlake tables'",
              request.symbols().isEmpty() ? "any symbol" : String.join(",", request.symbols()),
              request.startDate().map(LocalDate::toString).orElse("the first session"),
              request.endDate().map(LocalDate::toString).orElse("the last"),
              request.mode() == ExportMode.AS_OF ? "at" : "by",
              request.asOf()));
    }
    return new Summary(rows, symbols, first, last, (System.nanoTime() - t0) / 1e9);
  }
}
