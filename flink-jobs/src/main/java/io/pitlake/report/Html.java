package io.pitlake.report;

import java.time.YearMonth;

/** Text and month helpers shared by the report's sections and charts. */
final class Html {

  private Html() {}

  /** {@code text} safe in HTML and SVG text and in double-quoted attributes. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** The queries' month key, yyyymm, as a month. */
  static YearMonth month(int yyyymm) {
    return YearMonth.of(yyyymm / 100, yyyymm % 100);
  }
}
