package io.pitlake.report;

import io.pitlake.report.LakeReport.CoverageCell;
import io.pitlake.time.NyseCalendar;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Coverage per symbol × month against the NYSE calendar as one inline SVG: a cell is the share of
 * the month's NYSE sessions (within the lake's first and last session) that have a bar. A lake of
 * hundreds of symbols would make an unreadable, megabyte-sized grid, so the first row sums every
 * symbol and the rows below are only the {@code maxSymbols} symbols missing the most sessions; the
 * page says how many it left out.
 */
final class CoverageHeatmap {

  static final int LABEL_WIDTH = 90;
  static final int CELL_HEIGHT = 14;
  static final int AXIS_HEIGHT = 18;
  static final int MAX_PLOT_WIDTH = 900;

  /** The row summing every symbol; its {@code data-symbol}. */
  static final String ALL = "*";

  private final Map<String, Map<YearMonth, Integer>> sessions = new TreeMap<>();
  private final Map<YearMonth, Integer> expected = new LinkedHashMap<>();
  private final LocalDate first;
  private final LocalDate last;

  CoverageHeatmap(List<CoverageCell> cells) {
    if (cells.isEmpty()) {
      throw new IllegalArgumentException("no bars: nothing to draw a heatmap of");
    }
    first = cells.stream().map(CoverageCell::firstSession).min(Comparator.naturalOrder()).get();
    last = cells.stream().map(CoverageCell::lastSession).max(Comparator.naturalOrder()).get();
    for (CoverageCell cell : cells) {
      sessions
          .computeIfAbsent(cell.symbol(), s -> new HashMap<>())
          .put(Html.month(cell.month()), cell.sessions());
    }
    NyseCalendar calendar = NyseCalendar.instance();
    for (YearMonth m = YearMonth.from(first);
        !m.isAfter(YearMonth.from(last));
        m = m.plusMonths(1)) {
      LocalDate from = m.atDay(1).isBefore(first) ? first : m.atDay(1);
      LocalDate to = m.atEndOfMonth().isAfter(last) ? last : m.atEndOfMonth();
      expected.put(m, calendar.sessions(from, to).size());
    }
  }

  LocalDate first() {
    return first;
  }

  LocalDate last() {
    return last;
  }

  int symbols() {
    return sessions.size();
  }

  /** NYSE sessions from the lake's first to its last session, per symbol. */
  int expectedSessions() {
    return expected.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Sessions with a bar, over every symbol. */
  long sessionsWithBars() {
    return sessions.values().stream()
        .flatMap(m -> m.values().stream())
        .mapToLong(Integer::longValue)
        .sum();
  }

  /** The symbols drawn below the total row: those missing the most sessions, then by name. */
  List<String> shown(int maxSymbols) {
    List<String> symbols = new ArrayList<>(sessions.keySet());
    symbols.sort(
        Comparator.comparingInt((String s) -> -missing(s))
            .thenComparing(Comparator.naturalOrder()));
    return symbols.subList(0, Math.min(maxSymbols, symbols.size()));
  }

  private int missing(String symbol) {
    return expectedSessions()
        - sessions.get(symbol).values().stream().mapToInt(Integer::intValue).sum();
  }

  String svg(int maxSymbols) {
    List<String> shown = shown(maxSymbols);
    int months = expected.size();
    double cellWidth = Math.max(2.0, Math.min(24.0, (double) MAX_PLOT_WIDTH / months));
    int width = LABEL_WIDTH + (int) Math.ceil(cellWidth * months) + 4;
    int height = AXIS_HEIGHT + CELL_HEIGHT * (shown.size() + 1) + 4;
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg class=\"chart\" data-chart=\"coverage\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\">%n",
            width,
            height,
            width,
            height));
    YearMonth start = YearMonth.from(first);
    for (YearMonth m : expected.keySet()) {
      if (m.getMonthValue() == 1 || m.equals(start)) {
        svg.append(
            String.format(
                Locale.ROOT,
                "<text x=\"%.1f\" y=\"12\" class=\"axis\">%d</text>%n",
                LABEL_WIDTH + ChronoUnit.MONTHS.between(start, m) * cellWidth,
                m.getYear()));
      }
    }
    Map<YearMonth, Integer> total = new HashMap<>();
    sessions.values().forEach(m -> m.forEach((month, n) -> total.merge(month, n, Integer::sum)));
    row(svg, 0, ALL, "all " + sessions.size(), total, sessions.size(), cellWidth);
    for (int i = 0; i < shown.size(); i++) {
      row(svg, i + 1, shown.get(i), shown.get(i), sessions.get(shown.get(i)), 1, cellWidth);
    }
    return svg.append("</svg>\n").toString();
  }

  private void row(
      StringBuilder svg,
      int index,
      String symbol,
      String label,
      Map<YearMonth, Integer> have,
      int symbols,
      double cellWidth) {
    int y = AXIS_HEIGHT + index * CELL_HEIGHT;
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"0\" y=\"%d\" class=\"label\">%s</text>%n",
            y + CELL_HEIGHT - 3,
            Html.escape(label)));
    YearMonth start = YearMonth.from(first);
    for (var month : expected.entrySet()) {
      int want = month.getValue() * symbols;
      int got = have.getOrDefault(month.getKey(), 0);
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%d\" fill=\"%s\""
                  + " data-symbol=\"%s\" data-month=\"%s\" data-sessions=\"%d\""
                  + " data-expected=\"%d\"><title>%s %s: %d of %d sessions</title></rect>%n",
              LABEL_WIDTH + ChronoUnit.MONTHS.between(start, month.getKey()) * cellWidth,
              y,
              Math.max(1.0, cellWidth - 1),
              CELL_HEIGHT - 1,
              color(got, want),
              Html.escape(symbol),
              month.getKey(),
              got,
              want,
              Html.escape(label),
              month.getKey(),
              got,
              want));
    }
  }

  /** Green when complete, grey when empty, warmer the more is missing. */
  static String color(int sessions, int expected) {
    if (sessions >= expected) {
      return "#1a9850";
    }
    if (sessions == 0) {
      return "#d9d9d9";
    }
    double share = (double) sessions / expected;
    return share >= 0.9 ? "#a6d96a" : share >= 0.5 ? "#fdae61" : "#d73027";
  }
}
