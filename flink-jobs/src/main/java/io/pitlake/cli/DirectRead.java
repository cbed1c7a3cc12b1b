package io.pitlake.cli;

import io.pitlake.tag.LakeTags;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import javax.annotation.Nullable;
import org.apache.flink.types.Row;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Answers the simplest queries through Iceberg's API, with no Flink job: {@code SELECT} columns (or
 * {@code *}) {@code FROM} one {@code namespace.table}, an optional {@code WHERE} of comparisons of
 * a column with a literal joined by {@code AND}, {@code ORDER BY} columns and {@code LIMIT}. Such a
 * query needs neither Flink's planner nor its embedded cluster, which take most of the seconds a
 * query would otherwise wait; the rows and their values are those Flink would return. Anything
 * else, or a case where the semantics could differ (a column or literal of a type not handled here,
 * a NULL sort key, a large table), is left to Flink: {@link #answer} is then empty.
 */
final class DirectRead {

  /** Above this many rows in the files to read, Flink's parallel scan is the better reader. */
  static final long MAX_ROWS = 200_000;

  /** A query this class can answer: what {@link #parse} understood. */
  record Query(
      TableIdentifier table,
      List<String> columns,
      List<Condition> where,
      List<Order> orderBy,
      OptionalInt limit) {}

  /** {@code column op literal}, or {@code column IS [NOT] NULL} (op {@code IS NULL}, no value). */
  record Condition(String column, String op, Object literal) {}

  record Order(String column, boolean descending) {}

  /** The result: column names and rows, as Flink's collect would give them. */
  record Answer(List<String> header, List<Row> rows, boolean truncated) {}

  private DirectRead() {}

  /** The query, when {@code sql} has the one shape this class reads; else empty. */
  static Optional<Query> parse(String sql) {
    List<String> t = tokens(sql);
    if (t == null) {
      return Optional.empty();
    }
    if (!t.isEmpty() && t.get(t.size() - 1).equals(";")) {
      t.remove(t.size() - 1);
    }
    Cursor c = new Cursor(t);
    if (!c.keyword("SELECT")) {
      return Optional.empty();
    }
    List<String> columns = new ArrayList<>();
    if (!c.symbol("*")) {
      do {
        String column = c.identifier();
        if (column == null) {
          return Optional.empty();
        }
        columns.add(column);
      } while (c.symbol(","));
    }
    if (!c.keyword("FROM")) {
      return Optional.empty();
    }
    String namespace = c.identifier();
    if (namespace == null || !c.symbol(".")) {
      return Optional.empty();
    }
    String name = c.identifier();
    if (name == null) {
      return Optional.empty();
    }
    List<Condition> where = new ArrayList<>();
    if (c.keyword("WHERE")) {
      do {
        Condition condition = condition(c);
        if (condition == null) {
          return Optional.empty();
        }
        where.add(condition);
      } while (c.keyword("AND"));
    }
    List<Order> orderBy = new ArrayList<>();
    if (c.keyword("ORDER")) {
      if (!c.keyword("BY")) {
        return Optional.empty();
      }
      do {
        String column = c.identifier();
        if (column == null) {
          return Optional.empty();
        }
        boolean descending = c.keyword("DESC");
        if (!descending) {
          c.keyword("ASC");
        }
        orderBy.add(new Order(column, descending));
      } while (c.symbol(","));
    }
    OptionalInt limit = OptionalInt.empty();
    if (c.keyword("LIMIT")) {
      String n = c.next();
      if (n == null || !n.matches("\\d{1,9}")) {
        return Optional.empty();
      }
      limit = OptionalInt.of(Integer.parseInt(n));
    }
    if (!c.atEnd()) {
      return Optional.empty();
    }
    return Optional.of(
        new Query(
            TableIdentifier.of(Namespace.of(namespace), name), columns, where, orderBy, limit));
  }

  private static Condition condition(Cursor c) {
    String column = c.identifier();
    if (column == null) {
      return null;
    }
    if (c.keyword("IS")) {
      boolean not = c.keyword("NOT");
      return c.keyword("NULL")
          ? new Condition(column, not ? "IS NOT NULL" : "IS NULL", null)
          : null;
    }
    String op = c.next();
    if (op == null || !List.of("=", "<>", "!=", "<", "<=", ">", ">=").contains(op)) {
      return null;
    }
    Object literal = literal(c);
    return literal == null ? null : new Condition(column, op.equals("!=") ? "<>" : op, literal);
  }

  /**
   * A string, a number, {@code TRUE}/{@code FALSE}, or a {@code DATE}/{@code TIMESTAMP} literal.
   */
  private static Object literal(Cursor c) {
    String token = c.next();
    if (token == null) {
      return null;
    }
    try {
      if (token.startsWith("'")) {
        return unquote(token);
      }
      if (token.matches("-?\\d+(\\.\\d+)?")) {
        return new BigDecimal(token);
      }
      switch (token.toUpperCase(Locale.ROOT)) {
        case "TRUE":
          return Boolean.TRUE;
        case "FALSE":
          return Boolean.FALSE;
        case "DATE":
          String date = c.next();
          return date != null && date.startsWith("'") ? LocalDate.parse(unquote(date)) : null;
        case "TIMESTAMP":
          String time = c.next();
          return time != null && time.startsWith("'")
              ? LocalDateTime.parse(unquote(time).strip().replace(' ', 'T'))
              : null;
        default:
          return null;
      }
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * Reads {@code query} from {@code catalog}; empty when Flink should answer it instead (see the
   * class comment). {@code maxRows} rows at most, as {@code --max-rows} says; at the snapshot of
   * tag {@code tag} when it is not {@code null}.
   */
  static Optional<Answer> answer(Catalog catalog, Query query, int maxRows, @Nullable String tag) {
    if (!catalog.tableExists(query.table())) {
      return Optional.empty();
    }
    Table table = catalog.loadTable(query.table());
    Snapshot snapshot = table.currentSnapshot();
    if (tag != null) {
      SnapshotRef ref = table.refs().get(tag);
      if (ref == null || !ref.isTag()) {
        throw new UsageException(LakeTags.missing(query.table().toString(), tag));
      }
      snapshot = table.snapshot(ref.snapshotId());
    }
    Schema schema = table.schema();
    List<String> header = query.columns().isEmpty() ? columnNames(schema) : query.columns();
    List<String> needed = new ArrayList<>(header);
    query.where().forEach(w -> needed.add(w.column()));
    query.orderBy().forEach(o -> needed.add(o.column()));
    for (String column : needed) {
      Types.NestedField field = schema.findField(column);
      if (field == null || !field.name().equals(column) || !readable(field.type())) {
        return Optional.empty();
      }
    }
    for (Condition condition : query.where()) {
      if (condition.literal() != null
          && !comparable(schema.findField(condition.column()).type(), condition.literal())) {
        return Optional.empty();
      }
    }
    if (snapshot == null) {
      return Optional.of(new Answer(header, List.of(), false));
    }
    long rows = 0;
    try (CloseableIterable<FileScanTask> files =
        table.newScan().useSnapshot(snapshot.snapshotId()).planFiles()) {
      for (FileScanTask file : files) {
        rows += file.file().recordCount();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot plan a scan of " + query.table(), e);
    }
    if (rows > MAX_ROWS) {
      return Optional.empty();
    }
    List<Record> kept = new ArrayList<>();
    try (CloseableIterable<Record> records =
        IcebergGenerics.read(table)
            .useSnapshot(snapshot.snapshotId())
            .select(needed.toArray(String[]::new))
            .build()) {
      for (Record record : records) {
        if (query.where().stream().allMatch(w -> holds(w, record.getField(w.column())))) {
          kept.add(record);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + query.table(), e);
    }
    for (Order order : query.orderBy()) {
      if (kept.stream().anyMatch(r -> r.getField(order.column()) == null)) {
        // Where NULLs sort is Flink's business: let it answer.
        return Optional.empty();
      }
    }
    if (!query.orderBy().isEmpty()) {
      kept.sort(comparator(query.orderBy()));
    }
    int limit = query.limit().orElse(Integer.MAX_VALUE);
    List<Row> result = new ArrayList<>();
    for (Record record : kept) {
      if (result.size() == Math.min(limit, maxRows)) {
        break;
      }
      Object[] values = new Object[header.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = flinkValue(record.getField(header.get(i)));
      }
      result.add(Row.of(values));
    }
    return Optional.of(new Answer(header, result, Math.min(limit, kept.size()) > maxRows));
  }

  private static List<String> columnNames(Schema schema) {
    return schema.columns().stream().map(Types.NestedField::name).toList();
  }

  /** Types whose values print as Flink prints them; structs, maps and binaries go to Flink. */
  private static boolean readable(Type type) {
    return type.isPrimitiveType()
            && type.typeId() != Type.TypeID.BINARY
            && type.typeId() != Type.TypeID.FIXED
        || type.typeId() == Type.TypeID.LIST
            && type.asListType().elementType().typeId() == Type.TypeID.STRING;
  }

  /** Whether a column of {@code type} compares with {@code literal} as Flink would compare them. */
  private static boolean comparable(Type type, Object literal) {
    return switch (type.typeId()) {
      case STRING -> literal instanceof String;
      case INTEGER, LONG, FLOAT, DOUBLE, DECIMAL -> literal instanceof BigDecimal;
      case BOOLEAN -> literal instanceof Boolean;
      case DATE -> literal instanceof LocalDate;
      case TIMESTAMP -> literal instanceof LocalDateTime;
      default -> false;
    };
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static boolean holds(Condition condition, Object value) {
    switch (condition.op()) {
      case "IS NULL":
        return value == null;
      case "IS NOT NULL":
        return value != null;
      default:
        break;
    }
    if (value == null) {
      return false;
    }
    int c = ((Comparable) comparableValue(value)).compareTo(condition.literal());
    return switch (condition.op()) {
      case "=" -> c == 0;
      case "<>" -> c != 0;
      case "<" -> c < 0;
      case "<=" -> c <= 0;
      case ">" -> c > 0;
      default -> c >= 0;
    };
  }

  /** A value in the form literals take: numbers as decimals, instants as UTC date-times. */
  private static Comparable<?> comparableValue(Object value) {
    if (value instanceof Number number) {
      return number instanceof BigDecimal d ? d : new BigDecimal(number.toString());
    }
    if (value instanceof OffsetDateTime time) {
      return time.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
    }
    return (Comparable<?>) value;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Comparator<Record> comparator(List<Order> orderBy) {
    Comparator<Record> comparator = null;
    for (Order order : orderBy) {
      Comparator<Record> next =
          (a, b) ->
              ((Comparable) comparableValue(a.getField(order.column())))
                  .compareTo(comparableValue(b.getField(order.column())));
      if (order.descending()) {
        next = next.reversed();
      }
      comparator = comparator == null ? next : comparator.thenComparing(next);
    }
    return comparator;
  }

  /** An Iceberg generic value as Flink's collect returns it. */
  private static Object flinkValue(Object value) {
    if (value instanceof OffsetDateTime time) {
      return time.toInstant();
    }
    if (value instanceof List<?> list) {
      return list.toArray(String[]::new);
    }
    return value;
  }

  private static String unquote(String token) {
    return token.substring(1, token.length() - 1).replace("''", "'");
  }

  /**
   * Words, numbers, quoted strings (with {@code ''} inside), back-quoted identifiers (without their
   * quotes) and operators; {@code null} for a character this reader does not know.
   */
  private static List<String> tokens(String sql) {
    List<String> tokens = new ArrayList<>();
    int i = 0;
    while (i < sql.length()) {
      char ch = sql.charAt(i);
      if (Character.isWhitespace(ch)) {
        i++;
      } else if (Character.isLetter(ch) || ch == '_') {
        int start = i;
        while (i < sql.length()
            && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
          i++;
        }
        tokens.add(sql.substring(start, i));
      } else if (Character.isDigit(ch)
          || ch == '-' && i + 1 < sql.length() && Character.isDigit(sql.charAt(i + 1))) {
        int start = i++;
        while (i < sql.length() && (Character.isDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
          i++;
        }
        tokens.add(sql.substring(start, i));
      } else if (ch == '\'') {
        int start = i++;
        while (true) {
          if (i >= sql.length()) {
            return null;
          }
          if (sql.charAt(i) == '\'') {
            if (i + 1 < sql.length() && sql.charAt(i + 1) == '\'') {
              i += 2;
              continue;
            }
            break;
          }
          i++;
        }
        tokens.add(sql.substring(start, ++i));
      } else if (ch == '`') {
        int end = sql.indexOf('`', i + 1);
        if (end < 0) {
          return null;
        }
        tokens.add("`" + sql.substring(i + 1, end));
        i = end + 1;
      } else if (sql.startsWith("<=", i)
          || sql.startsWith(">=", i)
          || sql.startsWith("<>", i)
          || sql.startsWith("!=", i)) {
        tokens.add(sql.substring(i, i + 2));
        i += 2;
      } else if ("*,.=<>;".indexOf(ch) >= 0) {
        tokens.add(String.valueOf(ch));
        i++;
      } else {
        return null;
      }
    }
    return tokens;
  }

  /** Walks the tokens; keywords match in any case, identifiers as written. */
  private static final class Cursor {
    private final List<String> tokens;
    private int at;

    Cursor(List<String> tokens) {
      this.tokens = tokens;
    }

    String next() {
      return at < tokens.size() ? tokens.get(at++) : null;
    }

    boolean atEnd() {
      return at == tokens.size();
    }

    boolean keyword(String word) {
      if (at < tokens.size() && tokens.get(at).equalsIgnoreCase(word)) {
        at++;
        return true;
      }
      return false;
    }

    boolean symbol(String symbol) {
      return keyword(symbol);
    }

    /** A column or table name: back-quoted, or a word that is not a keyword of this grammar. */
    String identifier() {
      if (at >= tokens.size()) {
        return null;
      }
      String token = tokens.get(at);
      if (token.startsWith("`")) {
        at++;
        return token.substring(1);
      }
      boolean word = Character.isLetter(token.charAt(0)) || token.charAt(0) == '_';
      if (!word || KEYWORDS.contains(token.toUpperCase(Locale.ROOT))) {
        return null;
      }
      at++;
      return token;
    }
  }

  private static final List<String> KEYWORDS =
      List.of(
          "SELECT",
          "FROM",
          "WHERE",
          "AND",
          "OR",
          "NOT",
          "ORDER",
          "BY",
          "ASC",
          "DESC",
          "LIMIT",
          "IS",
          "NULL",
          "TRUE",
          "FALSE",
          "DATE",
          "TIMESTAMP",
          "AS",
          "JOIN",
          "GROUP",
          "HAVING",
          "UNION",
          "DISTINCT",
          "CASE",
          "OVER",
          "IN",
          "LIKE",
          "BETWEEN");
}
