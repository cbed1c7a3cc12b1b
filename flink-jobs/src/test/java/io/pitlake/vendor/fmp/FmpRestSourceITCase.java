package io.pitlake.vendor.fmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pitlake.simulator.fmp.FmpSimulator;
import io.pitlake.source.rest.Credentials;
import io.pitlake.source.rest.FetchedRecord;
import io.pitlake.source.rest.RestSource;
import io.pitlake.source.rest.RestSourceOptions;
import io.pitlake.source.rest.split.RestSplit;
import io.pitlake.testing.RestSourceReads;
import io.pitlake.vendor.VendorJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The FMP statement protocol run by the real REST source reader against the FMP simulator over
 * loopback: the key in {@code apikey} and redacted everywhere, and the legacy endpoint's 403 as a
 * fatal error with its fix.
 */
class FmpRestSourceITCase {

  private static final RestSplit AAPL =
      RestSplit.of("AAPL", LocalDate.parse("2020-01-01"), LocalDate.parse("2024-12-31"));

  @TempDir Path tmp;

  private FmpSimulator fmp;

  @BeforeEach
  void startSimulator() {
    fmp = FmpSimulator.builder().build().start();
  }

  @AfterEach
  void stopSimulator() {
    fmp.close();
  }

  @Test
  @DisplayName("reads all three statements of AAPL, the key redacted from every record")
  void readsStatements() throws Exception {
    for (FmpStatement statement : FmpStatement.values()) {
      List<FetchedRecord> records =
          RestSourceReads.readAll(
              source(fmp.baseUrl(), statement, FmpSimulator.DEFAULT_API_KEY), AAPL);

      assertThat(records).hasSize(5).noneMatch(FetchedRecord::isFailure);
      assertThat(VendorJson.MAPPER.readTree(records.get(0).payload()))
          .isEqualTo(
              VendorJson.MAPPER
                  .readTree(
                      FmpStatementProtocolTest.fixture("fmp-" + statement.endpoint() + ".json"))
                  .get(0));
      assertThat(records.stream().map(r -> FmpStatementRow.parse(r.payload()).fiscalYear()))
          .containsExactly("2024", "2023", "2022", "2021", "2020");
      assertThat(records)
          .allSatisfy(
              r ->
                  assertThat(r.requestUrl())
                      .isEqualTo(
                          fmp.baseUrl()
                              + "/stable/"
                              + statement.endpoint()
                              + "?symbol=AAPL&period=annual&limit=1000&apikey=REDACTED"));
    }
    assertThat(fmp.servedRequests()).hasSize(3);
  }

  @Test
  @DisplayName("a base URL on /api/v3 meets the legacy 403, which stops the job with the fix")
  void legacyEndpointIsFatal() {
    RestSource source =
        source(fmp.baseUrl() + "/api/v3", FmpStatement.INCOME, FmpSimulator.DEFAULT_API_KEY);

    assertThatThrownBy(() -> RestSourceReads.readAll(source, AAPL))
        .satisfies(
            e ->
                assertThat(ExceptionUtils.findThrowableWithMessage(e, "fmp: HTTP 403 for"))
                    .hasValueSatisfying(
                        cause ->
                            assertThat(cause.getMessage())
                                .isEqualTo(
                                    "fmp: HTTP 403 for "
                                        + fmp.baseUrl()
                                        + "/api/v3/stable/income-statement?symbol=AAPL"
                                        + "&period=annual&limit=1000&apikey=REDACTED: FMP refused"
                                        + " a legacy endpoint: /api/v3 is closed to keys created"
                                        + " after 2025-08-31. pitlake requests /stable only, so"
                                        + " set fmp.base-url to the host alone (default"
                                        + " https://financialmodelingprep.com), not to a URL"
                                        + " ending in /api/v3")));
    assertThat(fmp.servedRequests()).hasSize(1);
  }

  @Test
  @DisplayName("a wrong key stops the job naming where the key comes from, never the key")
  void wrongKeyIsFatal() {
    RestSource source = source(fmp.baseUrl(), FmpStatement.INCOME, "not-the-key-SECRET");

    assertThatThrownBy(() -> RestSourceReads.readAll(source, AAPL))
        .satisfies(
            e ->
                assertThat(ExceptionUtils.findThrowableWithMessage(e, "fmp rejected the key"))
                    .hasValueSatisfying(
                        cause ->
                            assertThat(cause.getMessage())
                                .contains("HTTP 401")
                                .contains("check the key file " + tmp.resolve("fmp.key"))
                                .doesNotContain("not-the-key-SECRET")));
  }

  private RestSource source(String baseUrl, FmpStatement statement, String key) {
    Path keyFile = tmp.resolve("fmp.key");
    try {
      Files.writeString(keyFile, key + "\n");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Configuration config = new Configuration();
    config.set(RestSourceOptions.BACKOFF_INITIAL, Duration.ofMillis(10));
    return RestSource.builder()
        .setBaseUrl(baseUrl)
        .setProtocol(
            new FmpStatementProtocol(
                statement,
                config.get(FmpOptions.STATEMENT_PERIOD),
                config.get(FmpOptions.STATEMENT_LIMIT)))
        .setCredentials(Credentials.fromFile(keyFile))
        .setSplits(List.of(AAPL))
        .setConfiguration(config)
        .build();
  }
}
