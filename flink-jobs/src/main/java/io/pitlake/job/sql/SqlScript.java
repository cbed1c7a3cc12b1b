package io.pitlake.job.sql;

import static org.apache.flink.util.Preconditions.checkArgument;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.annotation.Nullable;

/**
 * One SQL file from {@code sql/}, split into units Flink executes one at a time.
 *
 * <p>Statements end at a semicolon outside quotes and comments. {@code BEGIN STATEMENT SET; ...
 * END;} becomes one unit so its inserts run as one job (one read of shared inputs, one commit per
 * table).
 *
 * @param name the file's path under {@code sql/}, e.g. {@code gold/bar_features_daily.sql}
 * @param units statements in file order
 */
public record SqlScript(String name, List<Unit> units) {

  /** A single statement, or the inserts of a statement set. */
  public record Unit(List<String> statements, boolean statementSet) {
    public Unit {
      statements = List.copyOf(statements);
    }
  }

  /**
   * One {@code INSERT INTO target query} statement, taken apart so the query can also feed later
   * files of the same job ({@link SqlRunner#addTo}).
   *
   * @param target the table as the file names it, e.g. {@code silver.bars_daily}
   * @param query everything after the target: the {@code SELECT} that fills it
   */
  public record Insert(String target, String query) {

    private static final Pattern INSERT =
        Pattern.compile("(?is)^INSERT\\s+INTO\\s+([A-Za-z_][\\w.]*)\\s+((?:SELECT|WITH)\\b.*)$");

    /**
     * Parses {@code INSERT INTO namespace.table SELECT ...}.
     *
     * @throws IllegalArgumentException for any other form (a column list, a quoted or
     *     catalog-qualified target), naming the statement
     */
    public static Insert parse(String script, String statement) {
      Matcher m = INSERT.matcher(statement.strip());
      checkArgument(
          m.matches(),
          "%s: expected INSERT INTO namespace.table SELECT ..., found: %s",
          script,
          statement.lines().findFirst().orElse(""));
      return new Insert(m.group(1), m.group(2));
    }

    /**
     * The same insert as an {@code INSERT OVERWRITE}: Iceberg's Flink sink replaces the partitions
     * the query fills.
     */
    public String overwrite() {
      return overwrite(null);
    }

    /**
     * {@link #overwrite()} of the table's branch {@code branch} (null: {@code main}), through
     * Iceberg's Flink sink option {@code branch}.
     */
    public String overwrite(@Nullable String branch) {
      return "INSERT OVERWRITE " + target + hint(branch) + "\n" + query;
    }

    /** The insert as an append to the table's branch {@code branch} (null: {@code main}). */
    public String append(@Nullable String branch) {
      return "INSERT INTO " + target + hint(branch) + "\n" + query;
    }

    private static String hint(@Nullable String branch) {
      return branch == null ? "" : " /*+ OPTIONS('branch'='" + branch + "') */";
    }
  }

  public SqlScript {
    units = List.copyOf(units);
  }

  /**
   * The tables the inserts of {@code files} under {@code sql/} write, each once, in order: a file's
   * own table and any other it writes (quarantine rows).
   */
  public static List<String> targets(List<String> files) {
    List<String> tables = new ArrayList<>();
    for (String file : files) {
      for (Unit unit : load(file).units()) {
        for (String statement : unit.statements()) {
          if (isInsert(statement)) {
            String target = Insert.parse(file, statement).target();
            if (!tables.contains(target)) {
              tables.add(target);
            }
          }
        }
      }
    }
    return tables;
  }

  /** Whether a statement writes a table. */
  public static boolean isInsert(String statement) {
    return statement.strip().toUpperCase(Locale.ROOT).startsWith("INSERT");
  }

  /**
   * The table this file builds, from its name: {@code silver/bars_daily.sql} builds {@code
   * silver.bars_daily}. A file may write other tables too (quarantine rows), but only this one is
   * its product.
   */
  public String table() {
    checkArgument(
        name.endsWith(".sql") && name.indexOf('/') > 0,
        "%s is not named namespace/table.sql: name the file for the table it builds",
        name);
    return name.substring(0, name.length() - ".sql".length()).replace('/', '.');
  }

  /** Loads {@code sql/<name>} from the class path (the job jar ships the repository's sql/). */
  public static SqlScript load(String name) {
    String resource = "sql/" + name;
    try (InputStream in = SqlScript.class.getClassLoader().getResourceAsStream(resource)) {
      checkArgument(
          in != null, "SQL file %s is not on the class path: is sql/%s missing?", resource, name);
      return parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read SQL file " + resource, e);
    }
  }

  public static SqlScript parse(String name, String text) {
    List<Unit> units = new ArrayList<>();
    List<String> set = null;
    for (String statement : split(text)) {
      String upper = statement.toUpperCase(Locale.ROOT);
      if (upper.matches("BEGIN\\s+STATEMENT\\s+SET")) {
        checkArgument(set == null, "%s: nested BEGIN STATEMENT SET", name);
        set = new ArrayList<>();
      } else if (upper.equals("END")) {
        checkArgument(set != null, "%s: END without BEGIN STATEMENT SET", name);
        checkArgument(!set.isEmpty(), "%s: empty statement set", name);
        units.add(new Unit(set, true));
        set = null;
      } else if (set != null) {
        checkArgument(
            isInsert(statement),
            "%s: only INSERT belongs in a statement set, found: %s",
            name,
            statement.lines().findFirst().orElse(""));
        set.add(statement);
      } else {
        units.add(new Unit(List.of(statement), false));
      }
    }
    checkArgument(set == null, "%s: BEGIN STATEMENT SET without END", name);
    return new SqlScript(name, units);
  }

  /** Splits at semicolons outside string literals, quoted identifiers and comments. */
  static List<String> split(String text) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char ch = text.charAt(i);
      if (ch == '-' && i + 1 < text.length() && text.charAt(i + 1) == '-') {
        int end = text.indexOf('\n', i);
        i = end < 0 ? text.length() : end;
        continue;
      }
      if (ch == '/' && i + 1 < text.length() && text.charAt(i + 1) == '*') {
        int end = text.indexOf("*/", i + 2);
        checkArgument(end >= 0, "unterminated /* comment");
        i = end + 2;
        continue;
      }
      if (ch == '\'' || ch == '`' || ch == '"') {
        int end = i + 1;
        while (end < text.length()) {
          if (text.charAt(end) == ch) {
            if (end + 1 < text.length() && text.charAt(end + 1) == ch) {
              end += 2;
              continue;
            }
            break;
          }
          end++;
        }
        checkArgument(end < text.length(), "unterminated %s quote", ch);
        current.append(text, i, end + 1);
        i = end + 1;
        continue;
      }
      if (ch == ';') {
        addIfNotBlank(statements, current);
        current.setLength(0);
      } else {
        current.append(ch);
      }
      i++;
    }
    addIfNotBlank(statements, current);
    return statements;
  }

  private static void addIfNotBlank(List<String> statements, StringBuilder statement) {
    String trimmed = statement.toString().strip();
    if (!trimmed.isEmpty()) {
      statements.add(trimmed);
    }
  }
}
