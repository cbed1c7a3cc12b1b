package io.pitlake.job.progress;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The figures of a running SQL job on the embedded cluster: rows its table scans have read and rows
 * its Iceberg writers have received, summed over subtasks. Taken from {@link ProgressReporter}.
 */
public record SqlProgress(long read, long written) {

  static final String READ = "sql.rowsRead";
  static final String WRITTEN = "sql.rowsWritten";

  /**
   * The operators counted, by their metric identifiers: a table scan is {@code Source: <table>[n]},
   * an Iceberg writer {@code IcebergStreamWriter} or {@code IcebergSink <table>: Writer}.
   */
  static final Map<String, Pattern> PATTERNS =
      Map.of(
          READ, Pattern.compile("\\.Source: [^.\\[\\]]+\\[\\d+\\]\\.\\d+\\.numRecordsOut$"),
          WRITTEN,
              Pattern.compile(
                  "\\.(IcebergStreamWriter|IcebergSink [^.]+: Writer)\\.\\d+\\.numRecordsIn$"));

  /** Reads the live metrics of the running embedded job. */
  public static SqlProgress take() {
    return new SqlProgress(ProgressReporter.sum(READ), ProgressReporter.sum(WRITTEN));
  }
}
