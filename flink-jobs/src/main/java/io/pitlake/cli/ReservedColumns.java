package io.pitlake.cli;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Back-quotes pitlake column names that Flink SQL reserves ({@code open}, {@code close}), so a
 * query written the way Trino and Spark accept it ({@code SELECT close FROM ...}) runs unchanged in
 * {@code pitlake query}. String literals, quoted identifiers and comments are left alone.
 */
final class ReservedColumns {

  static final Set<String> COLUMNS = Set.of("open", "close");

  private static final Pattern TOKENS =
      Pattern.compile(
          "'(?:[^']|'')*'|`(?:[^`]|``)*`|\"(?:[^\"]|\"\")*\"|--[^\\n]*|/\\*.*?\\*/"
              + "|(?<![\\w`])(?i:open|close)(?![\\w`(])",
          Pattern.DOTALL);

  private ReservedColumns() {}

  static String quote(String sql) {
    Matcher m = TOKENS.matcher(sql);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String token = m.group();
      boolean column = COLUMNS.contains(token.toLowerCase(java.util.Locale.ROOT));
      m.appendReplacement(out, Matcher.quoteReplacement(column ? "`" + token + "`" : token));
    }
    m.appendTail(out);
    return out.toString();
  }
}
