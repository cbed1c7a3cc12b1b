package io.pitlake.adjustment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.pitlake.job.Backfill;
import io.pitlake.job.RunMode;
import io.pitlake.job.ingest.RawIngestPlan;
import io.pitlake.job.ingest.VendorDataset;
import io.pitlake.simulator.PolygonSimulator;
import io.pitlake.source.rest.Credentials;
import io.pitlake.table.Layer;
import io.pitlake.table.PitlakeTables;
import io.pitlake.table.TableSpec;
import io.pitlake.testing.DocumentedReads;
import io.pitlake.testing.Lake;
import io.pitlake.testing.Runs;
import io.pitlake.time.NyseCalendar;
import io.pitlake.vendor.VendorJson;
import io.pitlake.vendor.polygon.PolygonOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gold.price_dq}'s {@code vendor_adjusted_close_mismatch} on the simulator's RSPL (1-for-10
 * reverse split, ex 2024-08-20) and SPLT (no split in August): Polygon's own {@code adjusted=true}
 * closes agree with pitlake's split-adjusted closes as known at each fetch; a vendor that then
 * loses RSPL's split disagrees on every session before the ex date, from that fetch on. Streaming
 * SQL over the same bronze finds the same.
 */
class VendorAdjustedCloseITCase {

  @RegisterExtension static final MiniClusterExtension FLINK = Runs.miniCluster();

  static final List<String> SYMBOLS = List.of("SPLT", "RSPL");
  static final LocalDate FROM = LocalDate.parse("2024-08-01");
  static final LocalDate TO = LocalDate.parse("2024-08-30");
  static final LocalDate RSPL_EX = LocalDate.parse("2024-08-20");
  static final String CHECK = "vendor_adjusted_close_mismatch";

  @TempDir Path root;

  @Test
  @DisplayName(
      "a vendor's adjusted closes agree until a fetch misses a split, then differ from then")
  void aVendorAdjustedSeriesThatMissesASplitIsFoundFromItsFetch() throws Exception {
    try (PolygonSimulator polygon = PolygonSimulator.builder().apiKey(Runs.KEY).build().start();
        PolygonSimulator missing =
            PolygonSimulator.builder().apiKey(Runs.KEY).missedSplits("RSPL").build().start();
        Lake lake = new Lake(root.resolve("lake"))) {
      Runs.backfill(lake, polygon, SYMBOLS, FROM, TO, RunMode.BATCH);
      ingest(lake, polygon, VendorDataset.POLYGON_SPLITS, VendorDataset.POLYGON_AGGS_DAY_ADJUSTED);
      // A later fetch from a vendor that has lost RSPL's split: RSPL's sessions before the ex date
      // come back raw, as new versions; every other bar is unchanged and adds nothing.
      ingest(lake, missing, VendorDataset.POLYGON_AGGS_DAY_ADJUSTED);
      Runs.buildSql(lake, RunMode.BATCH, Layer.REFERENCE, Layer.ADJUSTED);

      List<LocalDate> sessions = NyseCalendar.instance().sessions(FROM, TO);
      List<LocalDate> beforeEx = sessions.stream().filter(d -> d.isBefore(RSPL_EX)).toList();
      List<Map<String, Object>> vendorRows =
          lake.rows(VendorDataset.POLYGON_AGGS_DAY_ADJUSTED.table());
      List<Map<String, Object>> first =
          vendorRows.stream().filter(r -> r.get("version").equals(1)).toList();
      List<Map<String, Object>> revised =
          vendorRows.stream().filter(r -> r.get("version").equals(2)).toList();
      assertThat(first).hasSize(SYMBOLS.size() * sessions.size());
      assertThat(revised)
          .hasSize(beforeEx.size())
          .allSatisfy(r -> assertThat((String) r.get("observation_key")).startsWith("RSPL|"));
      // Dated by the fetch: the adjustment is the vendor's as of then.
      assertThat(vendorRows)
          .allSatisfy(r -> assertThat(r.get("available_at")).isEqualTo(r.get("ingested_at")));

      // The first fetch agrees (both sides adjust RSPL's sessions before its ex date by 10, SPLT's
      // not at all): its versions give no finding. The second gives one per revised session.
      List<Map<String, Object>> findings =
          lake.rows(PitlakeTables.GOLD_PRICE_DQ).stream()
              .filter(r -> r.get("check_name").equals(CHECK))
              .toList();
      assertThat(findings)
          .extracting(r -> r.get("symbol") + " " + r.get("session_date"))
          .containsExactlyInAnyOrderElementsOf(beforeEx.stream().map(d -> "RSPL " + d).toList());
      List<Map<String, Object>> adjusted =
          Runs.query(lake, DocumentedReads.adjustedAsOf(Instant.parse("2100-01-01T00:00:00Z")));
      for (Map<String, Object> vendor : revised) {
        LocalDate session =
            LocalDate.ofInstant((Instant) vendor.get("event_time"), NyseCalendar.ZONE);
        Map<String, Object> finding =
            findings.stream()
                .filter(r -> r.get("session_date").equals(session))
                .findFirst()
                .orElseThrow();
        Map<String, Object> pitlake = current(adjusted, "RSPL", session);
        double vendorClose =
            VendorJson.MAPPER.readTree((String) vendor.get("payload")).get("c").asDouble();
        assertThat(finding.get("observed")).isEqualTo(vendorClose);
        assertThat(finding.get("expected")).isEqualTo(pitlake.get("split_adj_close"));
        assertThat((Double) finding.get("expected") / vendorClose).isCloseTo(10.0, within(1e-9));
        // Known at the fetch that missed the split.
        assertThat(finding.get("available_at")).isEqualTo(vendor.get("ingested_at"));
        assertThat((String) finding.get("detail")).contains("v2", "bar v1", "x 10.0");
      }

      // Streaming SQL over the same bronze finds exactly the same.
      try (Lake streaming = new Lake(root.resolve("streaming"))) {
        for (TableSpec table :
            List.of(
                PitlakeTables.BRONZE_POLYGON_AGGS,
                VendorDataset.POLYGON_SPLITS.table(),
                VendorDataset.POLYGON_AGGS_DAY_ADJUSTED.table())) {
          lake.copyTo(streaming, table, r -> true);
        }
        Runs.buildSql(streaming, RunMode.STREAMING, Layer.SILVER, Layer.REFERENCE, Layer.ADJUSTED);
        assertThat(streaming.rows(PitlakeTables.GOLD_PRICE_DQ))
            .as("the findings of both builds")
            .isNotEmpty()
            .isEqualTo(lake.rows(PitlakeTables.GOLD_PRICE_DQ));
      }
    }
  }

  private static Map<String, Object> current(
      List<Map<String, Object>> adjusted, String symbol, LocalDate session) {
    return adjusted.stream()
        .filter(r -> r.get("symbol").equals(symbol) && r.get("session_date").equals(session))
        .findFirst()
        .orElseThrow();
  }

  private void ingest(Lake lake, PolygonSimulator polygon, VendorDataset... datasets)
      throws Exception {
    Configuration options = Runs.options();
    options.set(PolygonOptions.BASE_URL, polygon.baseUrl());
    Path key = root.resolve("polygon.key");
    Files.writeString(key, Runs.KEY);
    new Backfill(new Configuration(), line -> {})
        .ingest(
            new RawIngestPlan(
                lake.config(),
                List.of(datasets),
                SYMBOLS,
                List.of(),
                FROM,
                TO,
                Map.of("polygon", Credentials.fromFile(key)),
                options));
  }
}
