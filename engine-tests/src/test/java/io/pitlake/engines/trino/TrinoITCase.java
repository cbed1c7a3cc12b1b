package io.pitlake.engines.trino;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.engines.EngineLakes;
import io.pitlake.engines.LakeReadContract;
import io.pitlake.engines.PitlakeProcess;
import io.pitlake.engines.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stock Trino reads pitlake's lake through {@code pitlake catalog serve --clients} with nothing but
 * the Iceberg connector's REST catalog properties (OAuth2 client credentials of a reader): the same
 * rows as pitlake counts, point-in-time queries equal to pitlake's own run on the inputs known
 * then, and Iceberg time travel.
 */
class TrinoITCase extends LakeReadContract {

  static final String KNOWN_BY = "TIMESTAMP '2024-06-29 00:15:00 UTC'";

  @TempDir static Path work;

  EngineLakes lakes;
  TrinoServer trino;
  Connection connection;

  @BeforeAll
  void startTrino() throws Exception {
    Path jdk = TrinoServer.findJdk().orElse(null);
    if (jdk == null) {
      System.err.println(
          "\n*** TrinoITCase SKIPPED: no JDK 22+ found (Trino "
              + TrinoServer.VERSION
              + " refuses older Java). Install one under /usr/lib/jvm or set TRINO_JAVA_HOME. ***\n");
    }
    Assumptions.assumeTrue(jdk != null, "no JDK 22+ for Trino: set TRINO_JAVA_HOME");
    Path tarball = Path.of(System.getProperty("trino.server.tarball"));
    assertThat(tarball).as("Trino tarball resolved by Maven").isRegularFile();
    lakes = EngineLakes.get();
    long t0 = System.nanoTime();
    trino =
        TrinoServer.start(
            tarball,
            jdk,
            work,
            Map.of("lake", lakes.fullCatalog, "prefix", lakes.prefixCatalog),
            EngineLakes.TRINO + ":" + lakes.readerSecret(EngineLakes.TRINO),
            "SELECT COUNT(*) FROM lake.bronze.polygon_aggs",
            Duration.ofMinutes(3));
    System.out.printf(
        "[bench] Trino %s start (JDK %d): %.1f s%n",
        TrinoServer.VERSION, TrinoServer.featureVersion(jdk), (System.nanoTime() - t0) / 1e9);
    connection = trino.connect();
  }

  @AfterAll
  void stopTrino() throws Exception {
    if (connection != null) {
      connection.close();
    }
    if (trino != null) {
      trino.close();
    }
  }

  @Test
  @DisplayName("pitlake query returns the same point-in-time rows as Trino; timed")
  void pitlakeQueryAgreesWithTrino() throws Exception {
    long t0 = System.nanoTime();
    String out =
        pitlakeQuery(
            "query",
            pointInTimeQuery(
                "", "close", "TO_TIMESTAMP_LTZ(" + EngineLakes.KNOWN_BY.toEpochMilli() + ", 3)"));
    Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
    // Every cell, not only the row count: symbol, session, and the three doubles to the last bit.
    List<List<Object>> pitlake = printedRows(out);
    long pitlakeRows = pitlake.size();
    assertThat(pitlake)
        .isNotEmpty()
        .isEqualTo(values(pointInTimeQuery("lake.", quote("close"), KNOWN_BY)));
    System.out.printf(
        "[bench] pitlake query point-in-time query, %d rows: %d ms (incl. JVM start and Flink"
            + " planning)%n[bench] fixture: %s%n",
        pitlakeRows, elapsed.toMillis(), lakes.timings);
  }

  @Test
  @DisplayName("the documented adjusted-prices read gives pitlake query's rows in Trino; timed")
  void adjustedReadAgreesWithTrino() throws Exception {
    // The file in sql/ beside the README the build points the tests at.
    Path file =
        Path.of(Processes.buildProperty("pitlake.readme"))
            .resolveSibling("sql/reads/bars_daily_adjusted.sql");
    String read =
        Files.readAllLines(file).stream()
            .filter(l -> !l.startsWith("--"))
            .collect(Collectors.joining("\n"));
    String documented = "TIMESTAMP '2024-06-20 00:00:00'";
    String at = utc(EngineLakes.KNOWN_BY);
    String outer =
        "SELECT symbol, session_date, %s, split_adj_close, total_adj_close FROM (%s) AS r"
            + " ORDER BY symbol, session_date";
    String flink =
        String.format(outer, "`close`", read.replace(documented, "TIMESTAMP '" + at + "'"));
    // The README's translation: the catalog prefix, double quotes, a zoned literal.
    String trinoSql =
        String.format(
            outer,
            quote("close"),
            read.replace(documented, "TIMESTAMP '" + at + " UTC'")
                .replace('`', '"')
                .replace("silver.bars_daily", "lake.silver.bars_daily")
                .replace("gold.adjustment_factors", "lake.gold.adjustment_factors"));
    long t0 = System.nanoTime();
    String out = pitlakeQuery("adjusted", flink);
    long pitlakeMillis = (System.nanoTime() - t0) / 1_000_000;
    List<List<Object>> pitlake = printedRows(out);
    long t1 = System.nanoTime();
    List<List<Object>> trinoRows = values(trinoSql);
    long trinoMillis = (System.nanoTime() - t1) / 1_000_000;
    assertThat(pitlake).isNotEmpty().isEqualTo(trinoRows);
    System.out.printf(
        "[bench] adjusted read as of %s, %d rows: pitlake query %d ms (incl. JVM start), Trino %d"
            + " ms%n",
        at, pitlake.size(), pitlakeMillis, trinoMillis);
  }

  /** What {@code pitlake query --full-precision} printed for {@code sql} on the full lake. */
  private String pitlakeQuery(String workDir, String sql) {
    return PitlakeProcess.run(
            work.resolve(workDir),
            Map.of(),
            Duration.ofMinutes(2),
            "query",
            "--max-rows",
            "100000",
            "--full-precision",
            "--warehouse",
            lakes.full.toString(),
            sql)
        .assertSucceeded()
        .stdout();
  }

  /** The rows pitlake query printed, typed as {@link #values} returns them. */
  private static List<List<Object>> printedRows(String out) {
    return out.lines()
        .filter(l -> l.matches("^\\s*(AAPL|MSFT|NVDA)\\s.*"))
        .map(l -> List.of(l.strip().split("\\s+")))
        .map(TrinoITCase::typed)
        .toList();
  }

  /** A printed row of symbol, session and three doubles, typed as {@link #values} returns them. */
  private static List<Object> typed(List<String> cells) {
    List<Object> row = new ArrayList<>();
    row.add(cells.get(0));
    row.add(cells.get(1));
    for (String cell : cells.subList(2, cells.size())) {
      row.add(cell.equals("NULL") ? null : Double.valueOf(cell));
    }
    return row;
  }

  /** Every row of {@code sql}: strings and dates as text, numbers as Trino returns them. */
  private List<List<Object>> values(String sql) throws SQLException {
    List<List<Object>> rows = new ArrayList<>();
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          Object value = rs.getObject(i);
          row.add(value instanceof Number || value == null ? value : value.toString());
        }
        rows.add(row);
      }
    }
    return rows;
  }

  @Override
  protected List<String> columns(String table) throws SQLException {
    String[] parts = table.split("\\.");
    List<String> columns = new ArrayList<>();
    try (Statement s = connection.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT column_name FROM lake.information_schema.columns WHERE table_schema = '"
                    + parts[0]
                    + "' AND table_name = '"
                    + parts[1]
                    + "' ORDER BY ordinal_position")) {
      while (rs.next()) {
        columns.add(rs.getString(1));
      }
    }
    return columns;
  }

  @Override
  protected String instantLiteral(Instant instant) {
    return "TIMESTAMP '" + utc(instant) + " UTC'";
  }

  @Override
  protected String quote(String column) {
    return "\"" + column + "\"";
  }

  @Override
  protected String atSnapshot(String table, long snapshotId) {
    return table + " FOR VERSION AS OF " + snapshotId;
  }

  @Override
  protected String atTag(String table, String tag) {
    return table + " FOR VERSION AS OF '" + tag + "'";
  }

  @Override
  protected EngineLakes lakes() {
    return lakes;
  }

  @Override
  protected long rows(String sql) throws SQLException {
    return values(sql).size();
  }

  @Override
  protected String engine() {
    return "Trino " + TrinoServer.VERSION;
  }

  @Override
  protected void execute(String sql) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
    }
  }

  @Override
  protected long count(String sql) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      assertThat(rs.next()).isTrue();
      return rs.getLong(1);
    }
  }
}
