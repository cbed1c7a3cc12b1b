package io.pitlake.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.job.ingest.RawIngestPlan;
import io.pitlake.job.ingest.VendorDataset;
import io.pitlake.simulator.fmp.FmpSimulator;
import io.pitlake.simulator.sec.SecSimulator;
import io.pitlake.source.rest.Credentials;
import io.pitlake.table.PitlakeTables;
import io.pitlake.testing.Lake;
import io.pitlake.testing.Runs;
import io.pitlake.vendor.fmp.FmpOptions;
import io.pitlake.vendor.sec.SecOptions;
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
 * {@code pitlake ingest}'s job: SEC EDGAR and FMP datasets from their simulators over loopback into
 * raw, versioned bronze tables, with each vendor's availability rule, the FMP key in no row, and a
 * second run adding nothing.
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

      Backfill.Result second = new Backfill(new Configuration(), line -> {}).ingest(plan);

      for (VendorDataset dataset : plan.datasets()) {
        String table = dataset.table().namespace() + "." + dataset.table().name();
        assertThat(second.rows(table)).as(table).isEqualTo(first.rows(table));
      }
      assertThat(second.rows(PitlakeTables.SILVER_QUARANTINE.namespace() + ".quarantine")).isZero();
    }
  }
}
