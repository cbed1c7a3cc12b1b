package io.pitlake.report;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import javax.annotation.Nullable;

/**
 * What the coverage report shows, as read from the lake at one instant: every figure already
 * aggregated by the queries in {@code sql/report/}, so the page is rendered from a few thousand
 * values whatever the lake's size.
 *
 * @param asOf the report's instant T: every figure counts rows with {@code available_at <= T}
 * @param tables the tables profiled (every table of the lake), in the lake's order
 * @param profile rows per table, month of {@code event_time} and lag bucket
 * @param coverage sessions with a bar per symbol and month
 * @param gaps runs of sessions without a bar
 * @param quarantine refusals per source, stage, reason and month
 * @param findings the data-quality findings open at T
 */
public record LakeReport(
    Instant asOf,
    List<String> tables,
    List<TableMonth> profile,
    List<CoverageCell> coverage,
    List<Gap> gaps,
    List<QuarantineMonth> quarantine,
    List<Finding> findings) {

  public LakeReport {
    tables = List.copyOf(tables);
    profile = List.copyOf(profile);
    coverage = List.copyOf(coverage);
    gaps = List.copyOf(gaps);
    quarantine = List.copyOf(quarantine);
    findings = List.copyOf(findings);
  }

  /**
   * Rows of a table known by T with an event in one month (yyyymm, UTC) and one lag bucket; both
   * NULL for rows without an {@code event_time}.
   */
  public record TableMonth(
      String table, @Nullable Integer month, @Nullable LagBucket lag, long rows) {}

  /**
   * The sessions of {@code month} (yyyymm) with a bar of {@code symbol} known by T, and the first
   * and last of them.
   */
  public record CoverageCell(
      String symbol, int month, int sessions, LocalDate firstSession, LocalDate lastSession) {}

  /**
   * {@code sessions} NYSE sessions from {@code first} to {@code last} without a bar of {@code
   * symbol}; {@code trailing} when they run to the lake's last session (no bar since).
   */
  public record Gap(
      String symbol, LocalDate first, LocalDate last, int sessions, boolean trailing) {}

  /** Refusals of one source, stage and reason in one month (yyyymm, UTC). */
  public record QuarantineMonth(String source, String stage, String reason, int month, long rows) {

    /** The series the chart draws: source, stage and reason. */
    public String series() {
      return source + " / " + stage + ": " + reason;
    }
  }

  /** A data-quality finding open at T. */
  public record Finding(
      String table,
      String check,
      String subject,
      @Nullable String about,
      @Nullable String detail,
      Instant availableAt) {}
}
