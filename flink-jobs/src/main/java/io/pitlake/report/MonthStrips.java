package io.pitlake.report;

import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;

/**
 * Series of monthly counts as one inline SVG: a row per series, a bar per month with rows, each
 * series scaled to its own largest month (its total beside it), so a table of a million rows and
 * one of ten share a chart. Every bar carries its series, month and count as {@code data-*}
 * attributes and a tooltip: the figures a reader or a test takes from the page.
 */
final class MonthStrips {

  static final int LABEL_WIDTH = 300;
  static final int PLOT_WIDTH = 720;
  static final int ROW_HEIGHT = 30;
  static final int AXIS_HEIGHT = 18;
  static final int TOTAL_WIDTH = 110;

  private MonthStrips() {}

  /**
   * The SVG of {@code series} (name → month → count) over {@code first}..{@code last}; {@code
   * chart} names it ({@code data-chart}) and {@code key} is the attribute naming a bar's series.
   */
  static String svg(
      String chart,
      String key,
      Map<String, Map<YearMonth, Long>> series,
      YearMonth first,
      YearMonth last) {
    int months = (int) ChronoUnit.MONTHS.between(first, last) + 1;
    double barWidth = (double) PLOT_WIDTH / months;
    int height = AXIS_HEIGHT + ROW_HEIGHT * series.size();
    int width = LABEL_WIDTH + PLOT_WIDTH + TOTAL_WIDTH;
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg class=\"chart\" data-chart=\"%s\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                + " xmlns=\"http://www.w3.org/2000/svg\" role=\"img\">%n",
            chart,
            width,
            height,
            width,
            height));
    for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
      if (m.getMonthValue() == 1 || m.equals(first)) {
        double x = LABEL_WIDTH + ChronoUnit.MONTHS.between(first, m) * barWidth;
        svg.append(
            String.format(
                Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" class=\"tick\"/>"
                    + "<text x=\"%.1f\" y=\"12\" class=\"axis\">%d</text>%n",
                x,
                AXIS_HEIGHT - 4,
                x,
                height,
                x + 2,
                m.getYear()));
      }
    }
    int row = 0;
    for (var entry : series.entrySet()) {
      String name = entry.getKey();
      long max = entry.getValue().values().stream().mapToLong(Long::longValue).max().orElse(0);
      long total = entry.getValue().values().stream().mapToLong(Long::longValue).sum();
      int top = AXIS_HEIGHT + row * ROW_HEIGHT;
      svg.append(
          String.format(
              Locale.ROOT,
              "<g data-%s=\"%s\" data-total=\"%d\"><text x=\"0\" y=\"%d\" class=\"label\">%s"
                  + "</text>%n",
              key,
              Html.escape(name),
              total,
              top + ROW_HEIGHT - 10,
              Html.escape(shorten(name))));
      for (var month : entry.getValue().entrySet()) {
        long rows = month.getValue();
        double barHeight = Math.max(1.0, (ROW_HEIGHT - 6) * (double) rows / max);
        double x = LABEL_WIDTH + ChronoUnit.MONTHS.between(first, month.getKey()) * barWidth;
        svg.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" class=\"bar\""
                    + " data-month=\"%s\" data-rows=\"%d\"><title>%s %s: %,d</title></rect>%n",
                x,
                top + ROW_HEIGHT - 4 - barHeight,
                Math.max(1.0, barWidth - (barWidth > 3 ? 1 : 0)),
                barHeight,
                month.getKey(),
                rows,
                Html.escape(name),
                month.getKey(),
                rows));
      }
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\" class=\"total\">%,d</text></g>%n",
              LABEL_WIDTH + PLOT_WIDTH + 8,
              top + ROW_HEIGHT - 10,
              total));
      row++;
    }
    return svg.append("</svg>\n").toString();
  }

  /** A label that fits the label column; the full name stays in the tooltip and attributes. */
  private static String shorten(String name) {
    return name.length() <= 46 ? name : name.substring(0, 45) + "…";
  }
}
