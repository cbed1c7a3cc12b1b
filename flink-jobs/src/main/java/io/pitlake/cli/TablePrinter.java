package io.pitlake.cli;

import java.io.PrintWriter;
import java.util.List;

/** Prints rows as a plain aligned text table: numbers right-aligned, everything else left. */
final class TablePrinter {

  private TablePrinter() {}

  static void print(PrintWriter out, List<String> header, List<List<String>> rows) {
    int[] widths = new int[header.size()];
    boolean[] numeric = new boolean[header.size()];
    for (int i = 0; i < header.size(); i++) {
      widths[i] = header.get(i).length();
      numeric[i] = !rows.isEmpty();
    }
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
        numeric[i] &=
            row.get(i).equals("NULL")
                || row.get(i).matches("-?\\d[\\d,]*(\\.\\d+)?([eE][-+]?\\d+)?");
      }
    }
    line(out, header, widths, new boolean[header.size()]);
    StringBuilder rule = new StringBuilder();
    for (int i = 0; i < widths.length; i++) {
      rule.append(i == 0 ? "" : "  ").append("-".repeat(widths[i]));
    }
    out.println(rule);
    rows.forEach(row -> line(out, row, widths, numeric));
  }

  private static void line(PrintWriter out, List<String> cells, int[] widths, boolean[] right) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String format = "%" + (right[i] ? "" : "-") + widths[i] + "s";
      line.append(i == 0 ? "" : "  ").append(String.format(format, cells.get(i)));
    }
    out.println(line.toString().stripTrailing());
  }
}
