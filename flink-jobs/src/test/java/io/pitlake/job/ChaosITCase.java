package io.pitlake.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.job.ingest.IngestPlan;
import io.pitlake.job.ingest.RawIngestPlan;
import io.pitlake.job.ingest.VendorDataset;
import io.pitlake.simulator.AlpacaSimulator;
import io.pitlake.simulator.BadBar;
import io.pitlake.simulator.BadBarKind;
import io.pitlake.simulator.Chaos;
import io.pitlake.simulator.PolygonSimulator;
import io.pitlake.simulator.fmp.FmpSimulator;
import io.pitlake.simulator.sec.SecSimulator;
import io.pitlake.source.rest.Credentials;
import io.pitlake.source.rest.RestSourceOptions;
import io.pitlake.table.Layer;
import io.pitlake.table.PitlakeTables;
import io.pitlake.table.TableSpec;
import io.pitlake.testing.Lake;
import io.pitlake.testing.LogCapture;
import io.pitlake.testing.Runs;
import io.pitlake.testing.SecretScan;
import io.pitlake.vendor.alpaca.AlpacaOptions;
import io.pitlake.vendor.fmp.FmpOptions;
import io.pitlake.vendor.polygon.PolygonOptions;
import io.pitlake.vendor.sec.SecOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.stream.IntStream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backfill against a vendor that throttles, fails, stalls, cuts bodies, drops connections and
 * serves HTML error pages or broken JSON on a third of its answers ends with exactly the tables of
 * a backfill against a calm vendor: nothing lost, nothing duplicated, the one bad bar quarantined
 * once, and the key nowhere in the tables. The same holds for Polygon's other datasets and for
 * Alpaca's, SEC's and FMP's, each simulator with its own chaos.
 */
class ChaosITCase {

  @RegisterExtension static final MiniClusterExtension FLINK = Runs.miniCluster();

  static final List<String> SYMBOLS = IntStream.rangeClosed(1, 8).mapToObj(i -> "C" + i).toList();
  static final LocalDate FROM = LocalDate.of(2023, 1, 1);
  static final LocalDate TO = LocalDate.of(2024, 12, 31);
  static final BadBar BAD = new BadBar("C3", LocalDate.of(2024, 3, 15), BadBarKind.HIGH_BELOW_LOW);

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
      LogCapture log;
      try (LogCapture capture = LogCapture.start(Runs.KEY)) {
        log = capture;
        backfill(actual, chaotic);
      }

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
      // This run's own log, every logger at every level: its retry warnings, and no key.
      assertThat(log.events()).as("events logged during the run").isGreaterThan(1000);
      assertThat(log.text()).contains("retry").contains("unreadable page");
      assertThat(log.hits()).as("log lines holding the API key").isEmpty();
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
              PitlakeTables.SILVER_VENDOR_BARS,
              PitlakeTables.SILVER_MINUTE_BARS));
      for (TableSpec table : tables) {
        assertThat(actual.rows(table, RAW_RUN_COLUMNS))
            .as(table.name())
            .isNotEmpty()
            .containsExactlyElementsOf(expected.rows(table, RAW_RUN_COLUMNS));
      }
      // NEWC trades only from its rename on 2024-09-03: its details before then are not asked for
      // (its ticker events say when it began), and a 404 would be "no data": nothing is quarantined
      // in either run, chaos or not.
      for (Lake lake : List.of(expected, actual)) {
        assertThat(lake.rows(PitlakeTables.SILVER_QUARANTINE)).isEmpty();
      }
      SecretScan.assertNoRowHolds(actual, tables, Runs.KEY);
    }
  }

  /**
   * Also the time SEC's ticker list became known: it has no date of its own, so it is known when
   * fetched.
   */
  static final Set<String> FETCHED_RUN_COLUMNS =
      Set.of("ingested_at", "request_url", "split_id", "available_at");

  static final String ALPACA_KEY_ID = "PKCHAOSTEST42";
  static final String ALPACA_SECRET = "alpaca-chaos-secret-0c8e21";
  static final String FMP_KEY = "fmp-chaos-key-93b7d4";

  @Test
  @DisplayName("Alpaca, SEC and FMP answering a fifth of requests with faults change no row")
  void chaosLosesAndDuplicatesNothingFromAlpacaSecOrFmp() throws Exception {
    List<VendorDataset> datasets =
        List.of(
            VendorDataset.ALPACA_BARS_DAY,
            VendorDataset.ALPACA_CORPORATE_ACTIONS,
            VendorDataset.ALPACA_NEWS,
            VendorDataset.FMP_INCOME_STATEMENT,
            VendorDataset.FMP_CASH_FLOW,
            VendorDataset.SEC_COMPANY_TICKERS,
            VendorDataset.SEC_SUBMISSIONS,
            VendorDataset.SEC_COMPANYFACTS);
    try (OtherVendors calm = OtherVendors.start(seed -> Chaos.none());
        OtherVendors chaotic = OtherVendors.start(seed -> Chaos.evenly(0.2, 20261125L + seed));
        Lake expected = new Lake(root.resolve("vendors-calm"));
        Lake actual = new Lake(root.resolve("vendors-chaos"))) {
      ingest(expected, calm, datasets);
      ingest(actual, chaotic, datasets);

      Map<Chaos.Fault, Integer> faults = chaotic.injectedFaults();
      for (Chaos.Fault fault : Chaos.Fault.values()) {
        assertThat(faults.get(fault)).as("requests that got %s", fault).isPositive();
      }
      for (var vendor : chaotic.faultsByVendor().entrySet()) {
        assertThat(vendor.getValue()).as("faulty answers of %s", vendor.getKey()).isPositive();
      }
      for (VendorDataset dataset : datasets) {
        TableSpec table = dataset.table();
        Set<String> runColumns =
            dataset == VendorDataset.SEC_COMPANY_TICKERS ? FETCHED_RUN_COLUMNS : RAW_RUN_COLUMNS;
        assertThat(actual.rows(table, runColumns))
            .as(table.name())
            .isNotEmpty()
            .containsExactlyElementsOf(expected.rows(table, runColumns));
      }
      // Every page was read in the end: no page quarantined as unreadable, in either run.
      assertThat(expected.rows(PitlakeTables.SILVER_QUARANTINE)).isEmpty();
      assertThat(actual.rows(PitlakeTables.SILVER_QUARANTINE)).isEmpty();
      SecretScan.assertNoRowHolds(
          actual, datasets.stream().map(VendorDataset::table).toList(), ALPACA_SECRET, FMP_KEY);
    }
  }

  /**
   * Ingests Alpaca's daily bars, corporate actions and news of 2024, FMP's annual statements and
   * SEC's filers, TSLA's and SNOW's filings and facts, in pages small enough for about 150
   * requests, so that every kind of fault is met.
   */
  private void ingest(Lake lake, OtherVendors vendors, List<VendorDataset> datasets)
      throws Exception {
    Configuration options = Runs.options();
    options.set(AlpacaOptions.BASE_URL, vendors.alpaca().baseUrl());
    options.set(AlpacaOptions.REQUESTS_PER_MINUTE, 60_000);
    options.set(AlpacaOptions.BARS_PAGE_SIZE, 10);
    options.set(AlpacaOptions.NEWS_PAGE_SIZE, 1);
    options.set(AlpacaOptions.CORPORATE_ACTIONS_PAGE_SIZE, 1);
    options.set(FmpOptions.BASE_URL, vendors.fmp().baseUrl());
    options.set(FmpOptions.REQUESTS_PER_SECOND, 100.0);
    options.set(SecOptions.BASE_URL, vendors.sec().baseUrl());
    options.set(SecOptions.FILES_BASE_URL, vendors.sec().baseUrl());
    options.set(SecOptions.USER_AGENT, "pitlake tests admin@pitlake.example");
    options.set(RestSourceOptions.MAX_RETRIES, 12);
    options.set(RestSourceOptions.UNREADABLE_PAGE_RETRIES, 6);
    options.set(RestSourceOptions.READ_TIMEOUT, Duration.ofMillis(150));
    Path alpacaKey =
        Files.writeString(
            Files.createTempFile(root, "alpaca", ".key"), ALPACA_KEY_ID + ":" + ALPACA_SECRET);
    Path fmpKey = Files.writeString(Files.createTempFile(root, "fmp", ".key"), FMP_KEY);
    RawIngestPlan plan =
        new RawIngestPlan(
            lake.config(),
            datasets,
            List.of("AAPL", "MSFT", "SPLT", "DIVC"),
            List.of(IngestITCase.TSLA, IngestITCase.SNOW),
            LocalDate.parse("2024-01-01"),
            LocalDate.parse("2024-12-31"),
            Map.of(
                "alpaca", Credentials.fromFile(alpacaKey),
                "fmp", Credentials.fromFile(fmpKey)),
            options);
    new Backfill(new Configuration(), line -> {}).ingest(plan);
  }

  /**
   * The Alpaca, SEC and FMP simulators of one run, each with the chaos {@code chaos} gives for its
   * number (so that the three draw different faults). SEC's first submissions document holds one
   * filing and each older file three, so TSLA's and SNOW's filings take 18 requests.
   */
  private record OtherVendors(AlpacaSimulator alpaca, SecSimulator sec, FmpSimulator fmp)
      implements AutoCloseable {

    static OtherVendors start(LongFunction<Chaos> chaos) {
      return new OtherVendors(
          AlpacaSimulator.builder()
              .keyPair(ALPACA_KEY_ID, ALPACA_SECRET)
              .chaos(chaos.apply(1))
              .build()
              .start(),
          SecSimulator.builder()
              .recentFilings(1)
              .filingsPerFile(3)
              .chaos(chaos.apply(2))
              .build()
              .start(),
          FmpSimulator.builder().apiKey(FMP_KEY).chaos(chaos.apply(3)).build().start());
    }

    /** Each fault's count over the three simulators. */
    Map<Chaos.Fault, Integer> injectedFaults() {
      Map<Chaos.Fault, Integer> total = new EnumMap<>(Chaos.Fault.class);
      for (Map<Chaos.Fault, Integer> faults :
          List.of(alpaca.injectedFaults(), sec.injectedFaults(), fmp.injectedFaults())) {
        faults.forEach((fault, count) -> total.merge(fault, count, Integer::sum));
      }
      return total;
    }

    /** How many answers of each simulator got any fault. */
    Map<String, Integer> faultsByVendor() {
      return Map.of(
          "alpaca", faulty(alpaca.injectedFaults()),
          "sec", faulty(sec.injectedFaults()),
          "fmp", faulty(fmp.injectedFaults()));
    }

    private static int faulty(Map<Chaos.Fault, Integer> faults) {
      return faults.entrySet().stream()
          .filter(e -> e.getKey() != Chaos.Fault.NONE)
          .mapToInt(Map.Entry::getValue)
          .sum();
    }

    @Override
    public void close() {
      alpaca.close();
      sec.close();
      fmp.close();
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
        lake.config(), options, RunMode.BATCH, Layer.REFERENCE, Layer.VENDOR_BARS, Layer.INTRADAY);
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
