package io.pitlake.engines;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What every engine that reads pitlake's lake must see, whatever its SQL dialect: pitlake's own row
 * counts on every table, point-in-time queries equal to pitlake's run on only the inputs known
 * then, and Iceberg time travel to an earlier snapshot. Each engine's test supplies the dialect and
 * runs the queries through two catalogs, {@code lake} (the full lake) and {@code prefix}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class LakeReadContract {

  /** Columns that legitimately differ between two runs on the same inputs. */
  static final List<String> RUN_COLUMNS = List.of("ingested_at", "request_url");

  /** The first value of the query's first row, as a count. */
  protected abstract long count(String sql) throws Exception;

  /** The table's column names in order, read through the engine from catalog {@code lake}. */
  protected abstract List<String> columns(String table) throws Exception;

  /** The engine's literal for an instant, comparable with timestamptz columns. */
  protected abstract String instantLiteral(Instant instant);

  /** {@code yyyy-MM-dd HH:mm:ss} of the instant in UTC, the body of a timestamp literal. */
  protected static String utc(Instant instant) {
    return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
        .withZone(ZoneOffset.UTC)
        .format(instant);
  }

  /** The engine's literal for {@link EngineLakes#KNOWN_BY}. */
  protected String knownByLiteral() {
    return instantLiteral(EngineLakes.KNOWN_BY);
  }

  /** A column name quoted in the engine's dialect. */
  protected abstract String quote(String column);

  /** The engine's syntax for reading {@code table} (catalog-qualified) at a snapshot. */
  protected abstract String atSnapshot(String table, long snapshotId);

  /** The engine's syntax for reading {@code table} (catalog-qualified) at an Iceberg tag. */
  protected abstract String atTag(String table, String tag);

  protected abstract EngineLakes lakes();

  /** Runs a query and reads every row of its result; returns how many there were. */
  protected abstract long rows(String sql) throws Exception;

  /** The engine's name in benchmark lines. */
  protected abstract String engine();

  /** Runs a statement that returns no rows (DDL). */
  protected abstract void execute(String sql) throws Exception;

  /**
   * The benchmark query: per symbol and session, the gold features known at the cut-off, in the
   * given catalog prefix and dialect ({@code close} is reserved in some).
   */
  protected static String pointInTimeQuery(String catalogPrefix, String close, String knownBy) {
    return "SELECT symbol, session_date, "
        + close
        + ", ret_1d, vol_21d FROM "
        + catalogPrefix
        + "gold.bar_features_daily WHERE available_at <= "
        + knownBy
        + " ORDER BY symbol, session_date";
  }

  @Test
  @DisplayName("benchmark: the point-in-time query returns the prefix run's gold rows; timed")
  void pointInTimeQueryTimings() throws Exception {
    String sql = pointInTimeQuery("lake.", quote("close"), knownByLiteral());
    List<Duration> times = new ArrayList<>();
    long rows = 0;
    for (int i = 0; i < 3; i++) {
      long t0 = System.nanoTime();
      rows = rows(sql);
      times.add(Duration.ofNanos(System.nanoTime() - t0));
    }
    assertThat(rows).isEqualTo(count("SELECT COUNT(*) FROM prefix.gold.bar_features_daily"));
    System.out.printf(
        "[bench] %s point-in-time query, %d rows: %s ms (cold, warm, warm)%n",
        engine(), rows, times.stream().map(Duration::toMillis).toList());
  }

  @Test
  @DisplayName("every bronze, silver and gold table has pitlake's own row count")
  void rowCountsEqualPitlakes() throws Exception {
    List<String> tables = new ArrayList<>(EngineLakes.TABLES);
    tables.addAll(EngineLakes.RAW_TABLES);
    for (String table : tables) {
      assertThat(count("SELECT COUNT(*) FROM lake." + table))
          .as(table)
          .isEqualTo(lakes().fullCounts.get(table));
    }
    assertThat(lakes().fullCounts.get("gold.bar_features_daily")).isPositive();
  }

  @Test
  @DisplayName(
      "a point-in-time query on the full lake equals pitlake's run on the inputs known then")
  void pointInTimeQueryEqualsThePrefixRun() throws Exception {
    for (String table :
        List.of("bronze.polygon_aggs", "silver.bars_daily", "gold.bar_features_daily")) {
      String columns = String.join(", ", comparable(table));
      String known =
          "SELECT "
              + columns
              + " FROM lake."
              + table
              + " WHERE available_at <= "
              + knownByLiteral();
      String prefix = "SELECT " + columns + " FROM prefix." + table;
      long knownRows = count("SELECT COUNT(*) FROM (" + known + ") k");
      assertThat(knownRows).as(table).isPositive().isLessThan(lakes().fullCounts.get(table));
      assertThat(count("SELECT COUNT(*) FROM (" + prefix + ") p")).as(table).isEqualTo(knownRows);
      assertThat(count("SELECT COUNT(*) FROM (" + known + " EXCEPT " + prefix + ") d"))
          .as("%s rows known by then that pitlake's prefix run lacks", table)
          .isZero();
      assertThat(count("SELECT COUNT(*) FROM (" + prefix + " EXCEPT " + known + ") d"))
          .as("%s rows of pitlake's prefix run missing from the point-in-time query", table)
          .isZero();
    }
  }

  @Test
  @DisplayName("raw bronze: a restated SEC fact reads as each value was known, in time")
  void restatedFactReadsAsKnownAtEachInstant() throws Exception {
    String fact =
        "SELECT COUNT(*) FROM lake.bronze.sec_companyfacts WHERE observation_key LIKE"
            + " '1640147|us-gaap|CashEquivalentsAtCarryingValue|USD|null|2023-01-31|%'";
    String april2023 = instantLiteral(Instant.parse("2023-04-01T00:00:00Z"));
    String june2024 = instantLiteral(Instant.parse("2024-06-01T00:00:00Z"));
    assertThat(
            count(fact + " AND available_at <= " + april2023 + " AND payload LIKE '%398346000%'"))
        .as("the 10-K's value, known by April 2023")
        .isPositive();
    assertThat(
            count(fact + " AND available_at <= " + april2023 + " AND payload LIKE '%539390000%'"))
        .as("the restated value, filed in June 2023, is unknown in April 2023")
        .isZero();
    assertThat(count(fact + " AND available_at <= " + june2024 + " AND payload LIKE '%539390000%'"))
        .as("the restated value, known by June 2024")
        .isPositive();
  }

  @Test
  @DisplayName("time travel to each table's first snapshot returns that snapshot's rows")
  void timeTravelReturnsTheEarlierSnapshot() throws Exception {
    assertThat(lakes().firstSnapshots)
        .containsKeys("bronze.polygon_aggs", "silver.bars_daily", "gold.bar_features_daily");
    for (Map.Entry<String, Long> first : lakes().firstSnapshots.entrySet()) {
      String table = first.getKey();
      assertThat(count("SELECT COUNT(*) FROM " + atSnapshot("lake." + table, first.getValue())))
          .as(table)
          .isEqualTo(lakes().firstCounts.get(table))
          .isLessThan(lakes().fullCounts.get(table));
    }
  }

  @Test
  @DisplayName("a read at pitlake's tag returns the rows every table held when it was tagged")
  void aTaggedReadReturnsTheTaggedRows() throws Exception {
    for (String table : EngineLakes.TABLES) {
      String tagged = "SELECT * FROM " + atTag("lake." + table, EngineLakes.TAG);
      assertThat(count("SELECT COUNT(*) FROM (" + tagged + ") t"))
          .as(table)
          .isEqualTo(lakes().firstCounts.get(table));
      Long first = lakes().firstSnapshots.get(table);
      if (first != null) {
        String snapshot = "SELECT * FROM " + atSnapshot("lake." + table, first);
        assertThat(count("SELECT COUNT(*) FROM (" + tagged + " EXCEPT " + snapshot + ") d"))
            .as("%s rows at the tag that the first backfill's snapshot lacks", table)
            .isZero();
      }
    }
  }

  @Test
  @DisplayName(
      "the engine's reader token cannot drop a table: refused, and every row is still there")
  void aReaderTokenCannotDropATable() throws Exception {
    String table = "bronze.polygon_aggs";
    Throwable refused = null;
    try {
      execute("DROP TABLE lake." + table);
    } catch (Exception e) {
      refused = e;
    }
    assertThat(refused).as("DROP TABLE with a reader token").isNotNull();
    StringBuilder causes = new StringBuilder();
    for (Throwable t = refused; t != null; t = t.getCause()) {
      causes.append(t).append('\n');
    }
    assertThat(causes.toString())
        .as("the catalog's 403, as the engine reports it")
        .containsAnyOf("reader token may not DELETE", "Forbidden", "403");
    assertThat(count("SELECT COUNT(*) FROM lake." + table))
        .isEqualTo(lakes().fullCounts.get(table));
  }

  /** The columns two runs on the same inputs must agree on, as of the cut-off. */
  private List<String> comparable(String table) throws Exception {
    List<String> columns = new ArrayList<>();
    for (String column : columns(table)) {
      if (RUN_COLUMNS.contains(column)) {
        continue;
      }
      // A version superseded after the cut-off was still the newest at the cut-off.
      columns.add(
          column.equals("superseded_at")
              ? "CASE WHEN superseded_at <= "
                  + knownByLiteral()
                  + " THEN superseded_at END AS superseded_at"
              : quote(column));
    }
    assertThat(columns).as(table).hasSizeGreaterThan(3);
    return columns;
  }
}
