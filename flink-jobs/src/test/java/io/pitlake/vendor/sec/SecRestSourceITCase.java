package io.pitlake.vendor.sec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pitlake.simulator.sec.SecSimulator;
import io.pitlake.simulator.sec.SimulatedFiling;
import io.pitlake.source.rest.AuthStyle;
import io.pitlake.source.rest.Credentials;
import io.pitlake.source.rest.FetchedRecord;
import io.pitlake.source.rest.MalformedPageException;
import io.pitlake.source.rest.PageProtocol;
import io.pitlake.source.rest.ParsedPage;
import io.pitlake.source.rest.RestSource;
import io.pitlake.source.rest.RestSourceOptions;
import io.pitlake.source.rest.split.RestSplit;
import io.pitlake.testing.RestSourceReads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import okhttp3.HttpUrl;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The SEC protocols run by the real REST source reader (fetcher thread, retries, rate limit,
 * emitter, checkpoints) against the SEC simulator over loopback, with EDGAR's rules enforced: a
 * User-Agent on every request and at most 10 requests per second.
 */
class SecRestSourceITCase {

  private static final String USER_AGENT = "pitlake tests admin@pitlake.example";
  private static final LocalDate FROM = LocalDate.parse("2000-01-01");
  private static final LocalDate TO = LocalDate.parse("2025-12-31");
  private static final RestSplit TSLA = RestSplit.of("1318605", FROM, TO);
  private static final RestSplit SNOW = RestSplit.of("1640147", FROM, TO);

  private SecSimulator sec;

  @BeforeEach
  void startSimulator() {
    sec = SecSimulator.builder().build().start();
  }

  @AfterEach
  void stopSimulator() {
    sec.close();
  }

  @Test
  @DisplayName("reads company_tickers.json into one record per filer")
  void companyTickers() throws Exception {
    RestSplit split = RestSplit.of("company_tickers", TO, TO);

    List<FetchedRecord> records =
        RestSourceReads.readAll(source(new SecCompanyTickersProtocol(USER_AGENT), split), split);

    assertThat(records).noneMatch(FetchedRecord::isFailure);
    assertThat(records.stream().map(r -> SecCompanyTicker.parse(r.payload())))
        .extracting(SecCompanyTicker::ticker)
        .containsExactly("MSFT", "AAPL", "NVDA", "TSLA", "SNOW");
    assertThat(records.get(0).requestUrl())
        .isEqualTo(sec.baseUrl() + "/files/company_tickers.json");
  }

  @Test
  @DisplayName("pages TSLA's submissions to the end through both older files, never sending state")
  void submissionsToTheEnd() throws Exception {
    List<FetchedRecord> records = RestSourceReads.readAll(submissionsSource(), TSLA);

    assertThat(records).hasSize(41).noneMatch(FetchedRecord::isFailure);
    assertThat(records.stream().map(r -> SecFiling.parse(r.payload()).accessionNumber()))
        .containsExactlyElementsOf(accessionNumbers(1318605));
    assertThat(sec.servedRequests())
        .containsExactly(
            "/submissions/CIK0001318605.json",
            "/submissions/CIK0001318605-submissions-001.json",
            "/submissions/CIK0001318605-submissions-002.json");
    assertThat(records.get(40).requestUrl())
        .isEqualTo(sec.baseUrl() + "/submissions/CIK0001318605-submissions-002.json");
    assertThat(sec.userAgents()).containsExactly(USER_AGENT);
    assertThat(sec.throttledCount()).isZero();
  }

  @Test
  @DisplayName("a split restored after the first document neither refetches nor skips a file")
  void restoredSplitContinuesWithTheNextFile() throws Exception {
    List<FetchedRecord> beforeCheckpoint = new ArrayList<>();
    RestSplit checkpointed =
        RestSourceReads.readUntilCheckpoint(submissionsSource(), TSLA, 5, beforeCheckpoint);
    int requestsBeforeRestore = sec.servedRequests().size();

    List<FetchedRecord> afterRestore = RestSourceReads.readAll(submissionsSource(), checkpointed);

    assertThat(checkpointed.pagesFetched()).isEqualTo(1);
    assertThat(checkpointed.cursorUrl())
        .isEqualTo(
            sec.baseUrl()
                + "/submissions/CIK0001318605-submissions-001.json?pitlake.cik=1318605"
                + "&pitlake.files=CIK0001318605-submissions-002.json");
    List<String> restoredRequests =
        sec.servedRequests().subList(requestsBeforeRestore, sec.servedRequests().size());
    assertThat(restoredRequests)
        .containsExactly(
            "/submissions/CIK0001318605-submissions-001.json",
            "/submissions/CIK0001318605-submissions-002.json");
    List<String> all = new ArrayList<>();
    beforeCheckpoint.forEach(r -> all.add(SecFiling.parse(r.payload()).accessionNumber()));
    afterRestore.forEach(r -> all.add(SecFiling.parse(r.payload()).accessionNumber()));
    assertThat(beforeCheckpoint).hasSize(5);
    assertThat(all).containsExactlyElementsOf(accessionNumbers(1318605));
  }

  @Test
  @DisplayName("at sec.requests-per-second EDGAR's 10/s limit never throttles the source")
  void defaultRateStaysUnderTheLimit() throws Exception {
    List<FetchedRecord> records =
        RestSourceReads.readAll(
            source(new SecCompanyTickersProtocol(USER_AGENT), TSLA), tickerSplits(15));

    assertThat(records).hasSize(15 * 5).noneMatch(FetchedRecord::isFailure);
    assertThat(sec.servedRequests()).hasSize(15);
    assertThat(sec.throttledCount()).isZero();
  }

  @Test
  @DisplayName("a client that ignores the limit meets 429s and stops naming the rate to lower")
  void throttlingWithoutRefillFailsWithTheFix() {
    try (SecSimulator frozen =
        SecSimulator.builder()
            .clock(Clock.fixed(Instant.parse("2024-01-02T15:00:00Z"), ZoneOffset.UTC))
            .build()
            .start()) {
      Configuration unlimited = new Configuration();
      unlimited.set(RestSourceOptions.REQUESTS_PER_SECOND, 0.0);
      unlimited.set(RestSourceOptions.MAX_RETRIES, 2);
      unlimited.set(RestSourceOptions.BACKOFF_INITIAL, Duration.ofMillis(1));
      RestSource source =
          RestSource.builder()
              .setBaseUrl(frozen.baseUrl())
              .setProtocol(new SecCompanyTickersProtocol(USER_AGENT))
              .setCredentials(Credentials.none())
              .setSplits(List.of(TSLA))
              .setConfiguration(unlimited)
              .build();

      assertThatThrownBy(() -> RestSourceReads.readAll(source, tickerSplits(11)))
          .satisfies(
              e ->
                  assertThat(ExceptionUtils.findThrowableWithMessage(e, "failed 3 times"))
                      .hasValueSatisfying(
                          cause ->
                              assertThat(cause.getMessage())
                                  .contains("HTTP 429")
                                  .contains("lower rest.requests-per-second")));
      assertThat(frozen.servedRequests()).hasSize(10);
      assertThat(frozen.throttledCount()).isEqualTo(3);
    }
  }

  /** {@code count} splits that each read company_tickers.json once. */
  private static List<RestSplit> tickerSplits(int count) {
    List<RestSplit> splits = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      splits.add(RestSplit.of("company_tickers", TO.minusDays(i), TO.minusDays(i)));
    }
    return splits;
  }

  @Test
  @DisplayName(
      "SNOW's facts and filings give the point-in-time value before and after the restatement")
  void companyFactsPointInTime() throws Exception {
    List<SecFactVersion> facts =
        RestSourceReads.readAll(source(new SecCompanyFactsProtocol(USER_AGENT), SNOW), SNOW)
            .stream()
            .map(r -> SecFactVersion.parse(r.payload()))
            .toList();
    Map<String, SecFiling> filings =
        RestSourceReads.readAll(submissionsSource(), SNOW).stream()
            .map(r -> SecFiling.parse(r.payload()))
            .collect(Collectors.toMap(SecFiling::accessionNumber, Function.identity()));
    SecFilingAvailability rule = new SecFilingAvailability(Duration.ofMinutes(1));

    assertThat(facts).hasSize(9);
    assertThat(filings).hasSize(7);
    assertThat(facts).allMatch(f -> filings.containsKey(f.accn()));
    SecFiling restating = filings.get("0001640147-23-000102");
    // Accepted Thursday 18:02 New York, after the cut-off: dated Friday, known Thursday evening.
    assertThat(restating.filingDate()).isEqualTo(LocalDate.parse("2023-06-02"));
    assertThat(restating.availableAt(rule)).isEqualTo(Instant.parse("2023-06-01T22:03:11Z"));
    assertThat(cashEquivalentsAsOf(facts, filings, rule, "2023-04-01T00:00:00Z"))
        .hasValue(398_346_000L);
    assertThat(cashEquivalentsAsOf(facts, filings, rule, "2023-06-01T22:03:10Z"))
        .hasValue(398_346_000L);
    assertThat(cashEquivalentsAsOf(facts, filings, rule, "2023-06-01T22:03:11Z"))
        .hasValue(539_390_000L);
    assertThat(cashEquivalentsAsOf(facts, filings, rule, "2023-03-29T20:32:06Z")).isEmpty();
  }

  @Test
  @DisplayName("without the User-Agent EDGAR's 403 stops the job naming sec.user-agent")
  void missingUserAgentIsFatal() {
    RestSource source = source(new WithoutHeaders(new SecSubmissionsProtocol(USER_AGENT)), TSLA);

    assertThatThrownBy(() -> RestSourceReads.readAll(source, TSLA))
        .satisfies(
            e ->
                assertThat(ExceptionUtils.findThrowableWithMessage(e, "sec: HTTP 403 for"))
                    .hasValueSatisfying(
                        cause ->
                            assertThat(cause.getMessage())
                                .contains("/submissions/CIK0001318605.json")
                                .contains("check that sec.user-agent")
                                .doesNotContain("rejected the key")));
    assertThat(sec.refusedUserAgentCount()).isEqualTo(1);
    assertThat(sec.servedRequests()).isEmpty();
  }

  /**
   * The PIT rule of sec-edgar.md: facts known at {@code asOf}, the latest filed per period (ties to
   * the later accession).
   */
  private static Optional<Long> cashEquivalentsAsOf(
      List<SecFactVersion> facts,
      Map<String, SecFiling> filings,
      SecFilingAvailability rule,
      String asOf) {
    Instant at = Instant.parse(asOf);
    return facts.stream()
        .filter(f -> f.concept().equals("CashEquivalentsAtCarryingValue"))
        .filter(f -> f.end().equals(LocalDate.parse("2023-01-31")))
        .filter(f -> !filings.get(f.accn()).availableAt(rule).isAfter(at))
        .max(Comparator.comparing(SecFactVersion::filed).thenComparing(SecFactVersion::accn))
        .map(f -> f.val().longValueExact());
  }

  private List<String> accessionNumbers(long cik) {
    return sec.filer(cik).orElseThrow().filings().stream()
        .map(SimulatedFiling::accessionNumber)
        .toList();
  }

  private RestSource submissionsSource() {
    return source(new SecSubmissionsProtocol(USER_AGENT), TSLA);
  }

  /** A source at SEC's default rate, {@code sec.requests-per-second}. */
  private RestSource source(PageProtocol protocol, RestSplit split) {
    Configuration config = new Configuration();
    config.set(
        RestSourceOptions.REQUESTS_PER_SECOND, SecOptions.requestsPerSecond(new Configuration()));
    config.set(RestSourceOptions.BACKOFF_INITIAL, Duration.ofMillis(10));
    return source(protocol, split, config);
  }

  private RestSource source(PageProtocol protocol, RestSplit split, Configuration config) {
    return RestSource.builder()
        .setBaseUrl(sec.baseUrl())
        .setProtocol(protocol)
        .setCredentials(Credentials.none())
        .setSplits(List.of(split))
        .setConfiguration(config)
        .build();
  }

  /** A protocol that forgets the User-Agent, as a client without the header hook would. */
  private static final class WithoutHeaders implements PageProtocol {
    private static final long serialVersionUID = 1L;
    private final SecSubmissionsProtocol delegate;

    WithoutHeaders(SecSubmissionsProtocol delegate) {
      this.delegate = delegate;
    }

    @Override
    public String name() {
      return delegate.name();
    }

    @Override
    public HttpUrl firstPage(HttpUrl baseUrl, RestSplit split) {
      return delegate.firstPage(baseUrl, split);
    }

    @Override
    public ParsedPage parse(String body) throws MalformedPageException {
      return delegate.parse(body);
    }

    @Override
    public AuthStyle authStyle() {
      return delegate.authStyle();
    }

    @Override
    public Optional<String> fatalError(int status, String body) {
      return delegate.fatalError(status, body);
    }
  }
}
