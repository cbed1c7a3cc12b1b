package io.pitlake.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.pitlake.job.CraftedFundamentals.Filing;
import io.pitlake.job.ingest.VendorDataset;
import io.pitlake.table.PitlakeTables;
import io.pitlake.testing.KnownBy;
import io.pitlake.testing.Lake;
import io.pitlake.testing.Runs;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every check of {@code gold.fundamentals_dq} firing, each on one crafted company that breaks
 * exactly one thing, beside a company whose small differences stay within the tolerances: the
 * finding rows are asserted whole, with the instant each became knowable. The simulators serve
 * consistent data by design, so this lake is built from {@link CraftedFundamentals} alone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FundamentalsDqITCase {

  @RegisterExtension static final MiniClusterExtension FLINK = Runs.miniCluster();

  /** Balances within 0.4% and FMP within 0.45% of SEC: no finding. */
  static final long CLEAN = 9_100_001;

  /**
   * FMP's Q2 revenue 5% above SEC's; later SEC restates the Q2 balance sheet FMP had agreed with.
   */
  static final long DISAGREES = 9_100_002;

  /** A 10-Q whose equity is 500 short; a 10-Q/A fixes it. */
  static final long UNBALANCED = 9_100_003;

  /** A 10-K filed 106 days after its year end, and a 10-K/A later still. */
  static final long LATE = 9_100_004;

  /** A 10-K without the cover page's share count; the next 10-Q has it. */
  static final long NO_SHARES = 9_100_005;

  /**
   * A 10-Q that reports assets but neither liabilities nor equity: no date has all three, so no
   * identity finding, though the latest-dated assets and the year-end liabilities and equity do not
   * add up.
   */
  static final long ASSETS_ONLY = 9_100_006;

  static final LocalDate FY_START = LocalDate.parse("2023-01-01");
  static final LocalDate FY_END = LocalDate.parse("2023-12-31");
  static final LocalDate Q2_START = LocalDate.parse("2024-04-01");
  static final LocalDate Q2_END = LocalDate.parse("2024-06-30");

  /** A filing accepted at 16:10 New York is known at 16:11, sec.publication-delay later. */
  static final Instant Q2_10Q_KNOWN = Instant.parse("2024-08-01T20:11:00Z");

  static final Instant AMENDMENT_KNOWN = Instant.parse("2024-09-03T20:11:00Z");

  /** FMP's Q2 rows, accepted 06:01:36 New York, known fmp.statements.publication-delay later. */
  static final Instant FMP_Q2_KNOWN = Instant.parse("2024-08-02T11:01:36Z");

  @TempDir static Path root;

  final CraftedFundamentals bronze = new CraftedFundamentals();
  Lake full;

  @BeforeAll
  void craftAndBuild() {
    annualReport(CLEAN, LocalDateTime.parse("2024-02-15T16:10:00"), 100);
    balancedQ2(CLEAN);
    fmp(CLEAN, "CLN", 1_105);

    annualReport(DISAGREES, LocalDateTime.parse("2024-02-15T16:10:00"), 100);
    balancedQ2(DISAGREES);
    fmp(DISAGREES, "DSG", 1_155);
    Filing restated =
        bronze.filing(
            DISAGREES,
            accession(DISAGREES, 3),
            "10-Q/A",
            Q2_END,
            LocalDateTime.parse("2024-09-03T16:10:00"));
    bronze.fact(restated, "Assets", null, Q2_END, 11_500);
    bronze.fact(restated, "Liabilities", null, Q2_END, 7_000);

    annualReport(UNBALANCED, LocalDateTime.parse("2024-02-15T16:10:00"), 100);
    Filing q2 = q2(UNBALANCED);
    bronze.fact(q2, "Assets", null, Q2_END, 11_000);
    bronze.fact(q2, "Liabilities", null, Q2_END, 6_500);
    bronze.fact(q2, "StockholdersEquity", null, Q2_END, 4_000);
    Filing fixed =
        bronze.filing(
            UNBALANCED,
            accession(UNBALANCED, 3),
            "10-Q/A",
            Q2_END,
            LocalDateTime.parse("2024-09-03T16:10:00"));
    bronze.fact(fixed, "StockholdersEquity", null, Q2_END, 4_500);

    annualReport(LATE, LocalDateTime.parse("2024-04-15T16:10:00"), 100);
    Filing amendment =
        bronze.filing(
            LATE, accession(LATE, 2), "10-K/A", FY_END, LocalDateTime.parse("2024-06-03T16:10:00"));
    bronze.fact(amendment, "Revenues", FY_START, FY_END, 4_000);

    annualReport(NO_SHARES, LocalDateTime.parse("2024-02-15T16:10:00"), 0);
    Filing q1 =
        bronze.filing(
            NO_SHARES,
            accession(NO_SHARES, 2),
            "10-Q",
            LocalDate.parse("2024-03-31"),
            LocalDateTime.parse("2024-05-01T16:10:00"));
    bronze.sharesOutstanding(q1, 100);

    annualReport(ASSETS_ONLY, LocalDateTime.parse("2024-02-15T16:10:00"), 100);
    bronze.fact(q2(ASSETS_ONLY), "Assets", null, Q2_END, 11_000);

    full = new Lake(root.resolve("full"));
    bronze.appendTo(full, r -> true);
    FundamentalsITCase.build(full, RunMode.BATCH);
  }

  @AfterAll
  void close() throws Exception {
    full.close();
  }

  @Test
  @DisplayName("each check fires on the company that breaks it, dated when it became knowable")
  void everyCheckFiresExactlyWhereTheDataBreaksIt() {
    assertThat(full.rows(PitlakeTables.GOLD_FUNDAMENTALS_DQ))
        .extracting(
            r -> r.get("check_name"),
            r -> r.get("vendor"),
            r -> r.get("cik"),
            r -> r.get("subject"),
            r -> r.get("available_at"),
            r -> r.get("detail"),
            r -> r.get("observed"),
            r -> r.get("expected"))
        .containsExactlyInAnyOrder(
            tuple(
                "balance_sheet_identity",
                "sec",
                UNBALANCED,
                "2024-06-30",
                Q2_10Q_KNOWN,
                "total_assets is not total_liabilities + stockholders_equity within 1%",
                11_000d,
                10_500d),
            // EDGAR dates the 10-K 2024-04-15: 106 days after 2023-12-31. Its 10-K/A, 155 days
            // after, is no finding: an amendment has no deadline.
            tuple(
                "late_filing",
                "sec",
                LATE,
                accession(LATE, 1),
                Instant.parse("2024-04-15T20:11:00Z"),
                "10-K filed 2024-04-15, period ended 2023-12-31",
                106d,
                90d),
            // Known from the 10-K's acceptance (16:10 EST) until the 10-Q brings the share count.
            tuple(
                "missing_line_items",
                "sec",
                NO_SHARES,
                "snapshot",
                Instant.parse("2024-02-15T21:11:00Z"),
                "shares_outstanding",
                null,
                null),
            // SEC's 10-Q came first: the disagreement exists from FMP's statement on.
            tuple(
                "sec_fmp_disagreement",
                "sec",
                DISAGREES,
                "Revenues 2024-04-01..2024-06-30",
                FMP_Q2_KNOWN,
                "SEC " + accession(DISAGREES, 2) + " vs FMP DSG|2024-06-30|Q2|Revenues",
                1_155d,
                1_100d),
            // FMP agreed with the 10-Q; the disagreement exists from SEC's restatement on.
            tuple(
                "sec_fmp_disagreement",
                "sec",
                DISAGREES,
                "Assets ..2024-06-30",
                AMENDMENT_KNOWN,
                "SEC " + accession(DISAGREES, 3) + " vs FMP DSG|2024-06-30|Q2|Assets",
                11_000d,
                11_500d),
            tuple(
                "sec_fmp_disagreement",
                "sec",
                DISAGREES,
                "Liabilities ..2024-06-30",
                AMENDMENT_KNOWN,
                "SEC " + accession(DISAGREES, 3) + " vs FMP DSG|2024-06-30|Q2|Liabilities",
                6_500d,
                7_000d));
  }

  @Test
  @DisplayName("a finding stops at the snapshot that fixes it: the next snapshot adds none")
  void aFixingFilingEndsTheFinding() {
    List<Map<String, Object>> pit = full.rows(PitlakeTables.GOLD_FUNDAMENTALS_PIT);

    Map<String, Object> broken =
        FundamentalsITCase.asOf(pit, "sec", UNBALANCED, AMENDMENT_KNOWN.minusMillis(1));
    assertThat(broken)
        .containsEntry("available_at", Q2_10Q_KNOWN)
        .containsEntry("stockholders_equity", 4_000d);
    assertThat(FundamentalsITCase.asOf(pit, "sec", UNBALANCED, AMENDMENT_KNOWN))
        .containsEntry("available_at", AMENDMENT_KNOWN)
        .containsEntry("total_assets", 11_000d)
        .containsEntry("total_liabilities", 6_500d)
        .containsEntry("stockholders_equity", 4_500d);
    assertThat(
            FundamentalsITCase.asOf(pit, "sec", NO_SHARES, Instant.parse("2024-05-01T20:11:00Z")))
        .containsEntry("shares_outstanding", 100d);
    // The findings of the broken snapshots stay: they were true of what was known then.
    assertThat(full.rows(PitlakeTables.GOLD_FUNDAMENTALS_DQ))
        .filteredOn(r -> r.get("cik").equals(UNBALANCED) || r.get("cik").equals(NO_SHARES))
        .extracting(r -> r.get("available_at"))
        .containsExactlyInAnyOrder(Q2_10Q_KNOWN, Instant.parse("2024-02-15T21:11:00Z"));
  }

  @Test
  @DisplayName("the identity compares the balances of one date, not the latest-dated of each")
  void theIdentityComparesOneBalanceSheetDate() {
    // The snapshot pairs Q2's assets with the year end's liabilities and equity: 11,000 vs 9,960.
    assertThat(
            FundamentalsITCase.asOf(
                full.rows(PitlakeTables.GOLD_FUNDAMENTALS_PIT), "sec", ASSETS_ONLY, Q2_10Q_KNOWN))
        .containsEntry("balance_sheet_date", Q2_END)
        .containsEntry("total_assets", 11_000d)
        .containsEntry("total_liabilities", 6_000d)
        .containsEntry("stockholders_equity", 3_960d);
    assertThat(full.rows(PitlakeTables.GOLD_FUNDAMENTALS_DQ))
        .filteredOn(r -> r.get("cik").equals(ASSETS_ONLY))
        .isEmpty();
  }

  @Test
  @DisplayName("a build on the inputs known just before FMP's statement has no disagreement yet")
  void aDisagreementIsNotKnownBeforeItsLaterInput() throws Exception {
    Instant cut = FMP_Q2_KNOWN.minusMillis(1);
    try (Lake prefix = new Lake(root.resolve("before-fmp-q2"))) {
      bronze.appendTo(prefix, KnownBy.bronze(full, cut));
      FundamentalsITCase.build(prefix, RunMode.BATCH);

      List<Map<String, Object>> dq = prefix.rows(PitlakeTables.GOLD_FUNDAMENTALS_DQ);
      assertThat(dq)
          .isEqualTo(KnownBy.written(full.rows(PitlakeTables.GOLD_FUNDAMENTALS_DQ), cut))
          .extracting(r -> r.get("check_name"))
          .containsExactlyInAnyOrder("balance_sheet_identity", "late_filing", "missing_line_items");
    }
  }

  /** A 10-K for 2023 whose balance sheet adds up within 0.4%, with the cover's share count. */
  private void annualReport(long cik, LocalDateTime accepted, long shares) {
    Filing tenK = bronze.filing(cik, accession(cik, 1), "10-K", FY_END, accepted);
    bronze.fact(tenK, "Revenues", FY_START, FY_END, 4_000);
    bronze.fact(tenK, "NetIncomeLoss", FY_START, FY_END, 400);
    bronze.fact(tenK, "Assets", null, FY_END, 10_000);
    bronze.fact(tenK, "Liabilities", null, FY_END, 6_000);
    bronze.fact(tenK, "StockholdersEquity", null, FY_END, 3_960);
    if (shares > 0) {
      bronze.sharesOutstanding(tenK, shares);
    }
  }

  /** The Q2 2024 10-Q's income statement, accepted 2024-08-01 16:10 New York. */
  private Filing q2(long cik) {
    Filing tenQ =
        bronze.filing(
            cik, accession(cik, 2), "10-Q", Q2_END, LocalDateTime.parse("2024-08-01T16:10:00"));
    bronze.fact(tenQ, "Revenues", Q2_START, Q2_END, 1_100);
    bronze.fact(tenQ, "NetIncomeLoss", Q2_START, Q2_END, 110);
    return tenQ;
  }

  private void balancedQ2(long cik) {
    Filing tenQ = q2(cik);
    bronze.fact(tenQ, "Assets", null, Q2_END, 11_000);
    bronze.fact(tenQ, "Liabilities", null, Q2_END, 6_500);
    bronze.fact(tenQ, "StockholdersEquity", null, Q2_END, 4_500);
  }

  /** FMP's 2023 and Q2 2024 statements: SEC's figures, but {@code q2Revenue}. */
  private void fmp(long cik, String symbol, long q2Revenue) {
    LocalDateTime fyAccepted = LocalDateTime.parse("2024-02-16T06:01:36");
    LocalDateTime q2Accepted = LocalDateTime.parse("2024-08-02T06:01:36");
    bronze.fmp(
        VendorDataset.FMP_INCOME_STATEMENT,
        cik,
        symbol,
        FY_END,
        "FY",
        fyAccepted,
        Map.of("revenue", 4_000L, "netIncome", 400L));
    bronze.fmp(
        VendorDataset.FMP_BALANCE_SHEET,
        cik,
        symbol,
        FY_END,
        "FY",
        fyAccepted,
        Map.of(
            "totalAssets", 10_000L, "totalLiabilities", 6_000L, "totalStockholdersEquity", 3_960L));
    bronze.fmp(
        VendorDataset.FMP_INCOME_STATEMENT,
        cik,
        symbol,
        Q2_END,
        "Q2",
        q2Accepted,
        Map.of("revenue", q2Revenue, "netIncome", 110L));
    bronze.fmp(
        VendorDataset.FMP_BALANCE_SHEET,
        cik,
        symbol,
        Q2_END,
        "Q2",
        q2Accepted,
        Map.of(
            "totalAssets", 11_000L, "totalLiabilities", 6_500L, "totalStockholdersEquity", 4_500L));
  }

  private static String accession(long cik, int sequence) {
    return String.format("%010d-24-%06d", cik, sequence);
  }
}
