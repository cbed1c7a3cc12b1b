package io.pitlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitlake.job.RunMode;
import io.pitlake.simulator.BadBar;
import io.pitlake.simulator.BadBarKind;
import io.pitlake.simulator.PolygonSimulator;
import io.pitlake.table.Layer;
import io.pitlake.testing.HeadlessChromium;
import io.pitlake.testing.Lake;
import io.pitlake.testing.Runs;
import io.pitlake.time.NyseCalendar;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pitlake report} opened in a real headless Chromium: a lake of AAPL and SPLT over
 * 2024-02..07 in which the simulator serves two broken bars (AAPL's 2024-03-05 without a close,
 * SPLT's 2024-04-10 with high below low: two quarantined rows and two one-session gaps), and the
 * adjusted layer built without SPLT's split ingested (its 4-for-1 move on 2024-06-10 is an open
 * {@code gold.price_dq} finding).
 *
 * <p>Each chart's figures, read from the rendered page's {@code data-*} attributes, are compared
 * with plain SQL the test runs through {@code pitlake query}, not with the report's queries. The
 * page and a full-page screenshot are kept under {@code target/report-it/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportITCase {

  @RegisterExtension static final MiniClusterExtension FLINK = Runs.miniCluster();

  static final List<String> SYMBOLS = List.of("AAPL", "SPLT");
  static final LocalDate FROM = LocalDate.parse("2024-02-01");
  static final LocalDate TO = LocalDate.parse("2024-07-31");
  static final BadBar NO_CLOSE =
      new BadBar("AAPL", LocalDate.parse("2024-03-05"), BadBarKind.MISSING_CLOSE);
  static final BadBar HIGH_BELOW_LOW =
      new BadBar("SPLT", LocalDate.parse("2024-04-10"), BadBarKind.HIGH_BELOW_LOW);

  /** Tables the test counts itself: four with rows, and one the run leaves empty. */
  static final List<String> COUNTED =
      List.of(
          "bronze.polygon_aggs",
          "silver.bars_daily",
          "silver.quarantine",
          "gold.bar_features_daily",
          "gold.price_dq",
          "silver.news");

  static final Path ARTIFACTS = Path.of("target", "report-it");

  @TempDir static Path dir;

  private Path lakeDir;
  private Instant asOf;
  private JsonNode page;
  private List<String> consoleErrors;
  private Map<String, Long> lake;

  @BeforeAll
  void buildLakeAndOpenTheReport() throws Exception {
    lakeDir = dir.resolve("lake");
    try (PolygonSimulator polygon =
            PolygonSimulator.builder()
                .apiKey(Runs.KEY)
                .badBar(NO_CLOSE)
                .badBar(HIGH_BELOW_LOW)
                .build()
                .start();
        Lake built = new Lake(lakeDir)) {
      Runs.backfill(built, polygon, SYMBOLS, FROM, TO, RunMode.BATCH);
      Runs.buildSql(built, RunMode.BATCH, Layer.ADJUSTED);
    }
    asOf = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Files.createDirectories(ARTIFACTS);
    Path html = ARTIFACTS.resolve("report.html").toAbsolutePath();
    Files.deleteIfExists(html);
    var result = pitlake("report", "--out", html.toString(), "--as-of", asOf.toString());
    assertThat(result.out()).contains("wrote " + html);
    assertThat(result.err()).contains("[report] 5/5");

    try (HeadlessChromium chromium = HeadlessChromium.start(dir.resolve("chromium"))) {
      chromium.open(html.toUri());
      String figures;
      try (var script = ReportITCase.class.getResourceAsStream("/report-figures.js")) {
        figures = new String(script.readAllBytes(), StandardCharsets.UTF_8);
      }
      page = chromium.evaluate(figures);
      Files.write(ARTIFACTS.resolve("report.png"), chromium.screenshot());
      consoleErrors = chromium.errors();
    }
    lake = lakeFigures();
  }

  @Test
  @DisplayName("the page renders every chart without a console error, and a screenshot is kept")
  void rendersWithoutErrors() throws Exception {
    assertThat(consoleErrors).isEmpty();
    Map<String, Double> heights = new HashMap<>();
    page.get("charts").forEach(c -> heights.put(c.get(0).asText(), c.get(2).asDouble()));
    assertThat(heights.keySet()).containsExactlyInAnyOrder("coverage", "rows", "quarantine", "lag");
    page.get("charts")
        .forEach(
            c -> assertThat(c.get(1).asDouble() * c.get(2).asDouble()).as("%s", c).isPositive());
    assertThat(page.get("asOf").asText()).isEqualTo(asOf.toString());
    assertThat(Files.size(ARTIFACTS.resolve("report.png"))).isGreaterThan(10_000);
  }

  @Test
  @DisplayName("the heatmap's cells are each symbol's sessions per month against the NYSE calendar")
  void heatmapMatchesSilverSessions() {
    Map<String, Integer> sessions = new TreeMap<>();
    lake.forEach(
        (key, n) -> {
          if (key.startsWith("session|")) {
            String[] parts = key.split("\\|");
            sessions.merge(
                parts[1] + " " + YearMonth.from(LocalDate.parse(parts[2])), 1, Integer::sum);
          }
        });
    Map<String, Integer> cells = new TreeMap<>();
    Map<String, Integer> expected = new TreeMap<>();
    page.get("coverage")
        .forEach(
            c -> {
              if (!c.get(0).asText().equals("*") && c.get(2).asInt() > 0) {
                cells.put(c.get(0).asText() + " " + c.get(1).asText(), c.get(2).asInt());
              }
              expected.put(c.get(0).asText() + " " + c.get(1).asText(), c.get(3).asInt());
            });
    assertThat(cells).isEqualTo(sessions);
    NyseCalendar calendar = NyseCalendar.instance();
    LocalDate first = calendar.sessions(FROM, TO).get(0);
    assertThat(expected.get("AAPL 2024-02"))
        .isEqualTo(calendar.sessions(first, LocalDate.parse("2024-02-29")).size());
    assertThat(expected.get("* 2024-03"))
        .isEqualTo(
            2
                * calendar
                    .sessions(LocalDate.parse("2024-03-01"), LocalDate.parse("2024-03-31"))
                    .size());
    assertThat(cells.get("AAPL 2024-03")).isEqualTo(expected.get("AAPL 2024-03") - 1);
    assertThat(cells.get("SPLT 2024-03")).isEqualTo(expected.get("SPLT 2024-03"));
  }

  @Test
  @DisplayName("the known gaps are the sessions whose bars were quarantined, in words")
  void gapsAreTheQuarantinedSessions() {
    List<String> words = new ArrayList<>();
    page.get("gaps").forEach(g -> words.add(g.get(4).asText()));
    assertThat(words)
        .containsExactly(
            "AAPL: 1 session without a bar, 2024-03-05",
            "SPLT: 1 session without a bar, 2024-04-10");
    for (BadBar bad : List.of(NO_CLOSE, HIGH_BELOW_LOW)) {
      assertThat(lake).doesNotContainKey("session|" + bad.symbol() + "|" + bad.date());
    }
  }

  @Test
  @DisplayName("rows per table and month are the tables' rows known at the report's instant")
  void rowsPerTableMatchCounts() {
    Map<String, Long> totals = new TreeMap<>();
    Map<String, Long> barsPerMonth = new TreeMap<>();
    page.get("rows")
        .forEach(
            t -> {
              totals.put(t.get("name").asText(), t.get("total").asLong());
              if (t.get("name").asText().equals("silver.bars_daily")) {
                t.get("bars").forEach(b -> barsPerMonth.put(b.get(0).asText(), b.get(1).asLong()));
              }
            });
    for (String table : COUNTED) {
      long rows = lake.get("rows|" + table);
      if (rows == 0) {
        assertThat(totals).doesNotContainKey(table);
        assertThat(page.get("text").asText()).contains(table);
      } else {
        assertThat(totals.get(table)).as(table).isEqualTo(rows);
      }
    }
    assertThat(barsPerMonth).isEqualTo(prefixed("bars-month|"));
    assertThat(barsPerMonth).hasSize(6);
  }

  @Test
  @DisplayName("the quarantine chart counts each reason's refusals")
  void quarantineMatchesReasons() {
    Map<String, Long> perReason = new TreeMap<>();
    page.get("quarantine")
        .forEach(
            s -> {
              String series = s.get("name").asText();
              perReason.merge(
                  series.substring(series.indexOf(": ") + 2), s.get("total").asLong(), Long::sum);
            });
    assertThat(perReason).isEqualTo(prefixed("quarantine|")).hasSize(2);
  }

  @Test
  @DisplayName("the lag histogram counts every dated row once, daily bars within a day")
  void lagMatchesTimes() {
    Map<String, Map<String, Long>> lags = new TreeMap<>();
    page.get("lag")
        .forEach(
            t -> {
              Map<String, Long> buckets = new TreeMap<>();
              t.get("bars").forEach(b -> buckets.put(b.get(0).asText(), b.get(1).asLong()));
              lags.put(t.get("name").asText(), buckets);
            });
    for (String table : COUNTED) {
      long rows = lake.get("rows|" + table);
      long counted = lags.getOrDefault(table, Map.of()).values().stream().mapToLong(v -> v).sum();
      assertThat(counted).as(table).isEqualTo(rows);
    }
    // A daily bar starts 00:00 New York and is known 15 minutes after the extended session ends:
    // 20:15 New York, 17:15 after an early close (2024-07-03).
    assertThat(lake.get("lag-min|silver.bars_daily")).isEqualTo(17 * 60 + 15);
    assertThat(lake.get("lag-max|silver.bars_daily")).isEqualTo(20 * 60 + 15);
    assertThat(lags.get("silver.bars_daily"))
        .containsExactly(Map.entry("UNDER_DAY", lake.get("rows|silver.bars_daily")));
  }

  @Test
  @DisplayName("the open findings are gold.price_dq's findings open at T: SPLT's unexplained split")
  void findingsMatchTheOpenQuery() {
    Map<String, Long> counts = new TreeMap<>();
    page.get("findings")
        .forEach(f -> counts.put(f.get(0).asText() + "|" + f.get(1).asText(), f.get(2).asLong()));
    assertThat(counts)
        .isEqualTo(prefixed("finding|"))
        .containsExactly(Map.entry("gold.price_dq|unexplained_jump", 1L));
    assertThat(page.get("text").asText()).contains("SPLT").contains("2024-06-10");
  }

  private Map<String, Long> prefixed(String prefix) {
    return lake.entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix))
        .collect(
            Collectors.toMap(
                e -> e.getKey().substring(prefix.length()),
                Map.Entry::getValue,
                (a, b) -> a,
                TreeMap::new));
  }

  /**
   * The lake's figures by plain SQL through {@code pitlake query}, one key and count per row: rows
   * per table, silver's bars per month, sessions with a bar, refusals per reason, the bars' lag in
   * minutes, and the findings open at T by TABLES.md's query.
   */
  private Map<String, Long> lakeFigures() throws Exception {
    String t =
        "TIMESTAMP '"
            + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                .withZone(ZoneOffset.UTC)
                .format(asOf)
            + "'";
    List<String> parts = new ArrayList<>();
    for (String table : COUNTED) {
      parts.add(
          "SELECT 'rows|"
              + table
              + "' AS k, COUNT(*) AS n FROM "
              + table
              + " WHERE available_at <= "
              + t);
    }
    parts.add(
        "SELECT 'bars-month|' || CAST(YEAR(event_time) AS STRING) || '-' ||"
            + " LPAD(CAST(MONTH(event_time) AS STRING), 2, '0') AS k, COUNT(*) AS n"
            + " FROM silver.bars_daily WHERE available_at <= "
            + t
            + " GROUP BY YEAR(event_time), MONTH(event_time)");
    parts.add(
        "SELECT 'session|' || symbol || '|' || CAST(session_date AS STRING) AS k, COUNT(*) AS n"
            + " FROM silver.bars_daily WHERE available_at <= "
            + t
            + " GROUP BY symbol, session_date");
    parts.add(
        "SELECT 'quarantine|' || reason AS k, COUNT(*) AS n FROM silver.quarantine"
            + " WHERE available_at <= "
            + t
            + " GROUP BY reason");
    parts.add(
        "SELECT 'lag-min|silver.bars_daily' AS k,"
            + " CAST(MIN(TIMESTAMPDIFF(MINUTE, event_time, available_at)) AS BIGINT) AS n"
            + " FROM silver.bars_daily WHERE available_at <= "
            + t);
    parts.add(
        "SELECT 'lag-max|silver.bars_daily' AS k,"
            + " CAST(MAX(TIMESTAMPDIFF(MINUTE, event_time, available_at)) AS BIGINT) AS n"
            + " FROM silver.bars_daily WHERE available_at <= "
            + t);
    parts.add(
        "SELECT 'finding|gold.price_dq|' || j.check_name AS k, COUNT(*) AS n"
            + " FROM gold.price_dq AS j LEFT JOIN (SELECT symbol, session_date FROM gold.price_dq"
            + " WHERE check_name = 'jump_explained' AND available_at <= "
            + t
            + ") AS e ON j.check_name = 'unexplained_jump' AND e.symbol = j.symbol"
            + " AND e.session_date = j.session_date WHERE j.check_name <> 'jump_explained'"
            + " AND j.available_at <= "
            + t
            + " AND e.symbol IS NULL GROUP BY j.check_name");
    parts.add(
        "SELECT 'finding|gold.fundamentals_dq|' || check_name AS k, COUNT(*) AS n"
            + " FROM gold.fundamentals_dq WHERE available_at <= "
            + t
            + " GROUP BY check_name");
    String sql = parts.stream().map(p -> "(" + p + ")").collect(Collectors.joining(" UNION ALL "));
    String out = pitlake("query", sql, "--max-rows", "100000").out();
    Map<String, Long> figures = new HashMap<>();
    boolean rows = false;
    for (String line : out.split("\\R")) {
      if (line.startsWith("--")) {
        rows = true;
      } else if (rows && line.matches("\\d+ rows?.*")) {
        break;
      } else if (rows) {
        int split = line.lastIndexOf("  ");
        figures.put(
            line.substring(0, split).strip(), Long.parseLong(line.substring(split).strip()));
      }
    }
    assertThat(figures).as("pitlake query printed:%n%s", out).containsKey("rows|silver.bars_daily");
    return figures;
  }

  private PitlakeCliTest.Result pitlake(String... args) throws Exception {
    return PitlakeCliTest.runOnLake(dir, lakeDir, args);
  }
}
