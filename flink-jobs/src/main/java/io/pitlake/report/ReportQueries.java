package io.pitlake.report;

import static org.apache.flink.util.Preconditions.checkArgument;

import io.pitlake.export.ExportQuery;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The Flink SQL of the coverage report: the files in {@code sql/report/} as shipped, with their
 * instant replaced by the report's. Every query aggregates in the engine, so what reaches the
 * report is per symbol × month or per table × month, never per row.
 */
public final class ReportQueries {

  static final String TABLE_PROFILE = "/sql/report/table_profile.sql";
  static final String COVERAGE = "/sql/report/coverage.sql";
  static final String GAPS = "/sql/report/gaps.sql";
  static final String QUARANTINE = "/sql/report/quarantine_reasons.sql";
  static final String OPEN_FINDINGS = "/sql/report/open_findings.sql";

  /** The table {@link #TABLE_PROFILE} is written for, replaced by each table's name. */
  static final String PROFILED_TABLE = "silver.bars_daily";

  private ReportQueries() {}

  /**
   * One query profiling every table of {@code tables} ({@code namespace.name}): the profile file
   * once per table, joined by {@code UNION ALL}, so one job scans each table once.
   */
  public static String tableProfile(List<String> tables, Instant asOf) {
    checkArgument(!tables.isEmpty(), "no table to profile: the lake has no table yet");
    String template = ExportQuery.read(TABLE_PROFILE, ExportQuery.literal(asOf));
    return tables.stream()
        .map(table -> "(\n" + template.replace(PROFILED_TABLE, table) + "\n)")
        .collect(Collectors.joining("\nUNION ALL\n"));
  }

  public static String coverage(Instant asOf) {
    return ExportQuery.read(COVERAGE, ExportQuery.literal(asOf));
  }

  public static String gaps(Instant asOf) {
    return ExportQuery.read(GAPS, ExportQuery.literal(asOf));
  }

  public static String quarantine(Instant asOf) {
    return ExportQuery.read(QUARANTINE, ExportQuery.literal(asOf));
  }

  public static String openFindings(Instant asOf) {
    return ExportQuery.read(OPEN_FINDINGS, ExportQuery.literal(asOf));
  }
}
