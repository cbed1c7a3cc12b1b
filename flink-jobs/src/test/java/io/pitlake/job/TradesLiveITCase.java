package io.pitlake.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pitlake.job.ingest.IntradayChannel;
import io.pitlake.job.ingest.IntradayVendor;
import io.pitlake.simulator.AlpacaSimulator;
import io.pitlake.simulator.AlpacaWebSocketServer;
import io.pitlake.simulator.PolygonSimulator;
import io.pitlake.simulator.PolygonWebSocketServer;
import io.pitlake.simulator.ReplayWebSocketServer;
import io.pitlake.simulator.SentTrade;
import io.pitlake.simulator.SessionReplay;
import io.pitlake.simulator.SimulatedTrade;
import io.pitlake.simulator.SimulatedTrades;
import io.pitlake.simulator.TradeEvent;
import io.pitlake.source.rest.Credentials;
import io.pitlake.source.websocket.WebSocketSourceOptions;
import io.pitlake.table.Layer;
import io.pitlake.table.PitlakeTables;
import io.pitlake.testing.DocumentedReads;
import io.pitlake.testing.Lake;
import io.pitlake.testing.Runs;
import io.pitlake.testing.SecretScan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live job with {@code --intraday polygon|alpaca --channels bars,trades}: the simulator's
 * websocket replays a session with 20 trades per symbol and minute at high speed (Alpaca's with 3%
 * corrected and 2% cancelled later). Every trade, correction and cancel the simulator sent must be
 * one row of {@code silver.trades}, and the documented as-of read ({@code
 * sql/reads/trades_as_of.sql}) at the end must give the simulator's settled tape, which its REST
 * endpoint serves over HTTP. With dropped connections, the REST gap fill must bring the lost
 * trades, none twice.
 */
class TradesLiveITCase {

  @RegisterExtension static final MiniClusterExtension FLINK = Runs.miniCluster();

  static final List<String> SYMBOLS = List.of("AAPL", "MSFT");
  static final LocalDate SESSION = LocalDate.of(2024, 3, 1);
  static final Duration DEADLINE = Duration.ofMinutes(3);
  static final String ALPACA_ID = "PKTRADESTEST";
  static final String ALPACA_SECRET = "alpaca-secret-trades-7c1d";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path root;

  @Test
  @DisplayName("polygon: every trade sent is one row; the as-of tape is the REST tape")
  void polygonTradesAreStoredOnceAndSettleToTheRestTape() throws Exception {
    try (PolygonSimulator simulator = polygon();
        Lake lake = new Lake(root)) {
      PolygonWebSocketServer websocket =
          simulator.startWebSocket(new SessionReplay(SESSION, 1_500, SYMBOLS, 0.05, 0.02, 7));
      run(
          lake,
          simulator,
          websocket,
          websocket.url(),
          simulator.baseUrl(),
          null,
          IntradayVendor.POLYGON,
          Runs.options());
      List<Map<String, Object>> trades = lake.rows(PitlakeTables.SILVER_TRADES);
      assertEverySentEventOnce(trades, websocket.sentTrades(), "polygon");
      assertThat(onPath(lake.rows(PitlakeTables.SILVER_MINUTE_BARS), "websocket"))
          .as("bars on the same connection")
          .isNotEmpty();
      Map<String, List<Key>> rest = new TreeMap<>();
      for (String symbol : SYMBOLS) {
        rest.put(symbol, polygonRestTape(simulator, symbol));
        assertThat(rest.get(symbol))
            .isEqualTo(
                keys(
                    simulator.trades(symbol, SESSION).tape(),
                    t -> Long.toString(t.polygonExchange())));
      }
      assertThat(tapeAsOf(lake, Instant.parse("2100-01-01T00:00:00Z"))).isEqualTo(rest);
      assertBatchRebuildIsTheSame(lake, trades);
      SecretScan.assertNoRowHolds(
          lake,
          List.of(
              PitlakeTables.BRONZE_POLYGON_WS,
              PitlakeTables.SILVER_TRADES,
              PitlakeTables.SILVER_QUARANTINE),
          Runs.KEY);
    }
  }

  @Test
  @DisplayName(
      "alpaca: corrections and cancels are rows of their own; the as-of tape applies them as of T")
  void alpacaCorrectionsAndCancelsApplyAsOfT() throws Exception {
    try (PolygonSimulator daily = polygon();
        AlpacaSimulator alpaca = alpaca();
        Lake lake = new Lake(root)) {
      AlpacaWebSocketServer websocket =
          alpaca.startWebSocket(new SessionReplay(SESSION, 3_000, SYMBOLS, 0.05, 0.02, 7));
      run(
          lake,
          daily,
          websocket,
          websocket.url("sip"),
          alpaca.baseUrl(),
          alpacaKey(),
          IntradayVendor.ALPACA,
          Runs.options());
      List<Map<String, Object>> trades = lake.rows(PitlakeTables.SILVER_TRADES);
      assertEverySentEventOnce(trades, websocket.sentTrades(), "alpaca");
      assertThat(trades.stream().map(r -> r.get("event_kind")).collect(Collectors.toSet()))
          .containsExactlyInAnyOrder("trade", "correction", "cancel");
      Map<String, List<Key>> rest = new TreeMap<>();
      for (String symbol : SYMBOLS) {
        rest.put(symbol, alpacaRestTape(alpaca, symbol));
        assertThat(rest.get(symbol))
            .isEqualTo(keys(alpaca.trades(symbol, SESSION).tape(), SimulatedTrade::alpacaExchange));
      }
      assertThat(tapeAsOf(lake, Instant.parse("2100-01-01T00:00:00Z"))).isEqualTo(rest);
      // Just before a correction was received, the tape still has the trade it corrects; from then
      // on the corrected trade instead.
      Map<String, Object> correction =
          trades.stream()
              .filter(r -> "correction".equals(r.get("event_kind")))
              .min(
                  (a, b) ->
                      ((Instant) a.get("available_at")).compareTo((Instant) b.get("available_at")))
              .orElseThrow();
      Instant at = (Instant) correction.get("available_at");
      String symbol = (String) correction.get("symbol");
      List<String> before = ids(tapeAsOf(lake, at.minusMillis(1)).get(symbol));
      List<String> after = ids(tapeAsOf(lake, at).get(symbol));
      assertThat(before)
          .contains((String) correction.get("refers_to"))
          .doesNotContain((String) correction.get("trade_id"));
      assertThat(after)
          .contains((String) correction.get("trade_id"))
          .doesNotContain((String) correction.get("refers_to"));
      assertBatchRebuildIsTheSame(lake, trades);
      SecretScan.assertNoRowHolds(
          lake,
          List.of(
              PitlakeTables.BRONZE_ALPACA_WS,
              PitlakeTables.SILVER_TRADES,
              PitlakeTables.SILVER_QUARANTINE),
          ALPACA_SECRET,
          Runs.KEY);
    }
  }

  @Test
  @DisplayName("polygon chaos: after the REST gap fills every trade of the tape is there once")
  void polygonGapsAreFilledWithTrades() throws Exception {
    try (PolygonSimulator simulator = polygon();
        Lake lake = new Lake(root)) {
      PolygonWebSocketServer websocket =
          simulator.startWebSocket(
              new SessionReplay(SESSION, 1_500, SYMBOLS, 0.05, 0.02, 11).withChaos(0.001, 0.0005));
      run(
          lake,
          simulator,
          websocket,
          websocket.url(),
          simulator.baseUrl(),
          null,
          IntradayVendor.POLYGON,
          Runs.options());
      assertThat(websocket.disconnectCount()).as("connections dropped").isPositive();
      List<Map<String, Object>> trades = lake.rows(PitlakeTables.SILVER_TRADES);
      assertNoEventTwice(trades);
      Map<String, List<Key>> tape = new TreeMap<>();
      for (String symbol : SYMBOLS) {
        tape.put(
            symbol,
            keys(
                simulator.trades(symbol, SESSION).tape(), t -> Long.toString(t.polygonExchange())));
      }
      assertThat(tapeAsOf(lake, Instant.parse("2100-01-01T00:00:00Z"))).isEqualTo(tape);
      assertGapsFilled(lake, trades);
      SecretScan.assertNoRowHolds(
          lake,
          List.of(
              PitlakeTables.BRONZE_POLYGON_WS,
              PitlakeTables.SILVER_TRADES,
              PitlakeTables.BRONZE_FEED_OUTAGES),
          Runs.KEY);
    }
  }

  @Test
  @DisplayName("alpaca chaos: after the REST gap fills every trade of the tape is there once")
  void alpacaGapsAreFilledWithTrades() throws Exception {
    try (PolygonSimulator daily = polygon();
        AlpacaSimulator alpaca = alpaca();
        Lake lake = new Lake(root)) {
      AlpacaWebSocketServer websocket =
          alpaca.startWebSocket(
              new SessionReplay(SESSION, 3_000, SYMBOLS, 0.05, 0.02, 11).withChaos(0.001, 0.0005));
      Configuration options = Runs.options();
      options.set(WebSocketSourceOptions.CONNECTION_LIMIT_HOLD, Duration.ofMillis(20));
      run(
          lake,
          daily,
          websocket,
          websocket.url("iex"),
          alpaca.baseUrl(),
          alpacaKey(),
          IntradayVendor.ALPACA,
          options);
      assertThat(websocket.disconnectCount()).as("connections dropped").isPositive();
      List<Map<String, Object>> trades = lake.rows(PitlakeTables.SILVER_TRADES);
      assertNoEventTwice(trades);
      // A correction or cancel lost in an outage is not on the REST tape (which is settled), so
      // the as-of tape may keep a trade the vendor later took back; every settled trade is there.
      Map<String, List<Key>> asOf = tapeAsOf(lake, Instant.parse("2100-01-01T00:00:00Z"));
      for (String symbol : SYMBOLS) {
        assertThat(asOf.get(symbol))
            .as(
                "%s after the outages %s",
                symbol,
                lake.rows(PitlakeTables.BRONZE_FEED_OUTAGES).stream()
                    .map(
                        r ->
                            r.get("event_time")
                                + ".."
                                + r.get("end_time")
                                + " "
                                + r.get("cause")
                                + " trades "
                                + r.get("filled_trades")
                                + " "
                                + r.get("fill_error"))
                    .toList())
            .containsAll(
                keys(alpaca.trades(symbol, SESSION).tape(), SimulatedTrade::alpacaExchange));
      }
      assertGapsFilled(lake, trades);
      SecretScan.assertNoRowHolds(
          lake,
          List.of(
              PitlakeTables.BRONZE_ALPACA_WS,
              PitlakeTables.SILVER_TRADES,
              PitlakeTables.BRONZE_FEED_OUTAGES),
          ALPACA_SECRET);
    }
  }

  /** A trade of a tape: what the as-of read and the simulator's REST must agree on. */
  record Key(String tradeId, String exchange, long sipMillis, double price, double size) {}

  private static PolygonSimulator polygon() {
    return PolygonSimulator.builder()
        .seed(5)
        .apiKey(Runs.KEY)
        .trades(new SimulatedTrades(20, 0, 0))
        .build()
        .start();
  }

  private static AlpacaSimulator alpaca() {
    return AlpacaSimulator.builder()
        .seed(5)
        .keyPair(ALPACA_ID, ALPACA_SECRET)
        .trades(new SimulatedTrades(20, 0.03, 0.02))
        .build()
        .start();
  }

  private Credentials alpacaKey() throws Exception {
    Path file = Files.writeString(root.resolve("alpaca.key"), ALPACA_ID + ":" + ALPACA_SECRET);
    return Credentials.fromFile(file);
  }

  /**
   * Runs the live job with bars and trades until the replay ended and silver holds every message
   * sent, or, with chaos, nothing changed for five polls (or the deadline); then cancels it.
   */
  private static void run(
      Lake lake,
      PolygonSimulator daily,
      ReplayWebSocketServer websocket,
      String url,
      String restBaseUrl,
      Credentials credentials,
      IntradayVendor vendor,
      Configuration options)
      throws Exception {
    JobClient job =
        Runs.startIntraday(
            lake,
            daily,
            websocket,
            SYMBOLS,
            SESSION,
            url,
            restBaseUrl,
            credentials,
            vendor,
            EnumSet.of(IntradayChannel.BARS, IntradayChannel.TRADES),
            options);
    try {
      assertThat(websocket.awaitReplayed(DEADLINE)).as("the replay ends").isTrue();
      long deadline = System.nanoTime() + DEADLINE.toNanos();
      long last = -1;
      int stable = 0;
      long sent = websocket.sentTrades().size();
      boolean chaos = websocket.replay().disconnectRate() > 0;
      while (System.nanoTime() < deadline) {
        Thread.sleep(1_000);
        long rows = lake.rows(PitlakeTables.SILVER_TRADES).size();
        if (!chaos && rows >= sent) {
          break;
        }
        // With drops, what arrives is not known in advance: until five polls in a row found no
        // new trade and no new outage (a gap fill waits for the vendor's REST rate).
        rows += 1_000_000L * lake.rows(PitlakeTables.BRONZE_FEED_OUTAGES).size();
        stable = rows == last ? stable + 1 : 0;
        if (chaos && stable >= 5) {
          break;
        }
        last = rows;
      }
      assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
    } finally {
      job.cancel().get();
    }
  }

  /**
   * Every message the replay sent is exactly one row, by kind and id, with the values sent; all
   * came by websocket, known after their SIP time; bronze has one version-1 row per trade.
   */
  private static void assertEverySentEventOnce(
      List<Map<String, Object>> rows, List<SentTrade> sent, String vendor) {
    assertThat(sent).hasSizeGreaterThan(SYMBOLS.size() * 390 * 20 - 1);
    Map<String, TradeEvent> expected = new HashMap<>();
    for (SentTrade message : sent) {
      TradeEvent event = message.event();
      String kind = event.kind().name().toLowerCase();
      assertThat(
              expected.put(event.trade().symbol() + "|" + kind + "|" + event.trade().id(), event))
          .isNull();
    }
    Map<String, Map<String, Object>> stored = new HashMap<>();
    for (Map<String, Object> row : rows) {
      assertThat(
              stored.put(
                  row.get("symbol") + "|" + row.get("event_kind") + "|" + row.get("trade_id"), row))
          .as("row %s once", row)
          .isNull();
      assertThat(row.get("path")).isEqualTo("websocket");
      assertThat(row.get("vendor")).isEqualTo(vendor);
      assertThat((Instant) row.get("available_at"))
          .isAfterOrEqualTo((Instant) row.get("event_time"));
    }
    assertThat(stored.keySet()).isEqualTo(expected.keySet());
    expected.forEach(
        (key, event) -> {
          Map<String, Object> row = stored.get(key);
          assertThat(((Instant) row.get("event_time")).toEpochMilli())
              .isEqualTo(event.trade().sipMillis());
          if (event.kind() != TradeEvent.Kind.CANCEL) {
            assertThat(row.get("price")).isEqualTo(event.trade().price());
            assertThat(row.get("size")).isEqualTo((double) event.trade().size());
          }
          if (event.kind() != TradeEvent.Kind.TRADE) {
            assertThat(row.get("refers_to")).isEqualTo(Long.toString(event.refersTo()));
          }
        });
  }

  /** No trade, correction or cancel is stored twice, whichever path brought it. */
  private static void assertNoEventTwice(List<Map<String, Object>> rows) {
    Map<String, Long> counts =
        rows.stream()
            .collect(
                Collectors.groupingBy(
                    r ->
                        r.get("symbol")
                            + "|"
                            + ("cancel".equals(r.get("event_kind")) ? "cancel" : "trade")
                            + "|"
                            + r.get("exchange")
                            + "|"
                            + r.get("trade_id"),
                    Collectors.counting()));
    assertThat(counts.values()).allMatch(count -> count == 1);
  }

  /** Some trades came by REST after an outage; the outage rows count what was filled. */
  private static void assertGapsFilled(Lake lake, List<Map<String, Object>> trades) {
    List<Map<String, Object>> rest = onPath(trades, "rest");
    assertThat(rest).as("trades filled by REST").isNotEmpty();
    for (Map<String, Object> row : rest) {
      assertThat((Instant) row.get("available_at")).isAfter((Instant) row.get("event_time"));
    }
    List<Map<String, Object>> outages = lake.rows(PitlakeTables.BRONZE_FEED_OUTAGES);
    assertThat(outages).isNotEmpty();
    assertThat(outages.stream().mapToInt(r -> (Integer) r.get("filled_trades")).sum())
        .isGreaterThanOrEqualTo(rest.size());
  }

  /** A batch build of the same bronze gives the rows the live job wrote. */
  private static void assertBatchRebuildIsTheSame(Lake lake, List<Map<String, Object>> streamed) {
    new Backfill(new Configuration(), line -> {})
        .buildSql(lake.config(), Runs.options(), RunMode.BATCH, Layer.INTRADAY);
    assertThat(lake.rows(PitlakeTables.SILVER_TRADES))
        .containsExactlyInAnyOrderElementsOf(streamed);
  }

  /** The documented as-of read at {@code t}, per symbol in SIP then id order. */
  private static Map<String, List<Key>> tapeAsOf(Lake lake, Instant t) throws Exception {
    Map<String, List<Key>> tape = new TreeMap<>();
    for (Map<String, Object> row : Runs.query(lake, DocumentedReads.tradesAsOf(t))) {
      tape.computeIfAbsent((String) row.get("symbol"), s -> new ArrayList<>())
          .add(
              new Key(
                  (String) row.get("trade_id"),
                  (String) row.get("exchange"),
                  ((Instant) row.get("event_time")).toEpochMilli(),
                  (Double) row.get("price"),
                  (Double) row.get("size")));
    }
    tape.values().forEach(TradesLiveITCase::sort);
    return tape;
  }

  private static List<Key> keys(
      List<SimulatedTrade> trades, Function<SimulatedTrade, String> exchange) {
    List<Key> keys = new ArrayList<>();
    for (SimulatedTrade trade : trades) {
      keys.add(
          new Key(
              Long.toString(trade.id()),
              exchange.apply(trade),
              trade.sipMillis(),
              trade.price(),
              trade.size()));
    }
    sort(keys);
    return keys;
  }

  private static void sort(List<Key> keys) {
    keys.sort(
        (a, b) ->
            a.sipMillis() != b.sipMillis()
                ? Long.compare(a.sipMillis(), b.sipMillis())
                : a.tradeId().compareTo(b.tradeId()));
  }

  private static List<String> ids(List<Key> keys) {
    return keys.stream().map(Key::tradeId).toList();
  }

  /** The session's tape as the Polygon simulator's {@code /v3/trades} serves it over HTTP. */
  private static List<Key> polygonRestTape(PolygonSimulator simulator, String symbol)
      throws Exception {
    List<Key> keys = new ArrayList<>();
    String url =
        simulator.baseUrl()
            + "/v3/trades/"
            + symbol
            + "?timestamp="
            + SESSION
            + "&order=asc&limit=50000";
    OkHttpClient http = new OkHttpClient();
    while (url != null) {
      Request request =
          new Request.Builder().url(url).header("Authorization", "Bearer " + Runs.KEY).build();
      try (Response response = http.newCall(request).execute()) {
        assertThat(response.code()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body().string());
        for (JsonNode trade : body.get("results")) {
          keys.add(
              new Key(
                  trade.get("id").asText(),
                  trade.get("exchange").asText(),
                  trade.get("sip_timestamp").asLong() / 1_000_000,
                  trade.get("price").asDouble(),
                  trade.get("size").asDouble()));
        }
        url = body.hasNonNull("next_url") ? body.get("next_url").asText() : null;
      }
    }
    sort(keys);
    return keys;
  }

  /** The session's tape as the Alpaca simulator's {@code /v2/stocks/{symbol}/trades} serves it. */
  private static List<Key> alpacaRestTape(AlpacaSimulator simulator, String symbol)
      throws Exception {
    List<Key> keys = new ArrayList<>();
    OkHttpClient http = new OkHttpClient();
    String token = null;
    do {
      String url =
          simulator.baseUrl()
              + "/v2/stocks/"
              + symbol
              + "/trades?start="
              + SESSION
              + "&end="
              + SESSION
              + "&limit=10000&feed=sip"
              + (token == null ? "" : "&page_token=" + token);
      Request request =
          new Request.Builder()
              .url(url)
              .header("APCA-API-KEY-ID", ALPACA_ID)
              .header("APCA-API-SECRET-KEY", ALPACA_SECRET)
              .build();
      try (Response response = http.newCall(request).execute()) {
        assertThat(response.code()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body().string());
        for (JsonNode trade : body.get("trades")) {
          keys.add(
              new Key(
                  trade.get("i").asText(),
                  trade.get("x").asText(),
                  Instant.parse(trade.get("t").asText()).toEpochMilli(),
                  trade.get("p").asDouble(),
                  trade.get("s").asDouble()));
        }
        token =
            body.path("next_page_token").isTextual() ? body.get("next_page_token").asText() : null;
      }
    } while (token != null);
    sort(keys);
    return keys;
  }

  private static List<Map<String, Object>> onPath(List<Map<String, Object>> rows, String path) {
    return rows.stream().filter(r -> path.equals(r.get("path"))).toList();
  }
}
