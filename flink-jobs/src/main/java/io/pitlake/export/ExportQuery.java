package io.pitlake.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The Flink SQL of an export: the documented read ({@code sql/reads/bars_daily_adjusted.sql}, or
 * {@code sql/reads/bars_daily_first_known.sql} for {@link ExportMode#FIRST_KNOWN}) exactly as
 * shipped, with its instant replaced, wrapped by the export's filters and columns.
 *
 * <p>Why the documented read and not a second implementation: an export must hold exactly the
 * prices {@code pitlake query} of that read returns, and a copy of the join would drift from it.
 * The read has no vwap, so the wrapper joins the bar version the read chose back to {@code
 * silver.bars_daily} (one row per symbol, session and version) for it. Features are, per table the
 * fields name ({@link FeatureField}), the row in effect at the row's instant: the newest with
 * {@code available_at} at or before T, or before the row's {@code known_at} when first known. Each
 * table's join projects only the fields asked for: {@code gold.features_daily} has 180 columns.
 */
public final class ExportQuery {

  static final String AS_OF_READ = "/sql/reads/bars_daily_adjusted.sql";
  static final String FIRST_KNOWN_READ = "/sql/reads/bars_daily_first_known.sql";

  /** The instant both read files are written for, replaced by the export's. */
  static final String PLACEHOLDER = "TIMESTAMP '2024-06-20 00:00:00'";

  private static final DateTimeFormatter LITERAL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

  private ExportQuery() {}

  /**
   * The query: {@code symbol}, {@code session_date}, then {@link ExportRequest#columns()} as
   * doubles, ordered by symbol and session.
   */
  public static String sql(ExportRequest request) {
    String literal = literal(request.asOf());
    boolean firstKnown = request.mode() == ExportMode.FIRST_KNOWN;
    String read = read(firstKnown ? FIRST_KNOWN_READ : AS_OF_READ, literal);
    List<String> filters = new ArrayList<>();
    if (!request.symbols().isEmpty()) {
      filters.add(
          request.symbols().stream()
              .map(s -> "'" + s + "'")
              .collect(Collectors.joining(", ", "a.symbol IN (", ")")));
    }
    request.startDate().ifPresent(d -> filters.add("a.session_date >= DATE '" + d + "'"));
    request.endDate().ifPresent(d -> filters.add("a.session_date <= DATE '" + d + "'"));
    StringBuilder sql = new StringBuilder();
    sql.append("WITH adjusted AS (\n").append(read).append("\n),\n");
    sql.append("exported AS (\n  SELECT a.* FROM adjusted AS a");
    if (!filters.isEmpty()) {
      sql.append("\n  WHERE ").append(String.join(" AND ", filters));
    }
    sql.append("\n)\nSELECT\n  r.symbol, r.session_date,\n")
        .append("  r.total_adj_open AS `open`, r.total_adj_high AS high,")
        .append(" r.total_adj_low AS low, r.total_adj_close AS `close`,\n")
        .append("  v.vwap * r.total_factor AS vwap, r.volume / r.total_factor AS volume,")
        .append(" r.total_factor AS factor");
    List<String> tables = request.features().stream().map(FeatureField::table).distinct().toList();
    for (FeatureField field : request.features()) {
      sql.append(",\n  CAST(")
          .append(alias(tables, field.table()))
          .append(".`")
          .append(field.column())
          .append("` AS DOUBLE) AS `")
          .append(field.column())
          .append('`');
    }
    sql.append("\nFROM exported AS r\n")
        .append("JOIN silver.bars_daily AS v\n")
        .append("  ON v.symbol = r.symbol AND v.session_date = r.session_date")
        .append(" AND v.version = r.bar_version\n");
    String known = firstKnown ? "k.known_at" : literal;
    for (String table : tables) {
      String alias = alias(tables, table);
      String columns =
          request.features().stream()
              .filter(f -> f.table().equals(table))
              .map(f -> "features.`" + f.column() + "`")
              .collect(Collectors.joining(", "));
      sql.append(
              "LEFT JOIN (\n  SELECT * FROM (\n    SELECT features.symbol, features.session_date, ")
          .append(columns)
          .append(",\n      ROW_NUMBER() OVER (PARTITION BY features.symbol, features.session_date")
          .append(" ORDER BY features.available_at DESC) AS newest\n")
          .append("    FROM ")
          .append(table)
          .append(" AS features\n")
          .append("    JOIN exported AS k\n")
          .append(
              "      ON k.symbol = features.symbol AND k.session_date = features.session_date\n")
          .append("    WHERE features.available_at <= ")
          .append(known)
          .append("\n  ) AS versions\n  WHERE newest = 1\n) AS ")
          .append(alias)
          .append("\n  ON ")
          .append(alias)
          .append(".symbol = r.symbol AND ")
          .append(alias)
          .append(".session_date = r.session_date\n");
    }
    sql.append("ORDER BY r.symbol, r.session_date");
    return sql.toString();
  }

  /** The join alias of {@code table}'s features: g0, g1, in order of first use. */
  private static String alias(List<String> tables, String table) {
    return "g" + tables.indexOf(table);
  }

  /** {@code t} as the documented reads' literal (UTC; pitlake's SQL sessions run in UTC). */
  public static String literal(Instant t) {
    return "TIMESTAMP '" + LITERAL.format(t) + "'";
  }

  /** The read file {@code resource} with its instant replaced by {@code literal}. */
  public static String read(String resource, String literal) {
    String text;
    try (InputStream in = ExportQuery.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the classpath: rebuild the jar");
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!text.contains(PLACEHOLDER)) {
      throw new IllegalStateException(resource + " no longer holds its instant " + PLACEHOLDER);
    }
    return text.replace(PLACEHOLDER, literal);
  }
}
