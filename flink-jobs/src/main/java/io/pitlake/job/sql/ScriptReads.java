package io.pitlake.job.sql;

import io.pitlake.features.BarFeatureRows;
import java.util.Collections;
import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a SQL file's result depends on: the lake tables it reads, directly or through the shared
 * views it names (the feature engine's), and the SQL text of the file. An incremental build
 * compares both with what the file's last build read.
 *
 * <p>Tables are found by name in the statements ({@code bronze.x}, {@code silver.x}, {@code
 * gold.x}), leaving out the targets of {@code INSERT} and the file's own table, which a build
 * recomputes from its other inputs (a name in a quarantine row's literal is no read of it). Another
 * name in a string literal counts: that can only make a build run when it need not, never skip one
 * it needs.
 *
 * @param tables {@code namespace.table} names, sorted
 * @param sql the statements of the file
 */
public record ScriptReads(SortedSet<String> tables, String sql) {

  private static final Pattern TABLE =
      Pattern.compile("(?i)(?<![\\w.`])`?(bronze|silver|gold)`?\\.`?(\\w+)`?");
  private static final Pattern TARGET =
      Pattern.compile("(?is)\\bINSERT\\s+(?:INTO|OVERWRITE)\\s+[`\\w.]+");

  public ScriptReads {
    tables = Collections.unmodifiableSortedSet(new TreeSet<>(tables));
  }

  /** What {@code script} reads. */
  public static ScriptReads of(SqlScript script) {
    String text = text(script);
    SortedSet<String> tables = tablesIn(text);
    tables.remove(script.table());
    if (names(text, BarFeatureRows.ROWS) || names(text, BarFeatureRows.REJECTS)) {
      tables.add(BarFeatureRows.INPUT);
    }
    return new ScriptReads(tables, text);
  }

  /** The script's statements in file order, without comments, lower case. */
  static String text(SqlScript script) {
    return String.join(
            ";\n", script.units().stream().flatMap(u -> u.statements().stream()).toList())
        .toLowerCase(Locale.ROOT);
  }

  /** Whether lower-case SQL {@code text} names {@code view} as a whole word. */
  static boolean names(String text, String view) {
    return Pattern.compile("\\b" + view + "\\b").matcher(text).find();
  }

  private static SortedSet<String> tablesIn(String text) {
    SortedSet<String> tables = new TreeSet<>();
    Matcher m = TABLE.matcher(TARGET.matcher(text).replaceAll(" "));
    while (m.find()) {
      tables.add(m.group(1) + "." + m.group(2));
    }
    return tables;
  }
}
