package io.pitlake.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * TABLES.md's column table of every table is its declaration: the same columns, in the declared
 * order, with the types Iceberg names ({@code string}, {@code long}, {@code timestamptz}, {@code
 * list<string>}, ...). A row of the column table may name several columns, with one type for all or
 * one each; a remark in parentheses after a type is the reader's. The feature families are written
 * with a placeholder ({@code roc{d}}: one column per window), and a run of such rows is compared as
 * a set at its place ({@link FeatureColumnsTest} holds the features' own order).
 */
class TablesDocumentationTest {

  private static final Map<String, List<String>> PLACEHOLDERS =
      Map.of(
          "{d}",
          FeatureColumns.WINDOWS.stream().map(String::valueOf).toList(),
          "{f}",
          FeatureColumns.CROSS_SECTIONAL);

  /** A section that shares another table's columns instead of repeating them. */
  private static final Pattern SAME_COLUMNS =
      Pattern.compile("the columns[^.]*? of `((?:bronze|silver|gold)\\.\\w+)`");

  /** Each table, by the name TABLES.md documents it under. */
  static Stream<Arguments> tables() {
    return Stream.concat(
        PitlakeTables.all().stream().map(t -> Arguments.of(t.id().toString(), t)),
        Stream.of(
            Arguments.of(
                "bronze.<vendor>_<dataset>", PitlakeTables.rawBronze("vendor", "dataset"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tables")
  @DisplayName("TABLES.md documents every column of the table, in order, with its type")
  void documentsEveryColumn(String documentedAs, TableSpec table) throws Exception {
    List<Column> documented = documented(read(), documentedAs);
    List<Column> declared =
        table.schema().columns().stream()
            .map(f -> new Column(f.name(), f.type().toString(), false))
            .toList();

    assertThat(documented).as("the column table of %s in TABLES.md", documentedAs).isNotEmpty();
    int at = 0;
    for (int i = 0; i < documented.size(); ) {
      int end = i + 1;
      while (documented.get(i).placeholder()
          && end < documented.size()
          && documented.get(end).placeholder()) {
        end++;
      }
      List<Column> expected =
          declared.subList(Math.min(at, declared.size()), Math.min(at + end - i, declared.size()));
      List<Column> run =
          documented.subList(i, end).stream()
              .map(c -> new Column(c.name(), c.type(), false))
              .toList();
      if (documented.get(i).placeholder()) {
        assertThat(new HashSet<>(run))
            .as("%s, columns %d to %d", documentedAs, at, at + end - i)
            .isEqualTo(new HashSet<>(expected));
      } else {
        assertThat(run).as("%s, column %d", documentedAs, at).isEqualTo(expected);
      }
      at += end - i;
      i = end;
    }
    assertThat(at).as("%s: columns TABLES.md documents", documentedAs).isEqualTo(declared.size());
  }

  private static String read() throws Exception {
    return Files.readString(Path.of("..", "TABLES.md")).replace("&lt;", "<").replace("&gt;", ">");
  }

  /**
   * The columns TABLES.md's section of {@code table} documents: its column table (the first table
   * of the section headed {@code column}, or {@code table | column} for a section of several
   * tables), or those of the table whose columns the section says it shares.
   */
  private static List<Column> documented(String tables, String table) {
    String section = section(tables, table);
    List<Column> columns = new ArrayList<>();
    boolean inTable = false;
    boolean severalTables = false;
    String current = table;
    for (String line : section.split("\n")) {
      if (!line.startsWith("|")) {
        if (inTable) {
          break;
        }
        continue;
      }
      List<String> cells =
          new ArrayList<>(List.of(line.substring(1, line.lastIndexOf('|')).split("\\|", -1)))
              .stream().map(String::strip).toList();
      if (!inTable) {
        inTable = cells.get(0).equals("column") || cells.get(0).equals("table");
        severalTables = cells.get(0).equals("table");
        continue;
      }
      if (cells.get(0).matches("-+")) {
        continue;
      }
      if (severalTables) {
        current = cells.get(0).isEmpty() ? current : cells.get(0);
        cells = cells.subList(1, cells.size());
      }
      if (current.equals(table)) {
        columns.addAll(row(table, cells.get(0), cells.get(1)));
      }
    }
    if (columns.isEmpty()) {
      Matcher same = SAME_COLUMNS.matcher(section.replaceAll("\\s+", " "));
      if (same.find() && !same.group(1).equals(table)) {
        return documented(tables, same.group(1));
      }
    }
    return columns;
  }

  /** The section whose heading names {@code table}, up to the next heading. */
  private static String section(String tables, String table) {
    for (String section : tables.split("\n(?=### )")) {
      String heading = section.lines().findFirst().orElse("");
      if (heading.startsWith("### ")
          && List.of(heading.split(" — ")[0].substring(4).split("[ ,]+")).contains(table)) {
        return section;
      }
    }
    throw new AssertionError("TABLES.md has no section headed ### " + table);
  }

  /** The columns of one row: names, each with its type (one type for all, or one each). */
  private static List<Column> row(String table, String namesCell, String typesCell) {
    List<String> names =
        Stream.of(namesCell.split(",")).map(n -> n.strip().replace("`", "")).toList();
    List<String> types =
        Stream.of(typesCell.split(",")).map(t -> t.replaceAll("\\(.*\\)", "").strip()).toList();
    assertThat(types.size())
        .as("%s: the row of %s gives one type, or one per column", table, namesCell)
        .isIn(1, names.size());
    List<Column> columns = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      String type = types.get(types.size() == 1 ? 0 : i);
      String placeholder =
          PLACEHOLDERS.keySet().stream().filter(name::contains).findFirst().orElse(null);
      if (placeholder == null) {
        columns.add(new Column(name, type, false));
      } else {
        for (String value : PLACEHOLDERS.get(placeholder)) {
          columns.add(new Column(name.replace(placeholder, value), type, true));
        }
      }
    }
    return columns;
  }

  /** A documented or declared column: its name and Iceberg type. */
  record Column(String name, String type, boolean placeholder) {}
}
