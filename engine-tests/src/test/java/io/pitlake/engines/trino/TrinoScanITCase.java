package io.pitlake.engines.trino;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.engines.EngineLakes;
import io.pitlake.engines.PitlakeProcess;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What stock Trino reads from the bars chain's tables for a backtest's two common reads, one symbol
 * over one year and every symbol on one session, as Trino itself reports it ({@code EXPLAIN
 * ANALYZE}'s physical input), against the bounds docs/performance.md states ("Layout: files
 * clustered by symbol", "Read bounds, through Trino"). Trino reads a Parquet file under its {@code
 * parquet.small-file-threshold} (3 MB) whole, and its figure grows with the row groups it decodes
 * (a full scan reports about ten times the bytes of the files, which hold about ten row groups
 * each), so it follows the files a read plans and their row groups, not the bytes a reader that
 * seeks would fetch. The lake is built here, {@link #SYMBOLS} symbols over two years, big enough
 * that a full scan of a table reports many times the one-symbol bound, so the bound holds only if
 * Trino prunes files and row groups.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrinoScanITCase {

  static final int SYMBOLS = 200;

  /** The read symbol: one in the middle, so its rows share files with others on both sides. */
  static final String SYMBOL = String.format("B%04d", SYMBOLS / 2);

  /** docs/performance.md, "Read bounds, through Trino": per table, one symbol over one year. */
  static final long ONE_SYMBOL_YEAR_BYTES = 1024 * 1024;

  /** A full scan of each table must exceed the one-symbol bound this many times over. */
  static final int FULL_SCAN_FACTOR = 20;

  /**
   * docs/performance.md, "Read bounds, through Trino": one session of all symbols reads at most its
   * year's partition, here half of the two-year table, with this much to spare.
   */
  static final double SESSION_SHARE_OF_FULL_SCAN = 0.6;

  @TempDir static Path work;

  PitlakeProcess catalog;
  TrinoServer trino;
  Connection connection;

  @BeforeAll
  void start() throws Exception {
    Path jdk = TrinoServer.findJdk().orElse(null);
    Assumptions.assumeTrue(jdk != null, "no JDK 22+ for Trino: set TRINO_JAVA_HOME");
    Path lake = work.resolve("lake");
    StringBuilder symbols = new StringBuilder();
    for (int i = 1; i <= SYMBOLS; i++) {
      symbols.append(i == 1 ? "" : ",").append(String.format("B%04d", i));
    }
    PitlakeProcess.run(
            work.resolve("backfill"),
            Map.of(),
            Duration.ofMinutes(5),
            "backfill",
            "--symbols",
            symbols.toString(),
            "--from",
            "2023-01-01",
            "--to",
            "2024-12-31",
            "--warehouse",
            lake.toString())
        .assertSucceeded();
    Path clients = EngineLakes.clients(work.resolve("clients"), EngineLakes.TRINO);
    catalog = EngineLakes.serve(work.resolve("catalog"), lake, clients);
    URI uri = URI.create(catalog.awaitOutput(EngineLakes.SERVED, Duration.ofMinutes(1)).group(1));
    String secret = Files.readString(clients.resolve("reader").resolve(EngineLakes.TRINO)).strip();
    trino =
        TrinoServer.start(
            Path.of(System.getProperty("trino.server.tarball")),
            jdk,
            work.resolve("trino"),
            Map.of("wide", uri),
            EngineLakes.TRINO + ":" + secret,
            "SELECT COUNT(*) FROM wide.silver.bars_daily",
            Duration.ofMinutes(3));
    connection = trino.connect();
  }

  @AfterAll
  void stop() throws Exception {
    if (connection != null) {
      connection.close();
    }
    if (trino != null) {
      trino.close();
    }
    if (catalog != null) {
      catalog.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bronze.polygon_aggs", "silver.bars_daily", "gold.bar_features_daily"})
  void oneSymbolYearReadsKilobytes(String table) throws SQLException {
    Scan full = scan("SELECT * FROM wide." + table);
    Scan year =
        scan(
            "SELECT * FROM wide."
                + table
                + " WHERE symbol = '"
                + SYMBOL
                + "' AND session_date BETWEEN DATE '2024-01-01' AND DATE '2024-12-31'");
    System.out.printf(
        "[bench] Trino %s: one symbol x one year %d rows, %,d bytes; full scan %,d rows, %,d"
            + " bytes%n",
        table, year.rows, year.bytes, full.rows, full.bytes);
    assertThat(full.bytes).isGreaterThan(FULL_SCAN_FACTOR * ONE_SYMBOL_YEAR_BYTES);
    assertThat(year.rows).isBetween(250L, 2L * 252);
    assertThat(year.bytes).isPositive().isLessThanOrEqualTo(ONE_SYMBOL_YEAR_BYTES);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bronze.polygon_aggs", "silver.bars_daily", "gold.bar_features_daily"})
  void oneSessionReadsItsYearAtMost(String table) throws SQLException {
    Scan full = scan("SELECT * FROM wide." + table);
    Scan session = scan("SELECT * FROM wide." + table + " WHERE session_date = DATE '2024-06-17'");
    System.out.printf(
        "[bench] Trino %s: one session x all symbols %d rows, %,d bytes of %,d%n",
        table, session.rows, session.bytes, full.bytes);
    assertThat(session.rows).isGreaterThanOrEqualTo(SYMBOLS);
    assertThat(session.bytes).isLessThanOrEqualTo((long) (SESSION_SHARE_OF_FULL_SCAN * full.bytes));
  }

  /** Rows a query's table scan returned and the bytes its reader fetched from files. */
  record Scan(long rows, long bytes) {}

  private static final Pattern PHYSICAL = Pattern.compile("Physical input: ([0-9.]+)(B|kB|MB|GB)");

  /** Runs {@code EXPLAIN ANALYZE} of a one-table query and reads its scan's figures. */
  private Scan scan(String query) throws SQLException {
    long rows;
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM (" + query + ")")) {
      rs.next();
      rows = rs.getLong(1);
    }
    StringBuilder plan = new StringBuilder();
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("EXPLAIN ANALYZE " + query)) {
      while (rs.next()) {
        plan.append(rs.getString(1)).append('\n');
      }
    }
    Matcher physical = PHYSICAL.matcher(plan);
    assertThat(physical.find()).as("physical input in:%n%s", plan).isTrue();
    double bytes =
        Double.parseDouble(physical.group(1))
            * switch (physical.group(2)) {
              case "kB" -> 1024;
              case "MB" -> 1024 * 1024;
              case "GB" -> 1024 * 1024 * 1024;
              default -> 1;
            };
    assertThat(physical.find()).as("one table scan in:%n%s", plan).isFalse();
    return new Scan(rows, Math.round(bytes));
  }
}
