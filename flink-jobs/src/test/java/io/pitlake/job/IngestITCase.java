package io.pitlake.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.job.ingest.RawIngestPlan;
import io.pitlake.job.ingest.VendorDataset;
import io.pitlake.simulator.AlpacaSimulator;
import io.pitlake.simulator.PolygonSimulator;
import io.pitlake.simulator.fmp.FmpSimulator;
import io.pitlake.simulator.sec.SecSimulator;
import io.pitlake.source.rest.Credentials;
import io.pitlake.table.Layer;
import io.pitlake.table.PitlakeTables;
import io.pitlake.testing.Lake;
import io.pitlake.testing.LogCapture;
import io.pitlake.testing.Runs;
import io.pitlake.testing.SecretScan;
import io.pitlake.vendor.Symbols;
import io.pitlake.vendor.alpaca.AlpacaOptions;
import io.pitlake.vendor.fmp.FmpOptions;
import io.pitlake.vendor.polygon.PolygonOptions;
import io.pitlake.vendor.sec.SecOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pitlake ingest}'s job: SEC EDGAR, FMP and Polygon datasets from their simulators over
 * loopback into versioned bronze tables (raw, or typed for Polygon's daily bars), with each
 * vendor's availability rule, the FMP key in no row, and a second run adding nothing.
 */
class IngestITCase {

  @RegisterExtension static final MiniClusterExtension FLINK = Runs.miniCluster();

  static final String TSLA = "1318605";
  static final String SNOW = "1640147";
  static final String FMP_KEY = "fmp-test-key-7d1c55e0a2";

  @TempDir Path root;

  @Test
  @DisplayName("SEC and FMP datasets land in raw bronze, stamped by their rules, once")
  void secAndFmpDatasetsLandInRawBronzeOnce() throws Exception {
    try (SecSimulator sec = SecSimulator.builder().build().start();
        FmpSimulator fmp = FmpSimulator.builder().apiKey(FMP_KEY).build().start();
        Lake lake = new Lake(root.resolve("lake"))) {
      Configuration options = Runs.options();
      options.set(SecOptions.BASE_URL, sec.baseUrl());
      options.set(SecOptions.FILES_BASE_URL, sec.baseUrl());
      options.set(SecOptions.USER_AGENT, "pitlake tests admin@pitlake.example");
      options.set(FmpOptions.BASE_URL, fmp.baseUrl());
      Path keyFile = Files.writeString(root.resolve("fmp.key"), FMP_KEY);
      RawIngestPlan plan =
          new RawIngestPlan(
              lake.config(),
              List.of(
                  VendorDataset.SEC_COMPANY_TICKERS,
                  VendorDataset.SEC_SUBMISSIONS,
                  VendorDataset.SEC_COMPANYFACTS,
                  VendorDataset.FMP_INCOME_STATEMENT),
              List.of("AAPL"),
              List.of(TSLA, SNOW),
              LocalDate.parse("2000-01-01"),
              LocalDate.parse("2026-01-01"),
              Map.of("fmp", Credentials.fromFile(keyFile)),
              options);

      LogCapture log = LogCapture.start(FMP_KEY);
      Backfill.Result first = new Backfill(new Configuration(), line -> {}).ingest(plan);

      assertThat(first.rows("bronze.sec_company_tickers")).isEqualTo(5);
      assertThat(first.rows("bronze.sec_submissions")).as("TSLA 41 + SNOW 7 filings").isEqualTo(48);
      assertThat(first.rows("silver.quarantine")).isZero();

      // TSLA's 10-K accepted Friday 2022-02-04 20:11:27 New York, known a minute later.
      Map<String, Object> tenK =
          lake.rows(VendorDataset.SEC_SUBMISSIONS.table()).stream()
              .filter(r -> r.get("observation_key").equals("0000950170-22-000796"))
              .findFirst()
              .orElseThrow();
      assertThat(tenK.get("available_at")).isEqualTo(Instant.parse("2022-02-05T01:12:27Z"));
      assertThat(tenK.get("version")).isEqualTo(1);

      // SNOW's restated cash equivalents: two filings, two observations, each known by its
      // filing date's rule, never earlier than the filing.
      List<Map<String, Object>> cash =
          lake.rows(VendorDataset.SEC_COMPANYFACTS.table()).stream()
              .filter(
                  r ->
                      ((String) r.get("observation_key"))
                          .startsWith(
                              SNOW
                                  + "|us-gaap|CashEquivalentsAtCarryingValue|USD|null|2023-01-31|"))
              .toList();
      assertThat(cash)
          .extracting(r -> (String) r.get("payload"))
          .anyMatch(p -> p.contains("398346000"));
      assertThat(cash)
          .extracting(r -> (String) r.get("payload"))
          .anyMatch(p -> p.contains("539390000"));
      assertThat(first.rows("bronze.sec_companyfacts")).isGreaterThan(cash.size());

      List<Map<String, Object>> statements = lake.rows(VendorDataset.FMP_INCOME_STATEMENT.table());
      assertThat(statements).isNotEmpty();
      assertThat(statements)
          .allSatisfy(
              row -> {
                assertThat((String) row.get("request_url")).contains("apikey=REDACTED");
                assertThat(row.values()).noneMatch(v -> String.valueOf(v).contains(FMP_KEY));
              });

      Map<String, List<Map<String, Object>>> before = contents(lake, plan);
      Backfill.Result second = new Backfill(new Configuration(), line -> {}).ingest(plan);
      log.close();
      assertNoSecretInMetadataOrLog(root.resolve("lake"), log, FMP_KEY);

      assertThat(contents(lake, plan)).as("every table after a second ingest").isEqualTo(before);
      assertThat(second.rows(PitlakeTables.SILVER_QUARANTINE.namespace() + ".quarantine")).isZero();

      new Backfill(new Configuration(), line -> {})
          .buildSql(lake.config(), options, RunMode.BATCH, Layer.REFERENCE);
      assertFilingsAreTyped(lake);
    }
  }

  /**
   * silver.sec_filings: every filing of bronze once, EDGAR's wall clock kept beside the instant.
   */
  private static void assertFilingsAreTyped(Lake lake) {
    List<Map<String, Object>> filings = lake.rows(PitlakeTables.SILVER_SEC_FILINGS);
    assertThat(filings).hasSize(lake.rows(VendorDataset.SEC_SUBMISSIONS.table()).size());
    Map<String, Object> tenK =
        filings.stream()
            .filter(r -> r.get("accession_number").equals("0000950170-22-000796"))
            .findFirst()
            .orElseThrow();
    assertThat(tenK.get("cik")).isEqualTo(Long.parseLong(TSLA));
    assertThat(tenK.get("form")).isEqualTo("10-K");
    assertThat(tenK.get("is_amendment")).isEqualTo(false);
    assertThat(tenK.get("accepted_new_york"))
        .isEqualTo(java.time.LocalDateTime.parse("2022-02-04T20:11:27"));
    assertThat(tenK.get("available_at")).isEqualTo(Instant.parse("2022-02-05T01:12:27Z"));
    assertThat(tenK.get("filing_date")).isEqualTo(LocalDate.parse("2022-02-07"));
    assertThat(filings)
        .filteredOn(r -> "10-K/A".equals(r.get("form")))
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.get("is_amendment")).isEqualTo(true));
    assertThat(filings)
        .as("insert-only: one row per filing version, nothing revised")
        .allSatisfy(
            r -> {
              assertThat(r).doesNotContainKey("superseded_at");
              assertThat(r.get("version")).isEqualTo(1);
            });
  }

  @Test
  @DisplayName(
      "Polygon reference data and Alpaca actions and news land in raw bronze, keys in no row")
  void polygonAndAlpacaDatasetsLandInRawBronze() throws Exception {
    String alpacaSecret = "alpaca-secret-3b9e1f04c2d8";
    try (PolygonSimulator polygon = PolygonSimulator.builder().apiKey(Runs.KEY).build().start();
        AlpacaSimulator alpaca =
            AlpacaSimulator.builder().keyPair("PKTESTKEY123", alpacaSecret).build().start();
        Lake lake = new Lake(root.resolve("reference"))) {
      Configuration options = Runs.options();
      options.set(PolygonOptions.BASE_URL, polygon.baseUrl());
      options.set(AlpacaOptions.BASE_URL, alpaca.baseUrl());
      Path polygonKey = Files.writeString(root.resolve("polygon.key"), Runs.KEY);
      Path alpacaKey =
          Files.writeString(root.resolve("alpaca.key"), "PKTESTKEY123:" + alpacaSecret);
      RawIngestPlan plan =
          new RawIngestPlan(
              lake.config(),
              List.of(
                  VendorDataset.POLYGON_SPLITS,
                  VendorDataset.POLYGON_DIVIDENDS,
                  VendorDataset.POLYGON_NEWS,
                  VendorDataset.ALPACA_CORPORATE_ACTIONS,
                  VendorDataset.ALPACA_NEWS),
              List.of("SPLT", "RSPL", "DIVC"),
              List.of(),
              LocalDate.parse("2024-01-01"),
              LocalDate.parse("2024-12-31"),
              Map.of(
                  "polygon", Credentials.fromFile(polygonKey),
                  "alpaca", Credentials.fromFile(alpacaKey)),
              options);

      LogCapture log = LogCapture.start(Runs.KEY, alpacaSecret);
      Backfill.Result first = new Backfill(new Configuration(), line -> {}).ingest(plan);

      // SPLT 4-for-1 from 2024-06-10 and RSPL 1-for-10 from 2024-08-20: Polygon gives no
      // announcement date, so each is known from 00:00 New York of its first day.
      assertThat(lake.rows(VendorDataset.POLYGON_SPLITS.table()))
          .extracting(r -> r.get("available_at"))
          .containsExactlyInAnyOrder(
              Instant.parse("2024-06-10T04:00:00Z"), Instant.parse("2024-08-20T04:00:00Z"));
      assertThat(first.rows("bronze.polygon_dividends"))
          .as("DIVC: two regular, one special")
          .isEqualTo(3);
      // One article per announcement of the simulators' catalogue about the plan's symbols.
      Instant newsFrom = Instant.parse("2024-01-01T00:00:00Z");
      Instant newsTo = Instant.parse("2024-12-31T23:59:59Z");
      long polygonNews = polygon.newsArticles(plan.symbols(), newsFrom, newsTo);
      assertThat(polygonNews).as("SPLT's and RSPL's splits, DIVC's three dividends").isEqualTo(5);
      assertThat(first.rows("bronze.polygon_news")).isEqualTo(polygonNews);
      assertThat(first.rows("bronze.alpaca_corporate_actions")).isGreaterThanOrEqualTo(5);
      assertThat(first.rows("bronze.alpaca_news"))
          .isEqualTo(alpaca.newsArticles(plan.symbols(), newsFrom, newsTo));
      assertThat(first.rows("silver.quarantine")).isZero();
      SecretScan.assertNoRowHolds(
          lake,
          plan.datasets().stream().map(VendorDataset::table).toList(),
          Runs.KEY,
          alpacaSecret);

      Map<String, List<Map<String, Object>>> before = contents(lake, plan);
      new Backfill(new Configuration(), line -> {}).ingest(plan);
      log.close();
      assertNoSecretInMetadataOrLog(root.resolve("reference"), log, Runs.KEY, alpacaSecret);
      assertThat(contents(lake, plan)).as("every table after a second ingest").isEqualTo(before);

      new Backfill(new Configuration(), line -> {})
          .buildSql(lake.config(), options, RunMode.BATCH, Layer.REFERENCE);
      assertNewsIsTyped(lake);
    }
  }

  @Test
  @DisplayName(
      "pitlake ingest --datasets polygon.aggs_day: typed daily bars, known by Polygon's rule, once")
  void polygonDailyBarsLandInTypedBronzeOnce() throws Exception {
    try (PolygonSimulator polygon = PolygonSimulator.builder().apiKey(Runs.KEY).build().start();
        Lake lake = new Lake(root.resolve("bars"))) {
      // Nine sessions: Juneteenth before, July 4th closed, July 3rd an early close.
      RawIngestPlan plan =
          polygonPlan(
              lake,
              polygon,
              VendorDataset.of("polygon.aggs_day"),
              List.of("AAPL", "MSFT"),
              "2024-06-24",
              "2024-07-05");

      Backfill.Result first = new Backfill(new Configuration(), line -> {}).ingest(plan);

      assertThat(plan.datasets()).containsExactly(VendorDataset.POLYGON_AGGS_DAY);
      assertThat(first.rows("bronze.polygon_aggs")).as("2 symbols x 9 sessions").isEqualTo(18);
      assertThat(first.rows("silver.quarantine")).isZero();
      List<Map<String, Object>> bars = lake.rows(PitlakeTables.BRONZE_POLYGON_AGGS);
      assertThat(bars).extracting(r -> r.get("symbol")).containsOnly("AAPL", "MSFT");
      assertThat(bars)
          .allSatisfy(
              r -> {
                assertThat(r.get("dataset")).isEqualTo("aggs_day");
                assertThat(r.get("version")).isEqualTo(1);
                assertThat(r.get("c")).isNotNull();
              });
      // Known 15 minutes after the bar's window ends: 20:00 New York, 17:00 on an early close.
      Map<LocalDate, Object> aaplKnown =
          bars.stream()
              .filter(r -> r.get("symbol").equals("AAPL"))
              .collect(
                  Collectors.toMap(
                      r -> (LocalDate) r.get("session_date"), r -> r.get("available_at")));
      assertThat(aaplKnown).hasSize(9).doesNotContainKey(LocalDate.parse("2024-07-04"));
      assertThat(aaplKnown.get(LocalDate.parse("2024-06-24")))
          .isEqualTo(Instant.parse("2024-06-25T00:15:00Z"));
      assertThat(aaplKnown.get(LocalDate.parse("2024-07-03")))
          .isEqualTo(Instant.parse("2024-07-03T21:15:00Z"));

      Map<String, List<Map<String, Object>>> before = contents(lake, plan);
      Backfill.Result second = new Backfill(new Configuration(), line -> {}).ingest(plan);
      assertThat(second.rows("bronze.polygon_aggs")).as("rows after a second ingest").isEqualTo(18);
      assertThat(contents(lake, plan)).as("every table after a second ingest").isEqualTo(before);
    }
  }

  @Test
  @DisplayName("a query by a renamed company's old ticker finds its whole ticker history")
  void tickerHistoryFollowsARename() throws Exception {
    try (PolygonSimulator polygon = PolygonSimulator.builder().apiKey(Runs.KEY).build().start();
        Lake lake = new Lake(root.resolve("tickers"))) {
      RawIngestPlan plan =
          polygonPlan(
              lake,
              polygon,
              VendorDataset.POLYGON_TICKER_EVENTS,
              List.of("OLDC", "NEWC", "SPLT"),
              "2024-01-01",
              "2024-12-31");
      Backfill backfill = new Backfill(new Configuration(), line -> {});
      backfill.ingest(plan);
      backfill.buildSql(lake.config(), plan.options(), RunMode.BATCH, Layer.REFERENCE);

      List<Map<String, Object>> history = lake.rows(PitlakeTables.SILVER_TICKER_HISTORY);
      Object renamed =
          history.stream()
              .filter(r -> r.get("ticker").equals("OLDC"))
              .map(r -> r.get("security_id"))
              .findFirst()
              .orElseThrow();
      List<Map<String, Object>> company =
          history.stream()
              .filter(r -> r.get("security_id").equals(renamed))
              .sorted(java.util.Comparator.comparing(r -> (LocalDate) r.get("valid_from")))
              .toList();
      assertThat(company).extracting(r -> r.get("ticker")).containsExactly("OLDC", "NEWC");
      LocalDate effective = LocalDate.parse("2024-09-03");
      assertThat(company.get(1).get("valid_from"))
          .as("OLDC's row ends where the next change begins")
          .isEqualTo(effective);
      assertThat(company.get(1).get("available_at"))
          .as("Polygon dates the change: known from 00:00 New York of that day")
          .isEqualTo(Instant.parse("2024-09-03T04:00:00Z"));
      assertThat((String) renamed).startsWith("figi:");
      assertThat(history)
          .filteredOn(r -> r.get("ticker").equals("SPLT"))
          .singleElement()
          .satisfies(r -> assertThat(r.get("security_id")).isNotEqualTo(renamed));
      assertThat(history)
          .as("insert-only: no end columns, derived at read instead")
          .allSatisfy(r -> assertThat(r).doesNotContainKeys("superseded_at", "valid_to"));
    }
  }

  /**
   * A plan of one Polygon dataset from {@code polygon} over loopback, its key in a file named after
   * the dataset.
   */
  private RawIngestPlan polygonPlan(
      Lake lake,
      PolygonSimulator polygon,
      VendorDataset dataset,
      List<String> symbols,
      String from,
      String to)
      throws Exception {
    Configuration options = Runs.options();
    options.set(PolygonOptions.BASE_URL, polygon.baseUrl());
    Path key = Files.writeString(root.resolve(dataset.id() + ".key"), Runs.KEY);
    return new RawIngestPlan(
        lake.config(),
        List.of(dataset),
        symbols,
        List.of(),
        LocalDate.parse(from),
        LocalDate.parse(to),
        Map.of("polygon", Credentials.fromFile(key)),
        options);
  }

  /**
   * Every row of the plan's bronze tables and the quarantine, by table: what a re-run must leave
   * exactly as it was (row counts could stay equal while content changed).
   */
  private static Map<String, List<Map<String, Object>>> contents(Lake lake, RawIngestPlan plan) {
    Map<String, List<Map<String, Object>>> contents = new java.util.TreeMap<>();
    for (VendorDataset dataset : plan.datasets()) {
      contents.put(dataset.id(), lake.rows(dataset.table()));
    }
    contents.put("quarantine", lake.rows(PitlakeTables.SILVER_QUARANTINE));
    assertThat(contents.get(plan.datasets().get(0).id())).as("first dataset's rows").isNotEmpty();
    return contents;
  }

  /** silver.news has every bronze article version of both vendors, typed, at bronze's instant. */
  private static void assertNewsIsTyped(Lake lake) {
    Map<String, Object> bronzeAvailableAt = new java.util.HashMap<>();
    for (VendorDataset dataset : List.of(VendorDataset.POLYGON_NEWS, VendorDataset.ALPACA_NEWS)) {
      for (Map<String, Object> row : lake.rows(dataset.table())) {
        bronzeAvailableAt.put(
            row.get("vendor") + "|" + row.get("observation_key") + "|" + row.get("version"),
            row.get("available_at"));
      }
    }
    List<Map<String, Object>> news = lake.rows(PitlakeTables.SILVER_NEWS);
    assertThat(news).hasSize(bronzeAvailableAt.size());
    assertThat(news).extracting(r -> r.get("vendor")).contains("polygon", "alpaca");
    for (Map<String, Object> row : news) {
      String key = row.get("vendor") + "|" + row.get("article_id") + "|" + row.get("version");
      assertThat(row.get("available_at")).as(key).isEqualTo(bronzeAvailableAt.get(key));
      assertThat(row.get("headline")).as(key).isNotNull();
      assertThat(row).as(key).doesNotContainKey("superseded_at");
      List<?> vendorSymbols = (List<?>) row.get("vendor_symbols");
      assertThat(vendorSymbols).as(key).isNotEmpty();
      assertThat((List<?>) row.get("symbols"))
          .as(key)
          .isEqualTo(
              vendorSymbols.stream().map(t -> Symbols.toPitlake((String) t)).distinct().toList());
    }
  }

  /**
   * Besides the rows (checked above): every Iceberg metadata file of the lake (table metadata and
   * snapshot summaries, plain JSON) holds no secret, and neither does any line the two ingests
   * logged, any logger at any level ({@code log}, closed).
   */
  private static void assertNoSecretInMetadataOrLog(Path lake, LogCapture log, String... secrets)
      throws Exception {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(lake)) {
      files = walk.filter(f -> f.toString().endsWith(".json")).toList();
    }
    assertThat(files).as("metadata files of %s", lake).isNotEmpty();
    for (Path file : files) {
      String text = Files.readString(file);
      for (String secret : secrets) {
        assertThat(text).as("%s holds a secret", file).doesNotContain(secret);
      }
    }
    assertThat(log.events()).as("events logged by the ingests").isGreaterThan(1000);
    assertThat(log.hits()).as("log lines holding a secret").isEmpty();
  }
}
