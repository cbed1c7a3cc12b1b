package io.pitlake.source.websocket.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.pitlake.simulator.PolygonSimulator;
import io.pitlake.simulator.PolygonWebSocketServer;
import io.pitlake.simulator.SessionReplay;
import io.pitlake.source.websocket.Outage;
import io.pitlake.source.websocket.ReceivedElement;
import io.pitlake.source.websocket.WebSocketSourceOptions;
import io.pitlake.source.websocket.split.WebSocketSplit;
import io.pitlake.vendor.polygon.PolygonWebSocketProtocol;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The split reader over real OkHttp websockets on loopback: against the Polygon simulator's
 * websocket, and against an HTTP server that refuses the upgrade.
 */
class WebSocketSplitReaderTest {

  private static final String KEY = "ws-test-key-8c1d2e";
  private static final LocalDate SESSION = LocalDate.of(2024, 3, 1);

  private final OkHttpClient http =
      new OkHttpClient.Builder().pingInterval(Duration.ofSeconds(1)).build();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final List<WebSocketSplitReader> readers = new ArrayList<>();

  @AfterEach
  void close() {
    readers.forEach(WebSocketSplitReader::close);
    timer.shutdownNow();
    http.dispatcher().executorService().shutdown();
  }

  @Test
  @DisplayName("every element of every frame is emitted, stamped, and the handshake is answered")
  void everyElementOfEveryFrameIsEmitted() throws Exception {
    try (PolygonSimulator simulator = simulator()) {
      PolygonWebSocketServer websocket =
          simulator.startWebSocket(
              new SessionReplay(SESSION, 6_000, List.of("AAPL", "MSFT"), 0, 0, 1));
      Metrics metrics = new Metrics();
      WebSocketSplitReader reader = reader(options(), KEY, metrics.group);
      reader.handleSplitsChanges(
          new SplitsAddition<>(List.of(split(websocket.url(), "AM.AAPL", "AM.MSFT"))));
      List<WebSocketElement> elements = drain(reader, 60, Duration.ofSeconds(20));
      assertThat(elements).hasSizeGreaterThanOrEqualTo(60);
      assertThat(elements)
          .allSatisfy(e -> assertThat(e.record().payload()).contains("\"ev\":\"AM\""))
          .allSatisfy(e -> assertThat(e.record().failure()).isNull())
          .allSatisfy(e -> assertThat(e.markKey()).isIn("AM.AAPL", "AM.MSFT"));
      // Both symbols' bars of one minute go out in one frame; each of its elements is emitted.
      assertThat(elements.stream().map(WebSocketElement::markKey).distinct()).hasSize(2);
      assertThat(
              elements.stream()
                  .collect(Collectors.groupingBy(e -> e.record().receivedAt()))
                  .values()
                  .stream()
                  .anyMatch(frame -> frame.size() > 1))
          .as("a frame of several elements")
          .isTrue();
      assertThat(
              elements.stream()
                  .filter(e -> e.markKey().equals("AM.AAPL"))
                  .map(WebSocketElement::markMillis))
          .isSorted()
          .doesNotHaveDuplicates();
    }
  }

  @Test
  @DisplayName("a malformed frame or element becomes one failure record with its raw text")
  void malformedFramesBecomeFailureRecords() {
    WebSocketSplitReader reader = reader(options(), KEY, new Metrics().group);
    RecordsBySplits.Builder<WebSocketElement> batch = new RecordsBySplits.Builder<>();
    Instant at = Instant.parse("2024-03-01T14:31:02Z");
    assertThat(
            reader.read(new Inbound("s", 1, "[{\"ev\":\"AM\",\"sym\":\"A\",\"s\":1},", at), batch))
        .isEqualTo(1);
    assertThat(
            reader.read(
                new Inbound("s", 1, "[1,{\"ev\":\"AM\",\"sym\":\"A\",\"s\":1}]", at), batch))
        .isEqualTo(2);
    assertThat(reader.read(new Inbound("s", 1, "\"hello\"", at), batch)).isEqualTo(1);
    assertThat(
            reader.read(
                new Inbound("s", 1, "[{\"ev\":\"status\",\"status\":\"connected\"}]", at), batch))
        .as("a control message is no record")
        .isZero();
    List<ReceivedElement> records = new ArrayList<>();
    RecordsWithSplitIds<WebSocketElement> built = batch.build();
    while (built.nextSplit() != null) {
      for (WebSocketElement e; (e = built.nextRecordFromSplit()) != null; ) {
        records.add(e.record());
      }
    }
    assertThat(records)
        .extracting(ReceivedElement::failure)
        .containsExactly(
            records.get(0).failure(),
            "element is not a JSON object",
            null,
            "frame is not a JSON array");
    assertThat(records.get(0).failure()).startsWith("frame is not valid JSON");
    assertThat(records.get(0).payload()).isEqualTo("[{\"ev\":\"AM\",\"sym\":\"A\",\"s\":1},");
    assertThat(records).allSatisfy(r -> assertThat(r.receivedAt()).isEqualTo(at));
  }

  @Test
  @DisplayName("a refused key fails the fetch, naming where the key comes from and never the key")
  void aRefusedKeyIsFatal() throws Exception {
    try (PolygonSimulator simulator = simulator()) {
      PolygonWebSocketServer websocket = simulator.startWebSocket(SessionReplay.of(SESSION, 100));
      WebSocketSplitReader reader = reader(options(), "wrong-key-4f2a", new Metrics().group);
      reader.handleSplitsChanges(new SplitsAddition<>(List.of(split(websocket.url(), "AM.AAPL"))));
      assertThatThrownBy(() -> drain(reader, 1, Duration.ofSeconds(10)))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("auth_failed")
          .hasMessageContaining("check the test key")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wrong-key-4f2a"));
    }
  }

  @Test
  @DisplayName("a rejected subscription is reported and the other channels stream")
  void aRejectedSubscriptionIsReported() throws Exception {
    try (PolygonSimulator simulator = simulator()) {
      PolygonWebSocketServer websocket =
          simulator.startWebSocket(new SessionReplay(SESSION, 6_000, List.of("AAPL"), 0, 0, 1));
      Metrics metrics = new Metrics();
      WebSocketSplitReader reader = reader(options(), KEY, metrics.group);
      reader.handleSplitsChanges(
          new SplitsAddition<>(List.of(split(websocket.url(), "AM.AAPL", "Q.AAPL"))));
      assertThat(drain(reader, 5, Duration.ofSeconds(20))).hasSizeGreaterThanOrEqualTo(5);
      assertThat(metrics.group.rejectedSubscriptions()).isEqualTo(1);
      assertThat(metrics.group.reconnects()).isZero();
    }
  }

  @Test
  @DisplayName("a second connection on the key knocks the first off; both back off, no tight loop")
  void aSecondConnectionOnTheKeyMeetsBackoff() throws Exception {
    try (PolygonSimulator simulator = simulator()) {
      PolygonWebSocketServer websocket = simulator.startWebSocket(SessionReplay.of(SESSION, 1));
      Configuration options = options();
      options.set(WebSocketSourceOptions.BACKOFF_INITIAL, Duration.ofMillis(200));
      options.set(WebSocketSourceOptions.BACKOFF_MAX, Duration.ofSeconds(2));
      Metrics first = new Metrics();
      Metrics second = new Metrics();
      WebSocketSplitReader a = reader(options, KEY, first.group);
      WebSocketSplitReader b = reader(options, KEY, second.group);
      a.handleSplitsChanges(new SplitsAddition<>(List.of(split(websocket.url(), "AM.AAPL"))));
      b.handleSplitsChanges(new SplitsAddition<>(List.of(split(websocket.url(), "AM.MSFT"))));
      long end = System.nanoTime() + Duration.ofSeconds(4).toNanos();
      while (System.nanoTime() < end) {
        a.fetch();
        b.fetch();
      }
      assertThat(websocket.kickedCount()).isPositive();
      assertThat(first.group.reconnects() + second.group.reconnects()).isPositive();
      // Waits of at least 100, 200, 400, 800 ms... leave room for a handful of attempts in 4 s.
      assertThat(websocket.connectionCount()).isLessThanOrEqualTo(14);
    }
  }

  @Test
  @DisplayName("HTTP 429 on the upgrade is retried with backoff; HTTP 401 fails")
  void upgradeRefusals() throws Exception {
    AtomicInteger status = new AtomicInteger(429);
    AtomicInteger requests = new AtomicInteger();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          requests.incrementAndGet();
          exchange.sendResponseHeaders(status.get(), -1);
          exchange.close();
        });
    server.start();
    try {
      String url = "ws://127.0.0.1:" + server.getAddress().getPort() + "/stocks";
      Metrics metrics = new Metrics();
      Configuration options = options();
      options.set(WebSocketSourceOptions.BACKOFF_INITIAL, Duration.ofMillis(50));
      options.set(WebSocketSourceOptions.BACKOFF_MAX, Duration.ofMillis(200));
      WebSocketSplitReader reader = reader(options, KEY, metrics.group);
      reader.handleSplitsChanges(new SplitsAddition<>(List.of(split(url, "AM.AAPL"))));
      long end = System.nanoTime() + Duration.ofSeconds(2).toNanos();
      while (System.nanoTime() < end) {
        reader.fetch();
      }
      assertThat(metrics.group.reconnects()).isGreaterThanOrEqualTo(3);
      assertThat(requests.get()).isBetween(4, 45);

      status.set(401);
      WebSocketSplitReader refused = reader(options, KEY, new Metrics().group);
      refused.handleSplitsChanges(new SplitsAddition<>(List.of(split(url, "AM.AAPL"))));
      assertThatThrownBy(() -> drain(refused, 1, Duration.ofSeconds(10)))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("HTTP 401");
    } finally {
      server.stop(0);
    }
  }

  @Test
  @DisplayName("a full queue reconnects instead of blocking the socket, then streams again")
  void aFullQueueReconnects() throws Exception {
    try (PolygonSimulator simulator = simulator()) {
      PolygonWebSocketServer websocket =
          simulator.startWebSocket(new SessionReplay(SESSION, 6_000, List.of("AAPL"), 0, 0, 1));
      Configuration options = options();
      options.set(WebSocketSourceOptions.QUEUE_CAPACITY, 3);
      options.set(WebSocketSourceOptions.BACKOFF_INITIAL, Duration.ofMillis(20));
      options.set(WebSocketSourceOptions.BACKOFF_MAX, Duration.ofMillis(40));
      Metrics metrics = new Metrics();
      WebSocketSplitReader reader = reader(options, KEY, metrics.group);
      reader.handleSplitsChanges(new SplitsAddition<>(List.of(split(websocket.url(), "AM.AAPL"))));
      // Answer the handshake, then stop reading as a back-pressured job would.
      long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!websocket.replaying() && System.nanoTime() < end) {
        reader.fetch();
      }
      Thread.sleep(1_000);
      assertThat(metrics.group.overflows()).isPositive();
      assertThat(metrics.group.reconnects()).isPositive();
      List<WebSocketElement> after = drain(reader, 10, Duration.ofSeconds(20));
      assertThat(after).hasSizeGreaterThanOrEqualTo(10);
      // The blindness is one outage, emitted when the new connection is subscribed.
      assertThat(outages(after))
          .first()
          .satisfies(o -> assertThat(o.cause()).isEqualTo(Outage.QUEUE_OVERFLOW))
          .satisfies(o -> assertThat(o.start()).isBefore(o.end()));
    }
  }

  @Test
  @DisplayName("chaos: cut frames become failure records, dropped connections are made again")
  void chaosIsSurvived() throws Exception {
    try (PolygonSimulator simulator = simulator()) {
      PolygonWebSocketServer websocket =
          simulator.startWebSocket(
              new SessionReplay(SESSION, 3_000, List.of("AAPL"), 0, 0, 3).withChaos(0.1, 0.05));
      Configuration options = options();
      options.set(WebSocketSourceOptions.BACKOFF_INITIAL, Duration.ofMillis(10));
      options.set(WebSocketSourceOptions.BACKOFF_MAX, Duration.ofMillis(20));
      Metrics metrics = new Metrics();
      WebSocketSplitReader reader = reader(options, KEY, metrics.group);
      reader.handleSplitsChanges(new SplitsAddition<>(List.of(split(websocket.url(), "AM.AAPL"))));
      List<WebSocketElement> elements = new ArrayList<>();
      long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!websocket.awaitReplayed(Duration.ZERO) && System.nanoTime() < end) {
        elements.addAll(drain(reader, 1, Duration.ofMillis(200)));
      }
      elements.addAll(drain(reader, Integer.MAX_VALUE, Duration.ofSeconds(1)));
      List<ReceivedElement> failures =
          elements.stream()
              .map(WebSocketElement::record)
              .filter(ReceivedElement::isFailure)
              .toList();
      assertThat(websocket.malformedCount()).isPositive();
      assertThat(websocket.disconnectCount()).isPositive();
      assertThat(failures)
          .isNotEmpty()
          .allSatisfy(f -> assertThat(f.failure()).startsWith("frame is not valid JSON"))
          .allSatisfy(f -> assertThat(f.payload()).startsWith("[{\"ev\":\"AM\""));
      assertThat(metrics.group.reconnects()).isGreaterThanOrEqualTo(websocket.disconnectCount());
      // Each blindness ends in one outage, in order with the elements: a drop and the refusals
      // of its reconnects are one.
      assertThat(outages(elements))
          .hasSizeBetween(1, websocket.disconnectCount())
          .allSatisfy(o -> assertThat(o.start()).isBefore(o.end()))
          .allSatisfy(o -> assertThat(o.cause()).isIn(Outage.DISCONNECT, Outage.REFUSED));
      assertThat(elements.size() - failures.size())
          .as("bars received across the reconnects")
          .isGreaterThan(100);
    }
  }

  @Test
  @DisplayName("a split restored with high-water marks reports an outage from its newest mark")
  void aRestoredSplitReportsAnOutage() throws Exception {
    try (PolygonSimulator simulator = simulator()) {
      PolygonWebSocketServer websocket =
          simulator.startWebSocket(new SessionReplay(SESSION, 6_000, List.of("AAPL"), 0, 0, 1));
      WebSocketReaderMetrics metrics = new Metrics().group;
      WebSocketSplitReader reader = reader(options(), KEY, metrics);
      long mark = Instant.parse("2024-03-01T15:00:00Z").toEpochMilli();
      reader.handleSplitsChanges(
          new SplitsAddition<>(
              List.of(
                  split(websocket.url(), "AM.AAPL").withHighWaterMarks(Map.of("AM.AAPL", mark)))));
      List<WebSocketElement> elements = drain(reader, 5, Duration.ofSeconds(20));
      assertThat(elements.get(0).record().isOutage()).as("the outage comes first").isTrue();
      assertThat(outages(elements))
          .singleElement()
          .satisfies(o -> assertThat(o.cause()).isEqualTo(Outage.RESTORE))
          .satisfies(o -> assertThat(o.start()).isEqualTo(Instant.ofEpochMilli(mark)))
          .satisfies(o -> assertThat(o.channels()).containsExactly("AM.AAPL"));
    }
  }

  private static List<Outage> outages(List<WebSocketElement> elements) {
    return elements.stream()
        .map(WebSocketElement::record)
        .filter(ReceivedElement::isOutage)
        .map(ReceivedElement::outage)
        .toList();
  }

  private PolygonSimulator simulator() {
    return PolygonSimulator.builder().apiKey(KEY).build().start();
  }

  private static Configuration options() {
    Configuration options = new Configuration();
    options.set(WebSocketSourceOptions.BACKOFF_INITIAL, Duration.ofMillis(50));
    options.set(WebSocketSourceOptions.BACKOFF_MAX, Duration.ofMillis(500));
    return options;
  }

  private static WebSocketSplit split(String url, String... channels) {
    return WebSocketSplit.of("polygon:stocks:AM", url, List.of(channels));
  }

  private WebSocketSplitReader reader(
      Configuration options, String key, WebSocketReaderMetrics metrics) {
    WebSocketSplitReader reader =
        new WebSocketSplitReader(
            http,
            new PolygonWebSocketProtocol(),
            () -> key,
            "the test key",
            timer,
            Clock.systemUTC(),
            options,
            metrics);
    readers.add(reader);
    return reader;
  }

  private static List<WebSocketElement> drain(
      WebSocketSplitReader reader, int atLeast, Duration timeout) throws IOException {
    List<WebSocketElement> elements = new ArrayList<>();
    long end = System.nanoTime() + timeout.toNanos();
    while (elements.size() < atLeast && System.nanoTime() < end) {
      RecordsWithSplitIds<WebSocketElement> batch = reader.fetch();
      while (batch.nextSplit() != null) {
        for (WebSocketElement e; (e = batch.nextRecordFromSplit()) != null; ) {
          elements.add(e);
        }
      }
    }
    return elements;
  }

  /** A reader's metrics in a group that reports nowhere. */
  private static final class Metrics {
    final WebSocketReaderMetrics group =
        new WebSocketReaderMetrics(UnregisteredMetricsGroup.createSourceReaderMetricGroup());
  }
}
