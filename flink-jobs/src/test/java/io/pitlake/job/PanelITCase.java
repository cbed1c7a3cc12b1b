package io.pitlake.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.job.ingest.RawIngestPlan;
import io.pitlake.job.ingest.VendorDataset;
import io.pitlake.simulator.PolygonSimulator;
import io.pitlake.simulator.sec.SecSimulator;
import io.pitlake.table.Layer;
import io.pitlake.table.PitlakeTables;
import io.pitlake.testing.KnownBy;
import io.pitlake.testing.Lake;
import io.pitlake.testing.Runs;
import io.pitlake.vendor.VendorJson;
import io.pitlake.vendor.sec.SecOptions;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The research panel end to end: Polygon bars and the SEC simulator's synthetic filers (AAPL, MSFT,
 * NVDA with ten years of filings), ingested and built by every layer, read back with plain Iceberg.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PanelITCase {

  @RegisterExtension static final MiniClusterExtension FLINK = Runs.miniCluster();

  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  static final List<String> SYMBOLS = List.of("AAPL", "MSFT", "NVDA");
  static final LocalDate FROM = LocalDate.of(2019, 1, 2);
  static final LocalDate TO = LocalDate.of(2020, 6, 30);

  static final List<VendorDataset> SEC =
      List.of(
          VendorDataset.SEC_COMPANY_TICKERS,
          VendorDataset.SEC_SUBMISSIONS,
          VendorDataset.SEC_COMPANYFACTS);

  @TempDir static Path root;

  PolygonSimulator polygon;
  SecSimulator sec;
  Lake full;

  @BeforeAll
  void ingestAndBuild() throws Exception {
    polygon = PolygonSimulator.builder().seed(7).apiKey(Runs.KEY).build().start();
    sec = SecSimulator.builder().syntheticFilers(3).build().start();
    full = new Lake(root.resolve("full"));
    Runs.backfill(full, polygon, SYMBOLS, FROM, TO, RunMode.BATCH);
    Configuration options = Runs.options();
    options.set(SecOptions.BASE_URL, sec.baseUrl());
    options.set(SecOptions.FILES_BASE_URL, sec.baseUrl());
    options.set(SecOptions.USER_AGENT, "pitlake tests admin@pitlake.example");
    new Backfill(new Configuration(), line -> {})
        .ingest(
            new RawIngestPlan(
                full.config(),
                SEC,
                List.of(),
                List.of("320193", "789019", "1045810"),
                FROM,
                TO,
                Map.of(),
                options));
    build(full, RunMode.BATCH);
  }

  @AfterAll
  void stop() throws Exception {
    polygon.close();
    sec.close();
    full.close();
  }

  @Test
  @DisplayName("every session row uses the newest fundamentals known at its decision instant")
  void panelRowsSeeExactlyTheFundamentalsKnownAtTheirDecision() {
    List<Map<String, Object>> panel = full.rows(PitlakeTables.GOLD_PANEL_DAILY);
    List<Map<String, Object>> snapshots = full.rows(PitlakeTables.GOLD_FUNDAMENTALS_PIT);
    assertThat(panel).hasSizeGreaterThan(900);
    List<Map<String, Object>> withFundamentals =
        panel.stream().filter(r -> r.get("fundamentals_available_at") != null).toList();
    assertThat(withFundamentals).hasSizeGreaterThan(800);
    for (Map<String, Object> row : withFundamentals) {
      Instant decision = (Instant) row.get("decision_at");
      Instant used = (Instant) row.get("fundamentals_available_at");
      Instant newest =
          snapshots.stream()
              .filter(s -> s.get("cik").equals(row.get("cik")))
              .map(s -> (Instant) s.get("available_at"))
              .filter(t -> !t.isAfter(decision))
              .max(Instant::compareTo)
              .orElseThrow();
      assertThat(used).as("%s %s", row.get("symbol"), row.get("session_date")).isEqualTo(newest);
      assertThat((Instant) row.get("available_at")).isAfterOrEqualTo(decision);
      assertThat((Double) row.get("market_cap"))
          .isEqualTo((Double) row.get("shares_outstanding") * (Double) row.get("close"));
    }
  }

  @Test
  @DisplayName("the session before an acceptance never sees that filing; the session after does")
  void dayBeforeAcceptanceNeverSeesTheFiling() {
    List<Map<String, Object>> panel = full.rows(PitlakeTables.GOLD_PANEL_DAILY);
    List<Map<String, Object>> filings = full.rows(VendorDataset.SEC_SUBMISSIONS.table());
    int checked = 0;
    for (Map<String, Object> filing : filings) {
      Instant known = (Instant) filing.get("available_at");
      for (Map<String, Object> row : panel) {
        Instant decision = (Instant) row.get("decision_at");
        if (decision == null || !sameCik(row, filing)) {
          continue;
        }
        Instant used = (Instant) row.get("fundamentals_available_at");
        if (decision.isBefore(known)) {
          assertThat(used).isBefore(known);
          checked++;
        } else {
          assertThat(used).isAfterOrEqualTo(known);
        }
      }
    }
    assertThat(checked).isGreaterThan(1000);
  }

  @Test
  @DisplayName("a filing accepted after the close is absent from that session's row, in the next")
  void filingAcceptedAfterTheCloseCountsFromTheNextSession() {
    List<Map<String, Object>> panel = full.rows(PitlakeTables.GOLD_PANEL_DAILY);
    // The decision instant, stated here and not read from the product: the session's close,
    // 16:00 New York, 13:00 on the early closes of the panel's range.
    Set<LocalDate> earlyCloses =
        Set.of(LocalDate.of(2019, 7, 3), LocalDate.of(2019, 11, 29), LocalDate.of(2019, 12, 24));
    for (Map<String, Object> row : panel) {
      LocalDate session = (LocalDate) row.get("session_date");
      if (row.get("decision_at") != null) {
        LocalTime close = earlyCloses.contains(session) ? LocalTime.of(13, 0) : LocalTime.of(16, 0);
        assertThat(row.get("decision_at"))
            .as("%s %s", row.get("symbol"), session)
            .isEqualTo(session.atTime(close).atZone(NEW_YORK).toInstant());
      }
    }
    List<LocalDate> sessions =
        panel.stream().map(r -> (LocalDate) r.get("session_date")).distinct().sorted().toList();
    int checked = 0;
    for (Map<String, Object> filing : full.rows(VendorDataset.SEC_SUBMISSIONS.table())) {
      // EDGAR's acceptanceDateTime is New York wall clock despite its Z (sec-edgar.md).
      LocalDateTime accepted =
          LocalDateTime.parse(
              VendorJson.object((String) filing.get("payload"), "filing")
                  .path("acceptanceDateTime")
                  .asText()
                  .substring(0, 19));
      LocalDate day = accepted.toLocalDate();
      int at = sessions.indexOf(day);
      if (at < 0
          || at + 1 >= sessions.size()
          || earlyCloses.contains(day)
          || !accepted.toLocalTime().isAfter(LocalTime.of(16, 0))) {
        continue;
      }
      Instant known = (Instant) filing.get("available_at");
      List<Map<String, Object>> sameDay = rowsOf(panel, filing, day);
      List<Map<String, Object>> nextDay = rowsOf(panel, filing, sessions.get(at + 1));
      assertThat(sameDay)
          .as("%s accepted %s: that session's rows", filing.get("observation_key"), accepted)
          .isNotEmpty()
          .allSatisfy(
              r -> assertThat((Instant) r.get("fundamentals_available_at")).isBefore(known));
      assertThat(nextDay)
          .as("%s accepted %s: the next session's rows", filing.get("observation_key"), accepted)
          .isNotEmpty()
          .anySatisfy(
              r ->
                  assertThat((Instant) r.get("fundamentals_available_at")).isAfterOrEqualTo(known));
      checked++;
    }
    assertThat(checked).as("filings accepted after a regular close").isGreaterThan(3);
  }

  private static List<Map<String, Object>> rowsOf(
      List<Map<String, Object>> panel, Map<String, Object> filing, LocalDate session) {
    return panel.stream()
        .filter(r -> session.equals(r.get("session_date")) && sameCik(r, filing))
        .toList();
  }

  @Test
  @DisplayName("streaming SQL over the same bronze gives the batch build's panel")
  void streamingEqualsBatch() throws Exception {
    try (Lake streaming = new Lake(root.resolve("streaming"))) {
      copyBronze(full, streaming, r -> true);
      build(streaming, RunMode.STREAMING);

      assertThat(streaming.rows(PitlakeTables.GOLD_PANEL_DAILY))
          .hasSizeGreaterThan(900)
          .isEqualTo(full.rows(PitlakeTables.GOLD_PANEL_DAILY));
    }
  }

  @Test
  @DisplayName("a build on the inputs known by T gives exactly the full panel rows known by T")
  void prefixBuildEqualsFullBuildUpToT() throws Exception {
    assertPrefixBuildsEqualFullBuild(
        full,
        root,
        List.of(Instant.parse("2019-08-15T21:00:00Z"), Instant.parse("2020-03-02T15:00:00Z")),
        PanelITCase::copyBronze);
  }

  /** Copies the bronze rows that {@code keep} accepts from one lake into another. */
  @FunctionalInterface
  interface BronzeCopy {
    void copy(Lake from, Lake to, Predicate<Record> keep);
  }

  /**
   * The panel's prefix property: for each cut, a lake holding the bronze known by then builds
   * exactly the full build's panel rows known by then. The ticker map is a timeless identity by
   * declaration (TABLES.md, "gold.panel_daily"), so it is copied whole.
   */
  static void assertPrefixBuildsEqualFullBuild(
      Lake full, Path root, List<Instant> cuts, BronzeCopy copy) throws Exception {
    int i = 0;
    for (Instant cut : cuts) {
      Predicate<Record> known = KnownBy.bronze(full, cut);
      try (Lake prefix = new Lake(root.resolve("prefix-" + i++))) {
        copy.copy(
            full,
            prefix,
            r ->
                VendorDataset.SEC_COMPANY_TICKERS.id().equals(r.getField("dataset"))
                    || known.test(r));
        build(prefix, RunMode.BATCH);

        assertThat(prefix.rows(PitlakeTables.GOLD_PANEL_DAILY))
            .as("panel known by %s", cut)
            .isNotEmpty()
            .isEqualTo(KnownBy.rows(full.rows(PitlakeTables.GOLD_PANEL_DAILY), cut));
      }
    }
  }

  private static boolean sameCik(Map<String, Object> panelRow, Map<String, Object> filing) {
    String key = (String) filing.get("observation_key");
    Object cik = panelRow.get("cik");
    return cik != null && key.startsWith(String.format("%010d", (Long) cik));
  }

  /** Every layer the panel reads, from whatever bronze holds, and the panel. */
  static void build(Lake lake, RunMode mode) {
    new Backfill(new Configuration(), line -> {})
        .buildSql(
            lake.config(),
            Runs.options(),
            mode,
            Layer.SILVER,
            Layer.GOLD,
            Layer.REFERENCE,
            Layer.ADJUSTED,
            Layer.FUNDAMENTALS,
            Layer.PANEL);
  }

  static void copyBronze(Lake from, Lake to, Predicate<Record> keep) {
    from.copyBronzeTo(to, keep);
    for (VendorDataset dataset : SEC) {
      List<Record> kept = new ArrayList<>();
      for (Record record : from.records(dataset.table())) {
        if (keep.test(record)) {
          kept.add(record);
        }
      }
      to.append(dataset.table(), kept);
    }
  }
}
