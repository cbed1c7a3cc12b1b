package io.pitlake.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.pitlake.job.ingest.RawIngestPlan;
import io.pitlake.job.ingest.VendorDataset;
import io.pitlake.simulator.fmp.FmpSimulator;
import io.pitlake.simulator.sec.SecSimulator;
import io.pitlake.source.rest.Credentials;
import io.pitlake.table.Layer;
import io.pitlake.table.PitlakeTables;
import io.pitlake.table.TableSpec;
import io.pitlake.testing.KnownBy;
import io.pitlake.testing.Lake;
import io.pitlake.testing.Runs;
import io.pitlake.vendor.fmp.FmpOptions;
import io.pitlake.vendor.sec.SecOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
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
 * Point-in-time fundamentals end to end: SEC and FMP simulators, {@code pitlake ingest} into raw
 * bronze, then the fundamentals layer, read back with plain Iceberg. The SNOW restatement of
 * sec-edgar.md, filings accepted after the close and after EDGAR's cut-off, batch/streaming parity,
 * the prefix property, re-ingest idempotence and quarantine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FundamentalsITCase {

  @RegisterExtension static final MiniClusterExtension FLINK = Runs.miniCluster();

  static final long SNOW = 1640147;
  static final long MSFT = 789019;
  static final String FMP_KEY = "fmp-test-key-2b8e61d0f4";

  static final List<VendorDataset> DATASETS =
      List.of(
          VendorDataset.SEC_SUBMISSIONS,
          VendorDataset.SEC_COMPANYFACTS,
          VendorDataset.FMP_INCOME_STATEMENT,
          VendorDataset.FMP_BALANCE_SHEET,
          VendorDataset.FMP_CASH_FLOW);

  @TempDir static Path root;

  SecSimulator sec;
  FmpSimulator fmp;
  Lake full;
  RawIngestPlan plan;

  @BeforeAll
  void ingestAndBuild() throws Exception {
    sec = SecSimulator.builder().build().start();
    fmp = FmpSimulator.builder().apiKey(FMP_KEY).build().start();
    full = new Lake(root.resolve("full"));
    Configuration options = Runs.options();
    options.set(SecOptions.BASE_URL, sec.baseUrl());
    options.set(SecOptions.FILES_BASE_URL, sec.baseUrl());
    options.set(SecOptions.USER_AGENT, "pitlake tests admin@pitlake.example");
    options.set(FmpOptions.BASE_URL, fmp.baseUrl());
    options.set(FmpOptions.STATEMENT_PERIOD, "quarter");
    Path keyFile = Files.writeString(root.resolve("fmp.key"), FMP_KEY);
    plan =
        new RawIngestPlan(
            full.config(),
            DATASETS,
            List.of("AAPL", "MSFT"),
            List.of("1640147", "1318605"),
            LocalDate.parse("2000-01-01"),
            LocalDate.parse("2026-01-01"),
            Map.of("fmp", Credentials.fromFile(keyFile)),
            options);
    new Backfill(new Configuration(), line -> {}).ingest(plan);
    build(full, RunMode.BATCH);
  }

  @AfterAll
  void stop() throws Exception {
    sec.close();
    fmp.close();
    full.close();
  }

  @Test
  @DisplayName("SNOW's cash equivalents read 398,346,000 as of 2023-04-01 and 539,390,000 after")
  void snowRestatementEndToEnd() {
    List<Map<String, Object>> gold = full.rows(PitlakeTables.GOLD_FUNDAMENTALS_PIT);
    // The 10-Q with the restated value: accepted Thursday 2023-06-01 18:02:11 New York, after
    // EDGAR's 17:30 cut-off, so dated 2023-06-02; known a minute after acceptance.
    Instant restatementKnown = Instant.parse("2023-06-01T22:03:11Z");

    assertThat(asOf(gold, "sec", SNOW, Instant.parse("2023-04-01T00:00:00Z")))
        .containsEntry("cash_equivalents", 398_346_000d)
        .containsEntry("balance_sheet_date", LocalDate.parse("2023-01-31"));
    assertThat(asOf(gold, "sec", SNOW, restatementKnown.minusMillis(1)))
        .containsEntry("cash_equivalents", 398_346_000d);
    assertThat(asOf(gold, "sec", SNOW, restatementKnown))
        .containsEntry("cash_equivalents", 539_390_000d)
        .containsEntry("accession_number", "0001640147-23-000102")
        .containsEntry("form", "10-Q");
    assertThat(asOf(gold, "sec", SNOW, Instant.parse("2025-01-01T00:00:00Z")))
        .containsEntry("cash_equivalents", 539_390_000d)
        .containsEntry("revenue_ttm", 264_748_000d)
        .containsEntry("revenue_q", 264_748_000d - 177_056_000d);

    // Silver keeps all three reports of the period, each dated by its filing's acceptance.
    List<Map<String, Object>> cash =
        full.rows(PitlakeTables.SILVER_FUNDAMENTAL_FACTS).stream()
            .filter(r -> r.get("concept").equals("CashEquivalentsAtCarryingValue"))
            .toList();
    assertThat(cash)
        .extracting(r -> r.get("value"), r -> r.get("available_at"), r -> r.get("filed"))
        .containsExactlyInAnyOrder(
            tuple(
                398_346_000d, Instant.parse("2023-03-29T20:32:07Z"), LocalDate.parse("2023-03-29")),
            tuple(539_390_000d, restatementKnown, LocalDate.parse("2023-06-02")),
            tuple(
                539_390_000d,
                Instant.parse("2024-03-26T20:06:12Z"),
                LocalDate.parse("2024-03-26")));
    assertThat(cash).allSatisfy(r -> assertThat(r.get("available_basis")).isEqualTo("acceptance"));
  }

  @Test
  @DisplayName("a filing accepted on a Friday after the close is invisible until its acceptance")
  void fridayAfterTheCloseIsNotKnownBeforeAcceptance() {
    List<Map<String, Object>> gold = full.rows(PitlakeTables.GOLD_FUNDAMENTALS_PIT);
    // SNOW's 10-Q accepted Friday 2021-06-04 16:09:40 New York (EDT), after the 16:00 close.
    Instant known = Instant.parse("2021-06-04T20:10:40Z");

    assertThat(asOf(gold, "sec", SNOW, known.minusMillis(1)))
        .containsEntry("shares_outstanding", 288_700_000d);
    assertThat(asOf(gold, "sec", SNOW, Instant.parse("2021-06-04T19:59:00Z")))
        .as("during Friday's session")
        .containsEntry("shares_outstanding", 288_700_000d);
    assertThat(asOf(gold, "sec", SNOW, known)).containsEntry("shares_outstanding", 296_100_000d);
  }

  @Test
  @DisplayName("FMP statements become facts of the mapped concepts, with quarters and TTM")
  void fmpStatementsInTheSameShape() {
    Map<String, Object> msft =
        asOf(
            full.rows(PitlakeTables.GOLD_FUNDAMENTALS_PIT),
            "fmp",
            MSFT,
            Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(msft)
        .containsEntry("fiscal_quarter_end", LocalDate.parse("2024-06-30"))
        .containsEntry("revenue_q", 60_000_000_000d)
        .containsEntry("revenue_ttm", 240_000_000_000d)
        .containsEntry("revenue_ttm_year_ago", 230_000_000_000d)
        .containsEntry("total_assets", 72_000_000_000d);
    assertThat(full.rows(PitlakeTables.SILVER_FUNDAMENTAL_FACTS))
        .filteredOn(r -> r.get("vendor").equals("fmp"))
        .isNotEmpty()
        .allSatisfy(
            r -> {
              assertThat(r.get("taxonomy")).isEqualTo("us-gaap");
              assertThat(r.get("value")).isNotEqualTo(0d);
            });
  }

  @Test
  @DisplayName("data-quality findings on consistent filings: missing items only, no false alarm")
  void dataQualityFindings() {
    List<Map<String, Object>> dq = full.rows(PitlakeTables.GOLD_FUNDAMENTALS_DQ);

    // TSLA's 10-K/A filed 2022-05-02 for 2021-12-31 is an amendment, SNOW's 10-Q filed 2023-06-02
    // reports 2023-04-30 (its trimmed facts only a comparative of 2023-01-31): none is late.
    // FundamentalsDqITCase makes every check fire.
    assertThat(dq)
        .filteredOn(r -> !r.get("check_name").equals("missing_line_items"))
        .as("the simulators' filings are on time, their balance sheets add up, no CIK in both")
        .isEmpty();
    assertThat(dq)
        .filteredOn(
            r -> r.get("check_name").equals("missing_line_items") && r.get("cik").equals(SNOW))
        .isNotEmpty()
        .allSatisfy(r -> assertThat((String) r.get("detail")).contains("net_income_ttm"));
    assertThat(dq)
        .filteredOn(r -> r.get("vendor").equals("fmp"))
        .as("FMP's statements carry no share count, so none is required of them")
        .noneMatch(r -> ((String) r.get("detail")).contains("shares_outstanding"));
  }

  @Test
  @DisplayName("streaming SQL over the same bronze gives the batch build's facts and fundamentals")
  void streamingEqualsBatch() throws Exception {
    try (Lake streaming = new Lake(root.resolve("streaming"))) {
      copyBronze(full, streaming, r -> true);
      build(streaming, RunMode.STREAMING);

      assertThat(streaming.rows(PitlakeTables.SILVER_FUNDAMENTAL_FACTS))
          .hasSizeGreaterThan(100)
          .isEqualTo(full.rows(PitlakeTables.SILVER_FUNDAMENTAL_FACTS));
      assertThat(streaming.rows(PitlakeTables.GOLD_FUNDAMENTALS_PIT))
          .hasSizeGreaterThan(20)
          .isEqualTo(full.rows(PitlakeTables.GOLD_FUNDAMENTALS_PIT));
      assertThat(streaming.rows(PitlakeTables.GOLD_FUNDAMENTALS_DQ))
          .isNotEmpty()
          .isEqualTo(full.rows(PitlakeTables.GOLD_FUNDAMENTALS_DQ));
    }
  }

  @Test
  @DisplayName("a build on the inputs known by T gives exactly the full build's rows known by T")
  void prefixBuildEqualsFullBuildUpToT() throws Exception {
    List<Instant> cuts =
        List.of(
            Instant.parse("2021-06-04T20:10:39.999Z"),
            Instant.parse("2023-04-01T00:00:00Z"),
            Instant.parse("2023-06-01T22:03:11Z"),
            Instant.parse("2023-05-02T12:00:00Z"));
    int i = 0;
    for (Instant cut : cuts) {
      try (Lake prefix = new Lake(root.resolve("prefix-" + i++))) {
        copyBronze(full, prefix, KnownBy.bronze(full, cut));
        build(prefix, RunMode.BATCH);

        for (TableSpec table :
            List.of(
                PitlakeTables.SILVER_FUNDAMENTAL_FACTS,
                PitlakeTables.GOLD_FUNDAMENTALS_PIT,
                PitlakeTables.GOLD_FUNDAMENTALS_DQ)) {
          assertThat(prefix.rows(table))
              .as("%s known by %s", table.name(), cut)
              .isNotEmpty()
              .isEqualTo(KnownBy.written(full.rows(table), cut));
        }
      }
    }
  }

  @Test
  @DisplayName("ingesting and building again changes no row")
  void reIngestIsIdempotent() throws Exception {
    try (Lake again = new Lake(root.resolve("again"))) {
      RawIngestPlan twice =
          new RawIngestPlan(
              again.config(),
              plan.datasets(),
              plan.symbols(),
              plan.ciks(),
              plan.from(),
              plan.to(),
              plan.credentials(),
              plan.options());
      new Backfill(new Configuration(), line -> {}).ingest(twice);
      build(again, RunMode.BATCH);
      List<Map<String, Object>> facts = again.rows(PitlakeTables.SILVER_FUNDAMENTAL_FACTS);
      List<Map<String, Object>> gold = again.rows(PitlakeTables.GOLD_FUNDAMENTALS_PIT);

      new Backfill(new Configuration(), line -> {}).ingest(twice);
      build(again, RunMode.BATCH);

      assertThat(again.rows(PitlakeTables.SILVER_FUNDAMENTAL_FACTS)).isEqualTo(facts);
      assertThat(again.rows(PitlakeTables.GOLD_FUNDAMENTALS_PIT)).isEqualTo(gold);
      Set<String> fetch = Set.of("ingested_at", "request_url", "split_id");
      assertThat(again.rows(VendorDataset.SEC_COMPANYFACTS.table(), fetch))
          .isNotEmpty()
          .isEqualTo(full.rows(VendorDataset.SEC_COMPANYFACTS.table(), fetch));
    }
  }

  @Test
  @DisplayName("a malformed fact goes to quarantine with its reason and payload, never to silver")
  void malformedFactsAreQuarantined() throws Exception {
    try (Lake bad = new Lake(root.resolve("malformed"))) {
      copyBronze(full, bad, r -> true);
      Record template = full.records(VendorDataset.SEC_COMPANYFACTS.table()).get(0);
      String backwards =
          "{\"cik\":1640147,\"taxonomy\":\"us-gaap\",\"concept\":\"Revenues\",\"unit\":\"USD\","
              + "\"start\":\"2023-05-01\",\"end\":\"2023-01-31\",\"val\":5,"
              + "\"accn\":\"0001640147-23-000102\",\"form\":\"10-Q\",\"filed\":\"2023-06-02\"}";
      String noValue =
          "{\"cik\":1640147,\"taxonomy\":\"us-gaap\",\"concept\":\"Assets\",\"unit\":\"USD\","
              + "\"end\":\"2023-01-31\",\"val\":\"n/a\","
              + "\"accn\":\"0001640147-23-000102\",\"form\":\"10-Q\",\"filed\":\"2023-06-02\"}";
      bad.append(
          VendorDataset.SEC_COMPANYFACTS.table(),
          List.of(
              bronzeFact(template, "bad|1", backwards), bronzeFact(template, "bad|2", noValue)));
      build(bad, RunMode.BATCH);

      assertThat(bad.rows(PitlakeTables.SILVER_QUARANTINE))
          .filteredOn(r -> r.get("source").equals("sec.companyfacts"))
          .extracting(r -> r.get("reason"), r -> r.get("payload"))
          .containsExactlyInAnyOrder(
              tuple("period start after period end", backwards),
              tuple("missing or non-numeric field val", noValue));
      assertThat(bad.rows(PitlakeTables.SILVER_FUNDAMENTAL_FACTS))
          .isEqualTo(full.rows(PitlakeTables.SILVER_FUNDAMENTAL_FACTS));
    }
  }

  private static Record bronzeFact(Record template, String key, String payload) {
    Record record = template.copy();
    record.setField("observation_key", key);
    record.setField("version", 1);
    record.setField("payload", payload);
    record.setField("payload_hash", Integer.toHexString(payload.hashCode()));
    return record;
  }

  /** The fundamentals layer from whatever bronze holds. */
  static void build(Lake lake, RunMode mode) {
    new Backfill(new Configuration(), line -> {})
        .buildSql(lake.config(), Runs.options(), mode, Layer.FUNDAMENTALS);
  }

  static void copyBronze(Lake from, Lake to, Predicate<Record> keep) {
    for (VendorDataset dataset : DATASETS) {
      List<Record> kept = new ArrayList<>();
      for (Record record : from.records(dataset.table())) {
        if (keep.test(record)) {
          kept.add(record);
        }
      }
      to.append(dataset.table(), kept);
    }
  }

  /**
   * The gold row a decision at {@code t} reads for one security: the documented as-of rule, the row
   * with the newest {@code available_at <= t}; two rows at that instant fail the test.
   */
  static Map<String, Object> asOf(
      List<Map<String, Object>> gold, String vendor, long cik, Instant t) {
    List<Map<String, Object>> known =
        gold.stream()
            .filter(r -> r.get("vendor").equals(vendor) && r.get("cik").equals(cik))
            .filter(r -> !((Instant) r.get("available_at")).isAfter(t))
            .toList();
    Instant newest =
        known.stream()
            .map(r -> (Instant) r.get("available_at"))
            .max(Instant::compareTo)
            .orElseThrow(() -> new AssertionError("no " + vendor + " row of " + cik + " at " + t));
    return known.stream()
        .filter(r -> r.get("available_at").equals(newest))
        .reduce(
            (a, b) -> {
              throw new AssertionError("two rows valid at " + t + ": " + a + " and " + b);
            })
        .orElseThrow();
  }
}
