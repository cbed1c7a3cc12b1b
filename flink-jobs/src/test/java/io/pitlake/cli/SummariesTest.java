package io.pitlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.job.ingest.VendorDataset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SummariesTest {

  @Test
  @DisplayName("quarantined rows are one line: the count, the commonest reasons, where to look")
  void quarantineIsOneLine() {
    assertThat(Summaries.quarantineLine(Map.of())).isEmpty();
    assertThat(Summaries.quarantineLine(Map.of("polygon.ticker_details: HTTP 404", 296L)))
        .contains(
            "296 rows quarantined (296 polygon.ticker_details: HTTP 404): see silver.quarantine");
    assertThat(
            Summaries.quarantineLine(
                Map.of(
                    "a: HTTP 500", 1L,
                    "b: high below low", 5L,
                    "c: HTTP 404", 2L,
                    "d: not JSON", 1_200L)))
        .contains(
            "1,208 rows quarantined (1,200 d: not JSON; 5 b: high below low; 2 c: HTTP 404; ...):"
                + " see silver.quarantine");
  }

  @Test
  @DisplayName("a dataset that fetched nothing for some keys names them in one line")
  void nothingForNamesTheKeys() {
    assertThat(
            Summaries.nothingFor(
                List.of(
                    VendorDataset.FMP_INCOME_STATEMENT,
                    VendorDataset.SEC_SUBMISSIONS,
                    VendorDataset.SEC_COMPANY_TICKERS),
                List.of("AAPL", "SNOW", "ZZZZ"),
                List.of("320193"),
                Map.of("fmp.income_statement|AAPL", 5L, "sec.submissions|320193", 7L)))
        .containsExactly("fmp.income_statement returned nothing for SNOW, ZZZZ");
  }
}
