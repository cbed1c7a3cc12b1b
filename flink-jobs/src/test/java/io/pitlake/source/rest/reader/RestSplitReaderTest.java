package io.pitlake.source.rest.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pitlake.source.rest.AuthStyle;
import io.pitlake.source.rest.Credentials;
import io.pitlake.source.rest.FetchedRecord;
import io.pitlake.source.rest.RestSourceOptions;
import io.pitlake.source.rest.metrics.RestSourceReaderMetrics;
import io.pitlake.source.rest.split.RestSplit;
import io.pitlake.vendor.polygon.PolygonAggsProtocol;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.testutils.source.reader.TestingReaderContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives {@link RestSplitReader} and {@link RestRecordEmitter} against a loopback HTTP server. */
class RestSplitReaderTest {

  private static final String KEY = "k3y-0123456789abcdefSECRET";
  private static final String VENDOR_HOST = "https://api.massive.com";
  private static final RestSplit AAPL =
      RestSplit.of("AAPL", LocalDate.parse("2020-01-01"), LocalDate.parse("2020-01-10"));
  private static final String FIRST_PAGE_PATH =
      "/v2/aggs/ticker/AAPL/range/1/day/2020-01-01/2020-01-10?adjusted=false&sort=asc&limit=50000";

  @TempDir Path tmp;

  private final MockWebServer server = new MockWebServer();
  private final RecordingSleeper sleeper = new RecordingSleeper();
  private final List<RestConnection> connections = new ArrayList<>();
  private RestSourceReaderMetrics metrics;

  @BeforeEach
  void startServer() throws IOException {
    server.start();
  }

  @AfterEach
  void stopServer() throws IOException {
    connections.forEach(RestConnection::close);
    server.shutdown();
  }

  @Test
  @DisplayName("follows next_url across three pages, rebased onto the base URL, Bearer on each")
  void followsNextUrlAcrossPages() throws Exception {
    server.enqueue(json(fixture("polygon-aggs-day-paged.json")));
    server.enqueue(json(page(VENDOR_HOST + cursorPath("page3"), 1578373200000L, 1578459600000L)));
    server.enqueue(json(page(null, 1578546000000L)));

    SplitDrain.Result drained = drain(reader(AuthStyle.bearerHeader(), config()), AAPL);

    assertThat(drained.records()).hasSize(5).noneMatch(FetchedRecord::isFailure);
    assertThat(drained.records().get(0).payload())
        .isEqualTo(
            "{\"c\":75.0875,\"h\":75.15,\"l\":73.7975,\"n\":1,\"o\":74.06,\"t\":1577941200000,"
                + "\"v\":135647456,\"vw\":74.6099}");
    List<RecordedRequest> requests = takeRequests(3);
    assertThat(requests)
        .extracting(RecordedRequest::getPath)
        .containsExactly(
            FIRST_PAGE_PATH,
            "/v2/aggs/ticker/AAPL/range/1/day/1578114000000/2020-01-10?cursor=bGltaXQ9MiZzb3J0PWFzYw",
            cursorPath("page3"));
    assertThat(requests)
        .allSatisfy(
            r -> {
              assertThat(r.getHeader("Authorization")).isEqualTo("Bearer " + KEY);
              assertThat(r.getHeader("Accept-Encoding")).isEqualTo("gzip");
            });
    assertThat(drained.finalState().isExhausted()).isTrue();
    assertThat(drained.finalState().pagesFetched()).isEqualTo(3);
    assertThat(metrics.pagesFetchedCount()).isEqualTo(3);
  }

  @Test
  @DisplayName("retries a 429 after the Retry-After seconds")
  void retries429HonouringRetryAfter() throws Exception {
    server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "2"));
    server.enqueue(json(page(null, 1L)));

    SplitDrain.Result drained = drain(reader(AuthStyle.bearerHeader(), config()), AAPL);

    assertThat(drained.records()).hasSize(1).noneMatch(FetchedRecord::isFailure);
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(2));
    assertThat(metrics.requestsRetriedCount()).isEqualTo(1);
  }

  @Test
  @DisplayName("rides out a storm of 503s with backoff until the page arrives")
  void retries503StormUntilSuccess() throws Exception {
    for (int i = 0; i < 4; i++) {
      server.enqueue(new MockResponse().setResponseCode(503));
    }
    server.enqueue(json(page(null, 1L, 2L)));

    SplitDrain.Result drained = drain(reader(AuthStyle.bearerHeader(), config()), AAPL);

    assertThat(drained.records()).hasSize(2).noneMatch(FetchedRecord::isFailure);
    assertThat(server.getRequestCount()).isEqualTo(5);
    assertThat(metrics.requestsRetriedCount()).isEqualTo(4);
    assertThat(sleeper.waits()).hasSize(4).allMatch(w -> w.compareTo(Duration.ofMillis(8)) <= 0);
  }

  @Test
  @DisplayName("a request that exceeds rest.call-timeout is retried, not mistaken for a wake-up")
  void retriesAfterCallTimeout() throws Exception {
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
    server.enqueue(json(page(null, 1L)));
    Configuration config = config();
    config.set(RestSourceOptions.CALL_TIMEOUT, Duration.ofMillis(200));

    SplitDrain.Result drained = drain(reader(AuthStyle.bearerHeader(), config), AAPL);

    assertThat(drained.records()).hasSize(1).noneMatch(FetchedRecord::isFailure);
    assertThat(metrics.requestsRetriedCount()).isEqualTo(1);
  }

  @Test
  @DisplayName("fails the job with URL, status and attempts once the retries are used up")
  void failsWhenRetriesAreExhausted() throws Exception {
    for (int i = 0; i < 3; i++) {
      server.enqueue(new MockResponse().setResponseCode(503));
    }
    Configuration config = config();
    config.set(RestSourceOptions.MAX_RETRIES, 2);
    RestSplitReader reader = reader(AuthStyle.bearerHeader(), config);
    reader.handleSplitsChanges(new SplitsAddition<>(List.of(AAPL)));

    assertThatThrownBy(reader::fetch)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("polygon")
        .hasMessageContaining("failed 3 times")
        .hasMessageContaining("HTTP 503")
        .hasMessageContaining("/v2/aggs/ticker/AAPL/range/1/day/2020-01-01/2020-01-10")
        .hasMessageContaining("rest.max-retries");
  }

  @Test
  @DisplayName("fails the job on 401 naming vendor, status and key location, never the key")
  void unauthorizedFailsWithoutLeakingTheKey() throws Exception {
    server.enqueue(
        json("{\"status\":\"ERROR\",\"request_id\":\"x\",\"error\":\"Unknown API Key\"}")
            .setResponseCode(401));
    RestSplitReader reader = reader(AuthStyle.bearerHeader(), config());
    reader.handleSplitsChanges(new SplitsAddition<>(List.of(AAPL)));

    assertThatThrownBy(reader::fetch)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("polygon")
        .hasMessageContaining("HTTP 401")
        .hasMessageContaining("check the key file " + tmp.resolve("polygon.key"))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEY).doesNotContain("Bearer"));
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  @DisplayName("a key sent as query parameter is redacted from exceptions")
  void queryParamKeyIsRedactedFromExceptions() throws Exception {
    server.enqueue(new MockResponse().setResponseCode(403));
    RestSplitReader reader = reader(AuthStyle.queryParam("apiKey"), config());
    reader.handleSplitsChanges(new SplitsAddition<>(List.of(AAPL)));

    assertThatThrownBy(reader::fetch)
        .hasMessageContaining("HTTP 403")
        .hasMessageContaining("apiKey=REDACTED")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEY));
    assertThat(server.takeRequest().getRequestUrl().queryParameter("apiKey")).isEqualTo(KEY);
  }

  @Test
  @DisplayName("a malformed 200 page, again after two more tries, becomes one failure record")
  void malformedPageBecomesOneFailureRecord() throws Exception {
    String body = "{\"status\":\"OK\",\"results\":[{\"t\":1";
    for (int i = 0; i < 3; i++) {
      server.enqueue(json(body));
    }

    SplitDrain.Result drained = drain(reader(AuthStyle.queryParam("apiKey"), config()), AAPL);

    assertThat(drained.records()).hasSize(1);
    FetchedRecord failure = drained.records().get(0);
    assertThat(failure.failure()).contains("not JSON");
    assertThat(failure.payload()).isEqualTo(body);
    assertThat(failure.requestUrl())
        .isEqualTo(server.url(FIRST_PAGE_PATH + "&apiKey=REDACTED").toString())
        .doesNotContain(KEY);
    assertThat(failure.splitId()).isEqualTo(AAPL.splitId());
    assertThat(drained.finalState().isExhausted()).isTrue();
    assertThat(metrics.failedPagesCount()).isEqualTo(1);
    assertThat(takeRequests(3))
        .extracting(RecordedRequest::getPath)
        .containsOnly(FIRST_PAGE_PATH + "&apiKey=" + KEY);
    assertThat(metrics.requestsRetriedCount()).isEqualTo(2);
  }

  @Test
  @DisplayName("a page that is unreadable once (a CDN's HTML error page) is fetched again")
  void aTransientlyUnreadablePageIsFetchedAgain() throws Exception {
    server.enqueue(
        new MockResponse()
            .setHeader("Content-Type", "text/html")
            .setBody("<html><body>503</body></html>"));
    server.enqueue(json(page(null, 1578546000000L)));

    SplitDrain.Result drained = drain(reader(AuthStyle.bearerHeader(), config()), AAPL);

    assertThat(drained.records()).singleElement().matches(r -> !r.isFailure());
    assertThat(takeRequests(2)).extracting(RecordedRequest::getPath).containsOnly(FIRST_PAGE_PATH);
    assertThat(metrics.failedPagesCount()).isZero();
    assertThat(metrics.requestsRetriedCount()).isEqualTo(1);
  }

  @Test
  @DisplayName("with rest.unreadable-page-retries=0 an unreadable page is quarantined at once")
  void unreadablePageRetriesCanBeTurnedOff() throws Exception {
    server.enqueue(json("not json"));
    Configuration config = config();
    config.set(RestSourceOptions.UNREADABLE_PAGE_RETRIES, 0);

    SplitDrain.Result drained = drain(reader(AuthStyle.bearerHeader(), config), AAPL);

    assertThat(drained.records()).singleElement().matches(FetchedRecord::isFailure);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  @DisplayName("an HTML page with status 200 is rejected by its Content-Type")
  void htmlPageIsRejectedByContentType() throws Exception {
    String body = "<html><body>502 Bad Gateway</body></html>";
    for (int i = 0; i < 3; i++) {
      server.enqueue(new MockResponse().setHeader("Content-Type", "text/html").setBody(body));
    }

    SplitDrain.Result drained = drain(reader(AuthStyle.bearerHeader(), config()), AAPL);

    assertThat(drained.records())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.failure()).isEqualTo("Content-Type text/html is not JSON");
              assertThat(r.payload()).isEqualTo(body);
            });
  }

  @Test
  @DisplayName("a huge rejected body is capped and the reason says so")
  void hugeRejectedBodyIsCapped() throws Exception {
    String body = "x".repeat(100_000);
    for (int i = 0; i < 3; i++) {
      server.enqueue(json(body));
    }

    SplitDrain.Result drained = drain(reader(AuthStyle.bearerHeader(), config()), AAPL);

    FetchedRecord failure = drained.records().get(0);
    assertThat(failure.payload()).hasSize(RestSplitReader.MAX_STORED_BODY_CHARS);
    assertThat(failure.failure()).endsWith("(body truncated to 65536 of 100000 chars)");
  }

  @Test
  @DisplayName("a client error other than 401/403/429 becomes a failure record and ends the split")
  void clientErrorBecomesFailureRecord() throws Exception {
    server.enqueue(json("{\"status\":\"NOT_FOUND\"}").setResponseCode(404));

    SplitDrain.Result drained = drain(reader(AuthStyle.bearerHeader(), config()), AAPL);

    assertThat(drained.records())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.failure()).isEqualTo("HTTP 404");
              assertThat(r.payload()).isEqualTo("{\"status\":\"NOT_FOUND\"}");
            });
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  @DisplayName("a next_url that repeats ends the split with a failure record")
  void repeatedCursorEndsSplit() throws Exception {
    server.enqueue(json(page(VENDOR_HOST + cursorPath("loop"), 1L)));
    server.enqueue(json(page(VENDOR_HOST + cursorPath("loop"), 2L)));

    SplitDrain.Result drained = drain(reader(AuthStyle.bearerHeader(), config()), AAPL);

    assertThat(drained.records()).hasSize(3);
    assertThat(drained.records().get(2).failure())
        .isEqualTo("cursor repeated: " + server.url(cursorPath("loop")));
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(drained.finalState().isExhausted()).isTrue();
  }

  @Test
  @DisplayName("a split stops at rest.max-pages-per-split with a failure record")
  void pageCapEndsSplit() throws Exception {
    server.enqueue(json(page(VENDOR_HOST + cursorPath("p2"), 1L)));
    server.enqueue(json(page(VENDOR_HOST + cursorPath("p3"), 2L)));
    Configuration config = config();
    config.set(RestSourceOptions.MAX_PAGES_PER_SPLIT, 2);

    SplitDrain.Result drained = drain(reader(AuthStyle.bearerHeader(), config), AAPL);

    assertThat(drained.records()).hasSize(3);
    assertThat(drained.records().get(2).failure()).isEqualTo("page cap 2 reached");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  @DisplayName("an empty page without next_url finishes the split")
  void emptyPageFinishesSplit() throws Exception {
    server.enqueue(json("{\"status\":\"OK\",\"resultsCount\":0,\"results\":[]}"));

    SplitDrain.Result drained = drain(reader(AuthStyle.bearerHeader(), config()), AAPL);

    assertThat(drained.records()).isEmpty();
    assertThat(drained.finalState().isExhausted()).isTrue();
    assertThat(drained.finalState().pagesFetched()).isEqualTo(1);
  }

  @Test
  @DisplayName("a restored split resumes at its cursor and fetches only the remaining pages")
  void restoredSplitResumesAtCursor() throws Exception {
    RestSplit restored =
        new RestSplit(
            AAPL.splitId(),
            AAPL.key(),
            AAPL.from(),
            AAPL.to(),
            VENDOR_HOST + cursorPath("page2"),
            1);
    server.enqueue(json(page(VENDOR_HOST + cursorPath("page3"), 2L)));
    server.enqueue(json(page(null, 3L)));

    SplitDrain.Result drained = drain(reader(AuthStyle.bearerHeader(), config()), restored);

    assertThat(takeRequests(2))
        .extracting(RecordedRequest::getPath)
        .containsExactly(cursorPath("page2"), cursorPath("page3"));
    assertThat(drained.records()).hasSize(2);
    assertThat(drained.finalState().pagesFetched()).isEqualTo(3);
  }

  @Test
  @DisplayName("a split restored after its last page finishes without a request")
  void exhaustedSplitFinishesWithoutRequest() throws Exception {
    RestSplit exhausted =
        new RestSplit(AAPL.splitId(), AAPL.key(), AAPL.from(), AAPL.to(), null, 2);

    SplitDrain.Result drained = drain(reader(AuthStyle.bearerHeader(), config()), exhausted);

    assertThat(drained.records()).isEmpty();
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  @DisplayName("wakeUp() cancels a hanging request and the page is fetched again later")
  void wakeUpUnblocksHangingRequest() throws Exception {
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
    server.enqueue(json(page(null, 1L)));
    RestSplitReader reader = reader(AuthStyle.bearerHeader(), config(), new MonitorSleeper());
    reader.handleSplitsChanges(new SplitsAddition<>(List.of(AAPL)));

    CompletableFuture<RecordsWithSplitIds<RestElement>> fetch = fetchAsync(reader);
    assertThat(server.takeRequest(10, TimeUnit.SECONDS)).isNotNull();
    reader.wakeUp();

    RecordsWithSplitIds<RestElement> woken = fetch.get(10, TimeUnit.SECONDS);
    assertThat(woken.nextSplit()).isNull();
    assertThat(woken.finishedSplits()).isEmpty();
    RecordsWithSplitIds<RestElement> retried = reader.fetch();
    assertThat(retried.finishedSplits()).containsExactly(AAPL.splitId());
    assertThat(server.takeRequest().getPath()).isEqualTo(FIRST_PAGE_PATH);
  }

  @Test
  @DisplayName("wakeUp() ends a backoff wait")
  void wakeUpEndsBackoff() throws Exception {
    server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "60"));
    Configuration config = config();
    config.set(RestSourceOptions.BACKOFF_MAX, Duration.ofMinutes(5));
    RestSplitReader reader = reader(AuthStyle.bearerHeader(), config, new MonitorSleeper());
    reader.handleSplitsChanges(new SplitsAddition<>(List.of(AAPL)));

    CompletableFuture<RecordsWithSplitIds<RestElement>> fetch = fetchAsync(reader);
    assertThat(server.takeRequest(10, TimeUnit.SECONDS)).isNotNull();
    reader.wakeUp();

    assertThat(fetch.get(10, TimeUnit.SECONDS).nextSplit()).isNull();
  }

  private RestSplitReader reader(AuthStyle auth, Configuration config) throws IOException {
    return reader(auth, config, sleeper);
  }

  private RestSplitReader reader(AuthStyle auth, Configuration config, Sleeper sleeper)
      throws IOException {
    Path keyFile = tmp.resolve("polygon.key");
    Files.writeString(keyFile, KEY + "\n");
    RestConnection connection = new RestConnection(auth, Credentials.fromFile(keyFile), config, 1);
    connections.add(connection);
    metrics = new RestSourceReaderMetrics(new TestingReaderContext().metricGroup());
    return new RestSplitReader(
        server.url("/"),
        new PolygonAggsProtocol(PolygonAggsProtocol.MAX_PAGE_SIZE, auth),
        connection,
        metrics,
        config,
        sleeper);
  }

  /** Backoff small enough that a real sleeper would not slow the test down either. */
  private static Configuration config() {
    Configuration config = new Configuration();
    config.set(RestSourceOptions.BACKOFF_INITIAL, Duration.ofMillis(1));
    config.set(RestSourceOptions.BACKOFF_MAX, Duration.ofSeconds(5));
    return config;
  }

  /** Fetches until the split finishes, emitting every element through the real emitter. */
  private static SplitDrain.Result drain(RestSplitReader reader, RestSplit split)
      throws IOException {
    return SplitDrain.drain(reader, split, 20);
  }

  private static CompletableFuture<RecordsWithSplitIds<RestElement>> fetchAsync(
      RestSplitReader reader) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return reader.fetch();
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  private List<RecordedRequest> takeRequests(int count) throws InterruptedException {
    List<RecordedRequest> requests = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      requests.add(server.takeRequest(10, TimeUnit.SECONDS));
    }
    return requests;
  }

  private static String cursorPath(String cursor) {
    return "/v2/aggs/ticker/AAPL/range/1/day/1578114000000/2020-01-10?cursor=" + cursor;
  }

  /** A Polygon aggregates page with one bar per timestamp. */
  private static String page(String nextUrl, long... timestamps) {
    StringBuilder results = new StringBuilder();
    for (long t : timestamps) {
      results
          .append(results.length() == 0 ? "" : ",")
          .append("{\"c\":1.5,\"t\":")
          .append(t)
          .append('}');
    }
    return "{\"status\":\"OK\",\"results\":["
        + results
        + "]"
        + (nextUrl == null ? "" : ",\"next_url\":\"" + nextUrl + "\"")
        + "}";
  }

  private static MockResponse json(String body) {
    return new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
  }

  private static String fixture(String name) throws IOException {
    try (InputStream in = RestSplitReaderTest.class.getResourceAsStream("/apiref/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
