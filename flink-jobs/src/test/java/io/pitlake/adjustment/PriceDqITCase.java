package io.pitlake.adjustment;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.job.Backfill;
import io.pitlake.job.RunMode;
import io.pitlake.job.ingest.RawIngestPlan;
import io.pitlake.job.ingest.VendorDataset;
import io.pitlake.simulator.PolygonSimulator;
import io.pitlake.source.rest.Credentials;
import io.pitlake.table.Layer;
import io.pitlake.table.PitlakeTables;
import io.pitlake.table.TableSpec;
import io.pitlake.testing.Lake;
import io.pitlake.testing.Runs;
import io.pitlake.vendor.polygon.PolygonOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gold.price_dq} on the simulator's SPLT (4-for-1, ex 2024-06-10), RSPL (1-for-10, ex
 * 2024-08-20) and DIVC (dividends only): the two splits' price moves are findings the moment their
 * bars are known, explained (a row of their own) once the splits are; a split the prices do not
 * show is a finding.
 */
class PriceDqITCase {

  @RegisterExtension static final MiniClusterExtension FLINK = Runs.miniCluster();

  static final List<String> SYMBOLS = List.of("SPLT", "RSPL", "DIVC");
  static final LocalDate FROM = LocalDate.parse("2024-01-02");
  static final LocalDate TO = LocalDate.parse("2024-12-31");
  static final String PHANTOM = "phantom-divc-split";

  @TempDir Path root;

  @Test
  @DisplayName("a split's price move is a finding until the split is known; a phantom split is one")
  void jumpsAreExplainedByKnownSplitsAndAPhantomSplitIsFound() throws Exception {
    try (PolygonSimulator polygon = PolygonSimulator.builder().apiKey(Runs.KEY).build().start();
        Lake lake = new Lake(root.resolve("lake"))) {
      Runs.backfill(lake, polygon, SYMBOLS, FROM, TO, RunMode.BATCH);
      Runs.buildSql(lake, RunMode.BATCH, Layer.ADJUSTED);

      // Before any action is ingested: two unexplained jumps, known with their ex-date bars
      // (20:00 New York + 15 minutes), and nothing on DIVC's ordinary days.
      List<Map<String, Object>> before = lake.rows(PitlakeTables.GOLD_PRICE_DQ);
      assertThat(before)
          .extracting(
              r -> r.get("check_name") + " " + r.get("symbol") + " " + r.get("session_date"))
          .containsExactlyInAnyOrder(
              "unexplained_jump SPLT 2024-06-10", "unexplained_jump RSPL 2024-08-20");
      assertThat(finding(before, "SPLT"))
          .satisfies(
              r -> {
                assertThat(r.get("available_at")).isEqualTo(Instant.parse("2024-06-11T00:15:00Z"));
                assertThat(r.get("observed"))
                    .isEqualTo(closeRatio(lake, "SPLT", "2024-06-10", "2024-06-07"));
              });
      assertThat(finding(before, "RSPL").get("observed"))
          .isEqualTo(closeRatio(lake, "RSPL", "2024-08-20", "2024-08-19"));
      assertThat(Runs.query(lake, openFindingsAt("2024-12-31 00:00:00"))).hasSize(2);

      ingestSplitsAndDividends(lake, polygon);
      appendPhantomSplit(lake);
      Runs.buildSql(lake, RunMode.BATCH, Layer.REFERENCE, Layer.ADJUSTED);

      // Polygon dates a split from 00:00 New York of its ex date, before the bar closed: each jump
      // is explained the moment it is known, so none was ever open; the rows found before stay.
      List<Map<String, Object>> after = lake.rows(PitlakeTables.GOLD_PRICE_DQ);
      assertThat(after).containsAll(before);
      for (String symbol : List.of("SPLT", "RSPL")) {
        Map<String, Object> jump = finding(after, symbol);
        assertThat(after)
            .filteredOn(
                r -> r.get("check_name").equals("jump_explained") && r.get("symbol").equals(symbol))
            .singleElement()
            .satisfies(
                r -> {
                  assertThat(r.get("session_date")).isEqualTo(jump.get("session_date"));
                  assertThat(r.get("available_at")).isEqualTo(jump.get("available_at"));
                  assertThat(r.get("observed")).isEqualTo(jump.get("observed"));
                  assertThat((String) r.get("detail"))
                      .startsWith("polygon split ")
                      .contains("known from " + jump.get("session_date") + " 04:00:00.000");
                });
      }
      // Open at the end of the year: the phantom split only, the jumps being explained.
      assertThat(Runs.query(lake, openFindingsAt("2024-12-31 00:00:00")))
          .extracting(
              r -> r.get("check_name") + " " + r.get("symbol") + " " + r.get("session_date"))
          .containsExactly("split_without_price_move DIVC 2024-07-01");
      assertThat(after)
          .filteredOn(r -> r.get("check_name").equals("split_without_price_move"))
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.get("symbol")).isEqualTo("DIVC");
                assertThat(r.get("session_date")).isEqualTo(LocalDate.parse("2024-07-01"));
                assertThat(r.get("expected")).isEqualTo(0.5);
                assertThat(r.get("observed"))
                    .isEqualTo(closeRatio(lake, "DIVC", "2024-07-01", "2024-06-28"));
                // Known once both the phantom split and the ex-date bar were.
                assertThat(r.get("available_at")).isEqualTo(Instant.parse("2024-07-02T00:15:00Z"));
                assertThat((String) r.get("detail")).contains(PHANTOM);
              });
    }
  }

  /**
   * README's query of the findings open at {@code instant} (UTC): those known by then but
   * explanations, and of the jumps those not explained by then.
   */
  private static String openFindingsAt(String instant) {
    return String.format(
        "SELECT j.check_name, j.symbol, j.session_date FROM gold.price_dq AS j LEFT JOIN"
            + " (SELECT symbol, session_date FROM gold.price_dq WHERE check_name = 'jump_explained'"
            + " AND available_at <= TIMESTAMP '%1$s') AS e ON j.check_name = 'unexplained_jump'"
            + " AND e.symbol = j.symbol AND e.session_date = j.session_date"
            + " WHERE j.check_name <> 'jump_explained' AND j.available_at <= TIMESTAMP '%1$s'"
            + " AND e.symbol IS NULL",
        instant);
  }

  /**
   * The close of {@code day} over the close of {@code previous} (the session before), from silver's
   * bars: the exact observed move a finding must report.
   */
  private static double closeRatio(Lake lake, String symbol, String day, String previous) {
    return close(lake, symbol, day) / close(lake, symbol, previous);
  }

  private static double close(Lake lake, String symbol, String day) {
    return lake.rows(PitlakeTables.SILVER_BARS_DAILY).stream()
        .filter(r -> r.get("symbol").equals(symbol) && r.get("session_date").toString().equals(day))
        .map(r -> (Double) r.get("close"))
        .reduce(
            (a, b) -> {
              throw new AssertionError(symbol + " " + day + " has more than one bar version");
            })
        .orElseThrow(() -> new AssertionError("no bar of " + symbol + " on " + day));
  }

  private static Map<String, Object> finding(List<Map<String, Object>> rows, String symbol) {
    return rows.stream()
        .filter(
            r -> r.get("check_name").equals("unexplained_jump") && r.get("symbol").equals(symbol))
        .findFirst()
        .orElseThrow();
  }

  private void ingestSplitsAndDividends(Lake lake, PolygonSimulator polygon) throws Exception {
    Configuration options = Runs.options();
    options.set(PolygonOptions.BASE_URL, polygon.baseUrl());
    Path key = Files.writeString(root.resolve("polygon.key"), Runs.KEY);
    new Backfill(new Configuration(), line -> {})
        .ingest(
            new RawIngestPlan(
                lake.config(),
                List.of(VendorDataset.POLYGON_SPLITS, VendorDataset.POLYGON_DIVIDENDS),
                SYMBOLS,
                List.of(),
                FROM,
                TO,
                Map.of("polygon", Credentials.fromFile(key)),
                options));
  }

  /** A 2-for-1 split of DIVC on 2024-07-01, known from 2024-06-20, that its prices never made. */
  private static void appendPhantomSplit(Lake lake) {
    TableSpec table = VendorDataset.POLYGON_SPLITS.table();
    Map<String, Object> values = new HashMap<>(lake.rows(table).get(0));
    values.put("observation_key", PHANTOM);
    values.put("version", 1);
    values.put("payload_hash", "phantom");
    values.put(
        "payload",
        "{\"execution_date\":\"2024-07-01\",\"id\":\""
            + PHANTOM
            + "\",\"split_from\":1,\"split_to\":2,\"ticker\":\"DIVC\"}");
    values.put("event_time", Instant.parse("2024-07-01T04:00:00Z"));
    values.put("available_at", Instant.parse("2024-06-20T04:00:00Z"));
    Record record = Lake.newRecord(table);
    for (String column : Set.copyOf(values.keySet())) {
      Object value = values.get(column);
      record.setField(
          column, value instanceof Instant instant ? instant.atOffset(ZoneOffset.UTC) : value);
    }
    lake.append(table, List.of(record));
  }
}
