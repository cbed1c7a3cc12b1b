package io.pitlake.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.job.ingest.IngestPlan;
import io.pitlake.job.ingest.RawIngestPlan;
import io.pitlake.job.ingest.VendorDataset;
import io.pitlake.simulator.BadBar;
import io.pitlake.simulator.BadBarKind;
import io.pitlake.simulator.Chaos;
import io.pitlake.simulator.PolygonSimulator;
import io.pitlake.source.rest.Credentials;
import io.pitlake.source.rest.RestSourceOptions;
import io.pitlake.table.PitlakeTables;
import io.pitlake.table.TableSpec;
import io.pitlake.testing.Lake;
import io.pitlake.testing.Runs;
import io.pitlake.testing.SecretScan;
import io.pitlake.vendor.polygon.PolygonOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backfill against a vendor that throttles, fails, stalls, cuts bodies, drops connections and
 * serves HTML error pages on a third of its answers ends with exactly the tables of a backfill
 * against a calm vendor: nothing lost, nothing duplicated, the one bad bar quarantined once, and
 * the key nowhere in the tables.
 */
class ChaosITCase {

  @RegisterExtension static final MiniClusterExtension FLINK = Runs.miniCluster();

  static final List<String> SYMBOLS = IntStream.rangeClosed(1, 8).mapToObj(i -> "C" + i).toList();
  static final LocalDate FROM = LocalDate.of(2023, 1, 1);
  static final LocalDate TO = LocalDate.of(2024, 12, 31);
  static final BadBar BAD = new BadBar("C3", LocalDate.of(2024, 3, 15), BadBarKind.HIGH_BELOW_LOW);

  static final Path TEST_LOG = Path.of("target", "test-logs", "flink-jobs.log");

  /** Columns that differ between two runs on the same data: when, and through which port. */
  static final Set<String> RUN_COLUMNS = Set.of("ingested_at", "request_url");

  @TempDir Path root;

  @Test
  void chaosLosesAndDuplicatesNothing() throws Exception {
    Chaos chaos = Chaos.evenly(0.3, 20261123L);
    try (PolygonSimulator calm = simulator(Chaos.none());
        PolygonSimulator chaotic = simulator(chaos);
        Lake expected = new Lake(root.resolve("calm"));
        Lake actual = new Lake(root.resolve("chaos"))) {
      backfill(expected, calm);
      backfill(actual, chaotic);

      Map<Chaos.Fault, Integer> faults = chaotic.injectedFaults();
      for (Chaos.Fault fault : Chaos.Fault.values()) {
        assertThat(faults.get(fault)).as("requests that got %s", fault).isPositive();
      }
      assertThat(chaotic.requestCount()).isGreaterThan(calm.requestCount());

      for (TableSpec table :
          List.of(
              PitlakeTables.BRONZE_POLYGON_AGGS,
              PitlakeTables.SILVER_BARS_DAILY,
              PitlakeTables.SILVER_QUARANTINE,
              PitlakeTables.GOLD_BAR_FEATURES_DAILY)) {
        assertThat(actual.rows(table, RUN_COLUMNS))
            .as(table.name())
            .isNotEmpty()
            .containsExactlyElementsOf(expected.rows(table, RUN_COLUMNS));
      }
      assertThat(actual.rows(PitlakeTables.SILVER_QUARANTINE))
          .singleElement()
          .satisfies(
              row -> {
                assertThat(row.get("symbol")).isEqualTo(BAD.symbol());
                assertThat(row.get("session_date")).isEqualTo(BAD.date());
                assertThat(row.get("reason")).isEqualTo("high h below low l");
              });
      for (TableSpec table : PitlakeTables.all()) {
        for (Map<String, Object> row : actual.rows(table)) {
          assertThat(row.toString()).as(table.name()).doesNotContain(Runs.KEY);
        }
      }
      // The tests' log (log4j2-test.properties) holds this run's retry warnings, and no key.
      String log = Files.readString(TEST_LOG);
      assertThat(log).contains("retry").contains("unreadable page").doesNotContain(Runs.KEY);
    }
  }

  /**
   * Also the split that fetched an element: a company's ticker events are served under each of its
   * tickers (OLDC, NEWC), and whichever split comes first records them.
   */
  static final Set<String> RAW_RUN_COLUMNS = Set.of("ingested_at", "request_url", "split_id");

  @Test
  void chaosLosesAndDuplicatesNoReferenceDataOrVendorBar() throws Exception {
    Chaos chaos = Chaos.evenly(0.3, 20261124L);
    List<VendorDataset> datasets =
        List.of(
            VendorDataset.POLYGON_SPLITS,
            VendorDataset.POLYGON_DIVIDENDS,
            VendorDataset.POLYGON_NEWS,
            VendorDataset.POLYGON_TICKER_EVENTS,
            VendorDataset.POLYGON_TICKER_DETAILS,
            VendorDataset.POLYGON_GROUPED_DAILY,
            VendorDataset.POLYGON_AGGS_MINUTE);
    try (PolygonSimulator calm = simulator(Chaos.none());
        PolygonSimulator chaotic = simulator(chaos);
        Lake expected = new Lake(root.resolve("raw-calm"));
        Lake actual = new Lake(root.resolve("raw-chaos"))) {
      ingestAndBuild(expected, calm, datasets);
      ingestAndBuild(actual, chaotic, datasets);

      Map<Chaos.Fault, Integer> faults = chaotic.injectedFaults();
      for (Chaos.Fault fault : Chaos.Fault.values()) {
        assertThat(faults.get(fault)).as("requests that got %s", fault).isPositive();
      }
      List<TableSpec> tables = new ArrayList<>();
      datasets.forEach(d -> tables.add(d.table()));
      tables.addAll(
          List.of(
              PitlakeTables.SILVER_NEWS,
              PitlakeTables.SILVER_TICKER_HISTORY,
              PitlakeTables.SILVER_VENDOR_BARS));
      for (TableSpec table : tables) {
        assertThat(actual.rows(table, RAW_RUN_COLUMNS))
            .as(table.name())
            .isNotEmpty()
            .containsExactlyElementsOf(expected.rows(table, RAW_RUN_COLUMNS));
      }
      // NEWC trades only from its rename on 2024-09-03: its details as of May and June are a 404,
      // quarantined in both runs, and nothing else is.
      for (Lake lake : List.of(expected, actual)) {
        assertThat(lake.rows(PitlakeTables.SILVER_QUARANTINE))
            .extracting(r -> r.get("source") + " " + r.get("symbol") + " " + r.get("reason"))
            .containsExactly(
                "polygon.ticker_details NEWC HTTP 404", "polygon.ticker_details NEWC HTTP 404");
      }
      assertThat(actual.rows(PitlakeTables.SILVER_QUARANTINE))
          .extracting(r -> ((String) r.get("request_url")).replaceFirst("^http://[^/]+", ""))
          .containsExactlyInAnyOrderElementsOf(
              expected.rows(PitlakeTables.SILVER_QUARANTINE).stream()
                  .map(r -> ((String) r.get("request_url")).replaceFirst("^http://[^/]+", ""))
                  .toList());
      SecretScan.assertNoRowHolds(actual, tables, Runs.KEY);
    }
  }

  /** Ingests {@code datasets} around SPLT's split and DIVC's dividend, then types them. */
  private void ingestAndBuild(Lake lake, PolygonSimulator simulator, List<VendorDataset> datasets)
      throws Exception {
    Configuration options = Runs.options();
    options.set(PolygonOptions.BASE_URL, simulator.baseUrl());
    options.set(PolygonOptions.REFERENCE_PAGE_SIZE, 2);
    options.set(RestSourceOptions.MAX_RETRIES, 12);
    options.set(RestSourceOptions.UNREADABLE_PAGE_RETRIES, 6);
    options.set(RestSourceOptions.READ_TIMEOUT, Duration.ofMillis(150));
    Path key = Files.writeString(Files.createTempFile(root, "polygon", ".key"), Runs.KEY);
    RawIngestPlan plan =
        new RawIngestPlan(
            lake.config(),
            datasets,
            List.of("SPLT", "DIVC", "OLDC", "NEWC"),
            List.of(),
            LocalDate.parse("2024-05-15"),
            LocalDate.parse("2024-06-14"),
            Map.of("polygon", Credentials.fromFile(key)),
            options);
    Backfill backfill = new Backfill(new Configuration(), line -> {});
    backfill.ingest(plan);
    backfill.buildSql(
        lake.config(),
        options,
        RunMode.BATCH,
        Backfill.Layer.REFERENCE,
        Backfill.Layer.VENDOR_BARS);
  }

  private static PolygonSimulator simulator(Chaos chaos) {
    return PolygonSimulator.builder()
        .seed(5)
        .apiKey(Runs.KEY)
        .badBar(BAD)
        .chaos(chaos)
        .build()
        .start();
  }

  /** A batch backfill with room for a third of all answers failing (retries, short timeouts). */
  private static void backfill(Lake lake, PolygonSimulator simulator) throws Exception {
    IngestPlan plan = Runs.plan(lake, simulator, SYMBOLS, FROM, TO);
    Configuration options = new Configuration(plan.options());
    options.set(RestSourceOptions.MAX_RETRIES, 12);
    options.set(RestSourceOptions.UNREADABLE_PAGE_RETRIES, 6);
    // Slow answers (200 ms) time out and are retried, as a stalled connection would be.
    options.set(RestSourceOptions.READ_TIMEOUT, Duration.ofMillis(150));
    new Backfill(new Configuration(), line -> {})
        .run(
            new IngestPlan(
                plan.catalog(),
                plan.symbols(),
                plan.from(),
                plan.to(),
                plan.baseUrl(),
                plan.credentials(),
                options),
            RunMode.BATCH);
  }
}
