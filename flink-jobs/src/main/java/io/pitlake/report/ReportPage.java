package io.pitlake.report;

import io.pitlake.report.LakeReport.Finding;
import io.pitlake.report.LakeReport.Gap;
import io.pitlake.report.LakeReport.QuarantineMonth;
import io.pitlake.report.LakeReport.TableMonth;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The coverage report as one static HTML page: inline CSS and inline SVG, no script and nothing
 * fetched, so it opens from a file, an e-mail or an artifact store as it is. Every figure a chart
 * draws is also in a {@code data-*} attribute of its element, where a reader's tools (and the test)
 * find it without parsing pixels.
 */
public final class ReportPage {

  private static final String STYLE =
      """
      body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;max-width:1200px}
      h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ddd}
      h3{font-size:15px;margin:16px 0 4px}
      .chart{display:block;margin:8px 0}.chart text{font-size:11px;fill:#333}
      .chart .axis{fill:#666}.chart .tick{stroke:#eee}.chart .bar{fill:#4575b4}
      .chart .total,.chart .share{fill:#555}
      table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:2px 8px;text-align:left}
      td.n{text-align:right}.note{color:#555}.legend span{display:inline-block;width:12px;
      height:12px;margin:0 4px 0 12px;vertical-align:middle}
      """;

  private final LakeReport report;
  private final int maxSymbols;
  private final int maxListed;
  private final StringBuilder html = new StringBuilder();

  private ReportPage(LakeReport report, int maxSymbols, int maxListed) {
    this.report = report;
    this.maxSymbols = maxSymbols;
    this.maxListed = maxListed;
  }

  /**
   * The page of {@code report}: the heatmap draws at most {@code maxSymbols} symbols beside the
   * total, and the gap and finding lists name at most {@code maxListed} items each (all are
   * counted).
   */
  public static String render(LakeReport report, int maxSymbols, int maxListed) {
    return new ReportPage(report, maxSymbols, maxListed).document();
  }

  private String document() {
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
        .append("<title>pitlake coverage report as of ")
        .append(report.asOf())
        .append("</title>\n<style>")
        .append(STYLE)
        .append("</style></head>\n<body data-as-of=\"")
        .append(report.asOf())
        .append("\">\n<h1>pitlake coverage report</h1>\n")
        .append("<p>The lake as known at <b>")
        .append(report.asOf())
        .append("</b>: every figure counts the rows with <code>available_at</code> at or before")
        .append(" that instant.</p>\n");
    coverage();
    tableRows();
    quarantine();
    lags();
    findings();
    return html.append("</body></html>\n").toString();
  }

  private void coverage() {
    html.append("<h2 id=\"coverage\">Coverage per symbol and month</h2>\n");
    if (report.coverage().isEmpty()) {
      html.append("<p>No bar in <code>silver.bars_daily</code> was known at this instant.</p>\n");
      gaps();
      return;
    }
    CoverageHeatmap heatmap = new CoverageHeatmap(report.coverage());
    long expected = (long) heatmap.expectedSessions() * heatmap.symbols();
    html.append(
        String.format(
            Locale.ROOT,
            "<p>Sessions with a bar in <code>silver.bars_daily</code> of the NYSE sessions from the"
                + " lake's first session, %s, to its last, %s: <b>%,d of %,d (%.2f%%)</b> over %,d"
                + " symbols. A cell is one month.</p>%n",
            heatmap.first(),
            heatmap.last(),
            heatmap.sessionsWithBars(),
            expected,
            100.0 * heatmap.sessionsWithBars() / expected,
            heatmap.symbols()));
    html.append("<p class=\"legend\">")
        .append("<span style=\"background:#1a9850\"></span>every session")
        .append("<span style=\"background:#a6d96a\"></span>90% or more")
        .append("<span style=\"background:#fdae61\"></span>50–90%")
        .append("<span style=\"background:#d73027\"></span>under 50%")
        .append("<span style=\"background:#d9d9d9\"></span>no bar</p>\n");
    html.append(heatmap.svg(maxSymbols));
    if (heatmap.symbols() > maxSymbols) {
      html.append(
          String.format(
              Locale.ROOT,
              "<p class=\"note\">The first row is all %,d symbols; below it the %,d missing the"
                  + " most sessions (%,d symbols not drawn; report.heatmap-symbols).</p>%n",
              heatmap.symbols(),
              maxSymbols,
              heatmap.symbols() - maxSymbols));
    }
    gaps();
  }

  private void gaps() {
    html.append("<h2 id=\"gaps\">Known gaps</h2>\n");
    List<Gap> gaps = new ArrayList<>(report.gaps());
    if (gaps.isEmpty()) {
      html.append(
          "<p>None: every symbol has a bar for every NYSE session from its first bar to the"
              + " lake's last session.</p>\n");
      return;
    }
    gaps.sort(Comparator.comparing(Gap::symbol).thenComparing(Gap::first));
    long sessions = gaps.stream().mapToLong(Gap::sessions).sum();
    html.append(
        String.format(
            Locale.ROOT,
            "<p>%,d gap%s, %,d NYSE session%s without a bar, from each symbol's first bar to the"
                + " lake's last session:</p>%n<ul>%n",
            gaps.size(),
            gaps.size() == 1 ? "" : "s",
            sessions,
            sessions == 1 ? "" : "s"));
    for (Gap gap : gaps.subList(0, Math.min(maxListed, gaps.size()))) {
      html.append(
          String.format(
              Locale.ROOT,
              "<li data-chart=\"gaps\" data-symbol=\"%s\" data-first=\"%s\" data-last=\"%s\""
                  + " data-sessions=\"%d\" data-trailing=\"%s\">%s</li>%n",
              Html.escape(gap.symbol()),
              gap.first(),
              gap.last(),
              gap.sessions(),
              gap.trailing(),
              Html.escape(words(gap))));
    }
    html.append("</ul>\n");
    if (gaps.size() > maxListed) {
      html.append(
          String.format(
              Locale.ROOT,
              "<p class=\"note\">and %,d more gaps (report.listed).</p>%n",
              gaps.size() - maxListed));
    }
  }

  /** A gap in words, e.g. "AAPL: 3 sessions without a bar, 2024-03-05 to 2024-03-07". */
  static String words(Gap gap) {
    String span =
        gap.first().equals(gap.last()) ? gap.first().toString() : gap.first() + " to " + gap.last();
    return String.format(
        Locale.ROOT,
        gap.trailing()
            ? "%s: %,d session%s without a bar, %s: none since, up to the lake's last session"
            : "%s: %,d session%s without a bar, %s",
        gap.symbol(),
        gap.sessions(),
        gap.sessions() == 1 ? "" : "s",
        span);
  }

  private void tableRows() {
    html.append("<h2 id=\"rows\">Rows per table and layer over time</h2>\n")
        .append("<p>Rows of each table by the month (UTC) of their <code>event_time</code>; each")
        .append(" table's bars are scaled to its own largest month, its total on the right.</p>\n");
    Map<String, Map<YearMonth, Long>> perTable = new LinkedHashMap<>();
    Map<String, Long> undated = new LinkedHashMap<>();
    report.tables().forEach(t -> perTable.put(t, new TreeMap<>()));
    for (TableMonth row : report.profile()) {
      if (row.month() == null) {
        undated.merge(row.table(), row.rows(), Long::sum);
      } else {
        perTable.get(row.table()).merge(Html.month(row.month()), row.rows(), Long::sum);
      }
    }
    Map<String, Map<String, Map<YearMonth, Long>>> layers = new LinkedHashMap<>();
    List<String> empty = new ArrayList<>();
    perTable.forEach(
        (table, months) -> {
          if (months.isEmpty()) {
            empty.add(table);
          } else {
            layers
                .computeIfAbsent(table.substring(0, table.indexOf('.')), l -> new LinkedHashMap<>())
                .put(table, months);
          }
        });
    for (var layer : layers.entrySet()) {
      html.append("<h3>").append(Html.escape(layer.getKey())).append("</h3>\n");
      strips("rows", "table", layer.getValue());
    }
    if (!undated.isEmpty()) {
      html.append("<p class=\"note\">Rows without an <code>event_time</code>: ");
      List<String> parts = new ArrayList<>();
      undated.forEach(
          (table, rows) ->
              parts.add(
                  String.format(
                      Locale.ROOT,
                      "<span data-chart=\"undated\" data-table=\"%s\" data-rows=\"%d\">%s %,d</span>",
                      Html.escape(table),
                      rows,
                      Html.escape(table),
                      rows)));
      html.append(String.join(", ", parts)).append(".</p>\n");
    }
    if (!empty.isEmpty()) {
      html.append("<p class=\"note\">No rows known at this instant: ")
          .append(Html.escape(String.join(", ", empty)))
          .append(".</p>\n");
    }
  }

  private void quarantine() {
    html.append("<h2 id=\"quarantine\">Quarantine reasons over time</h2>\n");
    if (report.quarantine().isEmpty()) {
      html.append(
          "<p>No refusal in <code>silver.quarantine</code> was known at this instant.</p>\n");
      return;
    }
    html.append("<p>Refusals in <code>silver.quarantine</code> per source, stage and reason, by")
        .append(" the month (UTC) of what was refused.</p>\n");
    Map<String, Map<YearMonth, Long>> series = new TreeMap<>();
    for (QuarantineMonth row : report.quarantine()) {
      series
          .computeIfAbsent(row.series(), s -> new TreeMap<>())
          .merge(Html.month(row.month()), row.rows(), Long::sum);
    }
    strips("quarantine", "reason", series);
  }

  /** A {@link MonthStrips} chart over the months its series span. */
  private void strips(String chart, String key, Map<String, Map<YearMonth, Long>> series) {
    YearMonth first =
        series.values().stream()
            .flatMap(m -> m.keySet().stream())
            .min(Comparator.naturalOrder())
            .orElseThrow();
    YearMonth last =
        series.values().stream()
            .flatMap(m -> m.keySet().stream())
            .max(Comparator.naturalOrder())
            .orElseThrow();
    html.append(MonthStrips.svg(chart, key, series, first, last));
  }

  private void lags() {
    html.append("<h2 id=\"lag\">Lag from event to availability, per dataset</h2>\n")
        .append("<p>How long after <code>event_time</code> each row became known")
        .append(
            " (<code>available_at</code>): the share of each table's dated rows per bucket.</p>\n");
    Map<String, Map<LagBucket, Long>> tables = new LinkedHashMap<>();
    for (TableMonth row : report.profile()) {
      if (row.lag() != null) {
        tables
            .computeIfAbsent(row.table(), t -> new EnumMap<>(LagBucket.class))
            .merge(row.lag(), row.rows(), Long::sum);
      }
    }
    if (tables.isEmpty()) {
      html.append("<p>No dated row was known at this instant.</p>\n");
      return;
    }
    html.append(LagHistograms.svg(tables));
  }

  private void findings() {
    html.append("<h2 id=\"findings\">Data-quality findings open at ")
        .append(report.asOf())
        .append("</h2>\n");
    List<Finding> findings = new ArrayList<>(report.findings());
    if (findings.isEmpty()) {
      html.append(
          "<p>None in <code>gold.price_dq</code> or <code>gold.fundamentals_dq</code>.</p>\n");
      return;
    }
    Map<String, Long> counts = new TreeMap<>();
    findings.forEach(f -> counts.merge(f.table() + "\t" + f.check(), 1L, Long::sum));
    html.append("<table><tr><th>table</th><th>check</th><th>open</th></tr>\n");
    counts.forEach(
        (key, count) -> {
          String[] parts = key.split("\t");
          html.append(
              String.format(
                  Locale.ROOT,
                  "<tr data-chart=\"findings\" data-table=\"%s\" data-check=\"%s\""
                      + " data-count=\"%d\"><td>%s</td><td>%s</td><td class=\"n\">%,d</td></tr>%n",
                  Html.escape(parts[0]),
                  Html.escape(parts[1]),
                  count,
                  Html.escape(parts[0]),
                  Html.escape(parts[1]),
                  count));
        });
    html.append("</table>\n");
    findings.sort(
        Comparator.comparing(Finding::availableAt)
            .reversed()
            .thenComparing(Finding::table)
            .thenComparing(Finding::subject));
    html.append("<h3>Newest first</h3>\n");
    if (findings.size() > maxListed) {
      html.append(
          String.format(
              Locale.ROOT,
              "<p class=\"note\">The %,d newest of %,d (report.listed).</p>%n",
              maxListed,
              findings.size()));
    }
    html.append("<table><tr><th>known from</th><th>table</th><th>check</th><th>subject</th>")
        .append("<th>about</th><th>detail</th></tr>\n");
    for (Finding f : findings.subList(0, Math.min(maxListed, findings.size()))) {
      html.append("<tr><td>")
          .append(f.availableAt())
          .append("</td><td>")
          .append(Html.escape(f.table()))
          .append("</td><td>")
          .append(Html.escape(f.check()))
          .append("</td><td>")
          .append(Html.escape(f.subject()))
          .append("</td><td>")
          .append(f.about() == null ? "" : Html.escape(f.about()))
          .append("</td><td>")
          .append(f.detail() == null ? "" : Html.escape(f.detail()))
          .append("</td></tr>\n");
    }
    html.append("</table>\n");
  }
}
