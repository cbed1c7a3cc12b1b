package io.pitlake.vendor.fmp;

import static io.pitlake.vendor.fmp.FmpStatementProtocolTest.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FmpStatementRowTest {

  @Test
  @DisplayName("the recorded AAPL FY2024 income statement reads field by field")
  void incomeStatement() throws Exception {
    FmpStatementRow row = FmpStatementRow.parse(first("fmp-income-statement.json"));

    assertThat(row.symbol()).isEqualTo("AAPL");
    assertThat(row.date()).isEqualTo(LocalDate.parse("2024-09-28"));
    assertThat(row.reportedCurrency()).isEqualTo("USD");
    assertThat(row.cik()).isEqualTo("0000320193");
    assertThat(row.filingDate()).isEqualTo(LocalDate.parse("2024-11-01"));
    assertThat(row.acceptedDate()).isEqualTo(LocalDateTime.parse("2024-11-01T06:01:36"));
    assertThat(row.fiscalYear()).isEqualTo("2024");
    assertThat(row.period()).isEqualTo("FY");
    assertThat(row.lineItems()).hasSize(31).doesNotContainKeys("date", "cik", "fiscalYear");
    assertThat(row.lineItems().get("revenue")).isEqualTo(new BigDecimal("391035000000"));
    assertThat(row.lineItems().get("eps")).isEqualTo(new BigDecimal("6.11"));
    assertThat(row.lineItems().get("epsDiluted")).isEqualTo(new BigDecimal("6.08"));
    assertThat(row.lineItems().get("interestExpense")).isEqualTo(BigDecimal.ZERO);
    assertThat(row.lineItems().keySet()).first().isEqualTo("revenue");
    assertThat(row.lineItems().keySet()).last().isEqualTo("weightedAverageShsOutDil");
  }

  @Test
  @DisplayName("balance sheet and cash flow share the header; their line items are their own")
  void otherStatements() throws Exception {
    FmpStatementRow balance = FmpStatementRow.parse(first("fmp-balance-sheet-statement.json"));
    FmpStatementRow cash = FmpStatementRow.parse(first("fmp-cash-flow-statement.json"));

    assertThat(balance.lineItems().get("totalAssets")).isEqualTo(new BigDecimal("364980000000"));
    assertThat(balance.lineItems().get("retainedEarnings"))
        .isEqualTo(new BigDecimal("-19154000000"));
    assertThat(cash.lineItems().get("freeCashFlow")).isEqualTo(new BigDecimal("108807000000"));
    assertThat(cash.acceptedDate()).isEqualTo(balance.acceptedDate());
  }

  @Test
  @DisplayName("available at acceptedDate in New York plus the delay; else the next session open")
  void availability() throws Exception {
    FmpStatementRow row = FmpStatementRow.parse(first("fmp-income-statement.json"));
    FmpStatementAvailability rule = new FmpStatementAvailability(Duration.ofHours(1));

    // 06:01:36 EDT (UTC-4) + 1 h.
    assertThat(row.availableAt(rule)).isEqualTo(Instant.parse("2024-11-01T11:01:36Z"));
    // Without acceptedDate: filed Friday 2024-11-01 -> Monday 2024-11-04 09:30 EST.
    FmpStatementRow undated =
        FmpStatementRow.parse(
            first("fmp-income-statement.json").replace("2024-11-01 06:01:36", ""));
    assertThat(undated.acceptedDate()).isNull();
    assertThat(undated.availableAt(rule)).isEqualTo(Instant.parse("2024-11-04T14:30:00Z"));
    assertThatThrownBy(() -> new FmpStatementAvailability(Duration.ofMinutes(-5)))
        .hasMessageStartingWith("fmp.statements.publication-delay must not be negative");
  }

  @Test
  @DisplayName("a missing filingDate or an unreadable acceptedDate names the field")
  void namesBadFields() throws Exception {
    String row = first("fmp-income-statement.json");

    assertThatThrownBy(() -> FmpStatementRow.parse(row.replace("\"filingDate\"", "\"filed\"")))
        .hasMessage("FMP statement has no field filingDate (expected a YYYY-MM-DD date)");
    assertThatThrownBy(
            () -> FmpStatementRow.parse(row.replace("2024-11-01 06:01:36", "2024-11-01T06:01")))
        .hasMessage(
            "FMP statement field acceptedDate is \"2024-11-01T06:01\", expected YYYY-MM-DD"
                + " HH:MM:SS");
  }

  /** The fixture's only row, as the protocol emits it. */
  private static String first(String name) throws Exception {
    return new FmpStatementProtocol(FmpStatement.INCOME, "annual", 5)
        .parse(fixture(name))
        .elements()
        .get(0);
  }
}
