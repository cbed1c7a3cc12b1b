package io.pitlake.source.rest.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pitlake.source.rest.AuthStyle;
import io.pitlake.source.rest.Credentials;
import io.pitlake.source.rest.FetchedRecord;
import io.pitlake.source.rest.MalformedPageException;
import io.pitlake.source.rest.PageProtocol;
import io.pitlake.source.rest.ParsedPage;
import io.pitlake.source.rest.RestSourceOptions;
import io.pitlake.source.rest.metrics.RestSourceReaderMetrics;
import io.pitlake.source.rest.split.RestSplit;
import io.pitlake.source.rest.split.RestSplitState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.testutils.source.reader.TestingReaderContext;
import org.apache.flink.connector.testutils.source.reader.TestingReaderOutput;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link PageProtocol} hooks as the split reader applies them: vendor headers, cursor state
 * that is never sent, the cursor handed to {@code parse}, and protocol-classified fatal responses.
 */
class PageProtocolHooksTest {

  private static final String KEY = "hooks-k3y-SECRET";
  private static final RestSplit SPLIT =
      RestSplit.of("K", LocalDate.parse("2020-01-01"), LocalDate.parse("2020-01-02"));

  @TempDir Path tmp;

  private final MockWebServer server = new MockWebServer();
  private final List<RestConnection> connections = new ArrayList<>();

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
  @DisplayName("the protocol's headers go with every request but never replace the credential")
  void headersOnEveryRequest() throws Exception {
    server.enqueue(json("{\"items\":[1],\"next\":\"p2\"}"));
    server.enqueue(json("{\"items\":[2]}"));

    List<FetchedRecord> records = drain(reader(new StatefulProtocol()));

    assertThat(records).extracting(FetchedRecord::payload).containsExactly("1", "2");
    for (RecordedRequest request : takeRequests(2)) {
      assertThat(request.getHeader("User-Agent")).isEqualTo("Acme Research admin@acme.com");
      assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + KEY);
    }
  }

  @Test
  @DisplayName("cursor state reaches parse and the checkpoint, never the vendor")
  void cursorStateIsNotSent() throws Exception {
    server.enqueue(json("{\"items\":[1],\"next\":\"p2\"}"));
    server.enqueue(json("{\"items\":[2]}"));
    StatefulProtocol protocol = new StatefulProtocol();
    RestSplitReader reader = reader(protocol);
    reader.handleSplitsChanges(new SplitsAddition<>(List.of(SPLIT)));
    RestSplitState state = new RestSplitState(SPLIT);
    TestingReaderOutput<FetchedRecord> output = new TestingReaderOutput<>();
    RestRecordEmitter emitter = new RestRecordEmitter();

    emitAll(reader.fetch(), emitter, output, state);

    assertThat(state.toSplit().cursorUrl())
        .isEqualTo(server.url("/p2?state=after-first").toString());
    emitAll(reader.fetch(), emitter, output, state);
    assertThat(takeRequests(2))
        .extracting(RecordedRequest::getPath)
        .containsExactly("/first", "/p2");
    assertThat(StatefulProtocol.parsedCursors)
        .containsExactly(
            server.url("/first").toString(), server.url("/p2?state=after-first").toString());
    assertThat(state.toSplit().isExhausted()).isTrue();
  }

  @Test
  @DisplayName("a response the protocol calls fatal fails the job with its one line, key redacted")
  void fatalResponseFailsWithProtocolsMessage() throws Exception {
    server.enqueue(json("{\"error\":\"closed for your plan\"}").setResponseCode(403));
    RestSplitReader reader = reader(new StatefulProtocol(), AuthStyle.queryParam("apikey"));
    reader.handleSplitsChanges(new SplitsAddition<>(List.of(SPLIT)));

    assertThatThrownBy(reader::fetch)
        .isInstanceOf(IOException.class)
        .hasMessage(
            "hooks: HTTP 403 for "
                + server.url("/first?apikey=REDACTED")
                + ": the endpoint is closed: use /v2 (status 403)");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  @DisplayName("a response the protocol does not call fatal keeps the source's handling")
  void unclassifiedResponseKeepsDefaultHandling() throws Exception {
    server.enqueue(json("{\"error\":\"no such key\"}").setResponseCode(401));
    RestSplitReader reader = reader(new StatefulProtocol());
    reader.handleSplitsChanges(new SplitsAddition<>(List.of(SPLIT)));

    assertThatThrownBy(reader::fetch)
        .hasMessageContaining("hooks rejected the key with HTTP 401")
        .hasMessageContaining("check the key file");
  }

  /**
   * Pages {@code {"items":[..],"next":"p2"}}; the next cursor carries state the vendor must not
   * see. Static list: the protocol is serializable and copied, the test reads what it parsed.
   */
  private static final class StatefulProtocol implements PageProtocol {
    private static final long serialVersionUID = 1L;
    static final List<String> parsedCursors = new ArrayList<>();

    StatefulProtocol() {
      parsedCursors.clear();
    }

    @Override
    public String name() {
      return "hooks";
    }

    @Override
    public HttpUrl firstPage(HttpUrl baseUrl, RestSplit split) {
      return baseUrl.resolve("/first");
    }

    @Override
    public ParsedPage parse(String body) {
      throw new AssertionError("the reader must call parse(body, cursor)");
    }

    @Override
    public ParsedPage parse(String body, HttpUrl cursor) throws MalformedPageException {
      parsedCursors.add(cursor.toString());
      List<String> items = new ArrayList<>();
      for (String item : body.replaceAll(".*\\[(.*)].*", "$1").split(",")) {
        items.add(item.strip());
      }
      String next =
          body.contains("\"next\"")
              ? cursor
                  .resolve("/p2")
                  .newBuilder()
                  .addQueryParameter("state", "after-first")
                  .build()
                  .toString()
              : null;
      return new ParsedPage(items, next);
    }

    @Override
    public AuthStyle authStyle() {
      return AuthStyle.bearerHeader();
    }

    @Override
    public Map<String, String> headers() {
      return Map.of("User-Agent", "Acme Research admin@acme.com", "Authorization", "Basic x");
    }

    @Override
    public HttpUrl requestUrl(HttpUrl cursor) {
      return cursor.newBuilder().removeAllQueryParameters("state").build();
    }

    @Override
    public Optional<String> fatalError(int status, String body) {
      return status == 403 && body.contains("closed")
          ? Optional.of("the endpoint is closed: use /v2 (status " + status + ")")
          : Optional.empty();
    }
  }

  private RestSplitReader reader(PageProtocol protocol) throws IOException {
    return reader(protocol, AuthStyle.bearerHeader());
  }

  private RestSplitReader reader(PageProtocol protocol, AuthStyle auth) throws IOException {
    Path keyFile = tmp.resolve("hooks.key");
    Files.writeString(keyFile, KEY + "\n");
    Configuration config = new Configuration();
    config.set(RestSourceOptions.BACKOFF_INITIAL, Duration.ofMillis(1));
    RestConnection connection = new RestConnection(auth, Credentials.fromFile(keyFile), config, 1);
    connections.add(connection);
    return new RestSplitReader(
        server.url("/"),
        protocol,
        connection,
        new RestSourceReaderMetrics(new TestingReaderContext().metricGroup()),
        config,
        new RecordingSleeper());
  }

  private static List<FetchedRecord> drain(RestSplitReader reader) throws IOException {
    reader.handleSplitsChanges(new SplitsAddition<>(List.of(SPLIT)));
    RestSplitState state = new RestSplitState(SPLIT);
    TestingReaderOutput<FetchedRecord> output = new TestingReaderOutput<>();
    RestRecordEmitter emitter = new RestRecordEmitter();
    for (int fetches = 0; fetches < 10; fetches++) {
      RecordsWithSplitIds<RestElement> batch = reader.fetch();
      emitAll(batch, emitter, output, state);
      if (batch.finishedSplits().contains(SPLIT.splitId())) {
        return List.copyOf(output.getEmittedRecords());
      }
    }
    throw new AssertionError("split did not finish after 10 fetches");
  }

  private static void emitAll(
      RecordsWithSplitIds<RestElement> batch,
      RestRecordEmitter emitter,
      TestingReaderOutput<FetchedRecord> output,
      RestSplitState state) {
    while (batch.nextSplit() != null) {
      for (RestElement e = batch.nextRecordFromSplit();
          e != null;
          e = batch.nextRecordFromSplit()) {
        emitter.emitRecord(e, output, state);
      }
    }
  }

  private List<RecordedRequest> takeRequests(int count) throws InterruptedException {
    List<RecordedRequest> requests = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      requests.add(server.takeRequest(10, TimeUnit.SECONDS));
    }
    return requests;
  }

  private static MockResponse json(String body) {
    return new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
  }
}
