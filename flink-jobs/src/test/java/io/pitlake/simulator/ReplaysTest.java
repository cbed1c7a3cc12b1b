package io.pitlake.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pitlake.time.NyseCalendar;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A simulator is one world with one clock: while its websocket replays a session, its REST minute
 * bars and trades end where the replay's clock stands, so a gap fill that asks "up to now" gets
 * what a live vendor would have had; outside a replay they serve everything, as before.
 */
class ReplaysTest {

  private static final String KEY = "replays-test-key";
  private static final String KEY_ID = "PKREPLAYS";
  private static final String SECRET = "replays-test-secret";
  private static final String SYMBOL = "AAPL";
  private static final LocalDate SESSION = LocalDate.of(2024, 3, 5);
  private static final LocalDate NEXT = LocalDate.of(2024, 3, 6);
  private static final long MINUTE_MILLIS = 60_000;
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final OkHttpClient HTTP = new OkHttpClient();

  @AfterAll
  static void closeClient() {
    HTTP.dispatcher().executorService().shutdown();
    HTTP.connectionPool().evictAll();
  }

  @Test
  @DisplayName("mid-replay, Polygon's REST minute bars and trades end at the replay's clock")
  void polygonRestStandsAtTheReplaysClock() throws Exception {
    try (PolygonSimulator simulator = PolygonSimulator.builder().apiKey(KEY).build().start()) {
      PolygonWebSocketServer websocket = simulator.startWebSocket(replay(300));
      assertOneClock(websocket, websocket.url(), polygon(simulator));
    }
  }

  @Test
  @DisplayName("mid-replay, Alpaca's REST minute bars and trades end at the replay's clock")
  void alpacaRestStandsAtTheReplaysClock() throws Exception {
    try (AlpacaSimulator simulator =
        AlpacaSimulator.builder().keyPair(KEY_ID, SECRET).build().start()) {
      AlpacaWebSocketServer websocket = simulator.startWebSocket(replay(300));
      assertOneClock(websocket, websocket.url("iex"), alpaca(simulator));
    }
  }

  @Test
  @DisplayName("a replay past its close serves its whole session, and no later one")
  void aReplayedSessionEndsTheWorld() throws Exception {
    try (PolygonSimulator simulator = PolygonSimulator.builder().apiKey(KEY).build().start()) {
      PolygonWebSocketServer websocket = simulator.startWebSocket(replay(10_000));
      Rest rest = polygon(simulator);
      Served both = rest.fetch();
      subscribe(websocket.url());
      assertThat(websocket.awaitReplayed(Duration.ofSeconds(60))).isTrue();
      // 25 hours of replay: the replay's clock is on the next session, an hour after its open.
      Instant nextOpen = NyseCalendar.instance().session(NEXT).orElseThrow().open();
      awaitClock(websocket, nextOpen.plus(Duration.ofHours(1)));

      long close = NyseCalendar.instance().session(SESSION).orElseThrow().close().toEpochMilli();
      assertThat(rest.fetch())
          .isEqualTo(both.upTo(close))
          .satisfies(served -> assertThat(served.barStarts()).hasSize(390));
    }
  }

  /**
   * Before the replay, {@code rest} serves both sessions whole. Asked once the replay (subscribed
   * at {@code url}) is a few minutes into its session, it serves a prefix of that, holding every
   * bar ended and trade made by the replay's clock before the request, none after its clock after
   * the request. After the replay, both sessions whole again.
   */
  private static void assertOneClock(ReplayWebSocketServer websocket, String url, Rest rest)
      throws Exception {
    Served all = rest.fetch();
    assertThat(all.barStarts()).as("two sessions' minutes").hasSize(2 * 390);
    subscribe(url);
    Instant open = NyseCalendar.instance().session(SESSION).orElseThrow().open();
    awaitClock(websocket, open.plus(Duration.ofMinutes(10)));
    long before = websocket.clock().instant().toEpochMilli();
    Served mid = rest.fetch();
    long after = websocket.clock().instant().toEpochMilli();

    assertThat(after).as("still mid-session").isLessThan(open.toEpochMilli() + 300 * MINUTE_MILLIS);
    assertThat(all.upTo(before).barStarts()).isNotEmpty();
    assertThat(mid.barStarts()).startsWith(all.upTo(before).barStarts().toArray(Long[]::new));
    assertThat(all.upTo(after).barStarts()).startsWith(mid.barStarts().toArray(Long[]::new));
    assertThat(mid.tradeSips()).startsWith(all.upTo(before).tradeSips().toArray(Long[]::new));
    assertThat(all.upTo(after).tradeSips()).startsWith(mid.tradeSips().toArray(Long[]::new));

    websocket.close();
    assertThat(rest.fetch()).as("after the replay, as before it").isEqualTo(all);
  }

  private static SessionReplay replay(double speed) {
    return new SessionReplay(SESSION, speed, List.of(SYMBOL), 0, 0, 1);
  }

  /** Waits until the replay's clock reaches {@code at}. */
  private static void awaitClock(ReplayWebSocketServer websocket, Instant at)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (websocket.clock().instant().isBefore(at) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(websocket.clock().instant()).as("the replay's clock").isAfterOrEqualTo(at);
  }

  /** Connects to Polygon's ({@code /stocks}) or Alpaca's websocket and subscribes to the bars. */
  private static void subscribe(String url) {
    WebSocket socket =
        HTTP.newWebSocket(new Request.Builder().url(url).build(), new WebSocketListener() {});
    if (url.endsWith("/stocks")) {
      socket.send("{\"action\":\"auth\",\"params\":\"" + KEY + "\"}");
      socket.send("{\"action\":\"subscribe\",\"params\":\"AM." + SYMBOL + "\"}");
    } else {
      socket.send("{\"action\":\"auth\",\"key\":\"" + KEY_ID + "\",\"secret\":\"" + SECRET + "\"}");
      socket.send("{\"action\":\"subscribe\",\"bars\":[\"" + SYMBOL + "\"]}");
    }
  }

  /**
   * The start of each minute bar and the SIP time of each trade of the symbol over both sessions,
   * in Unix ms, ascending.
   */
  private record Served(List<Long> barStarts, List<Long> tradeSips) {

    /** What was knowable at {@code millis}: bars ended and trades made by then. */
    Served upTo(long millis) {
      return new Served(
          barStarts.stream().filter(t -> t + MINUTE_MILLIS <= millis).toList(),
          tradeSips.stream().filter(t -> t <= millis).toList());
    }
  }

  /** One vendor's REST reading of both sessions. */
  @FunctionalInterface
  private interface Rest {
    Served fetch() throws IOException;
  }

  private static Rest polygon(PolygonSimulator simulator) {
    String base = simulator.baseUrl();
    return () -> {
      List<Long> bars = new ArrayList<>();
      String minutes = "%s/v2/aggs/ticker/%s/range/1/minute/%s/%s?adjusted=false&limit=50000";
      for (JsonNode bar :
          get(String.format(minutes, base, SYMBOL, SESSION, NEXT)).path("results")) {
        bars.add(bar.get("t").asLong());
      }
      List<Long> trades = new ArrayList<>();
      String tape = "%s/v3/trades/%s?timestamp.gte=%s&timestamp.lte=%s&order=asc&limit=50000";
      for (JsonNode trade : get(String.format(tape, base, SYMBOL, SESSION, NEXT)).path("results")) {
        trades.add(trade.get("sip_timestamp").asLong() / 1_000_000);
      }
      return new Served(bars, trades);
    };
  }

  private static Rest alpaca(AlpacaSimulator simulator) {
    String base = simulator.baseUrl();
    String range = "start=" + SESSION + "T00:00:00Z&end=" + NEXT.plusDays(1) + "T00:00:00Z";
    return () -> {
      List<Long> bars = new ArrayList<>();
      String minutes = "%s/v2/stocks/bars?symbols=%s&timeframe=1Min&feed=iex&limit=10000&%s";
      for (JsonNode bar :
          get(String.format(minutes, base, SYMBOL, range)).path("bars").path(SYMBOL)) {
        bars.add(Instant.parse(bar.get("t").asText()).toEpochMilli());
      }
      List<Long> trades = new ArrayList<>();
      String tape = "%s/v2/stocks/%s/trades?feed=iex&limit=10000&%s";
      String token = "";
      do {
        JsonNode page = get(String.format(tape, base, SYMBOL, range) + token);
        for (JsonNode trade : page.path("trades")) {
          trades.add(Instant.parse(trade.get("t").asText()).toEpochMilli());
        }
        token =
            page.path("next_page_token").isTextual()
                ? "&page_token=" + page.get("next_page_token").asText()
                : "";
      } while (!token.isEmpty());
      return new Served(bars, trades);
    };
  }

  private static JsonNode get(String url) throws IOException {
    Request request =
        new Request.Builder()
            .url(url)
            .header("Authorization", "Bearer " + KEY)
            .header("APCA-API-KEY-ID", KEY_ID)
            .header("APCA-API-SECRET-KEY", SECRET)
            .build();
    try (Response response = HTTP.newCall(request).execute()) {
      String body = response.body().string();
      assertThat(response.code()).as("%s: %s", url, body).isEqualTo(200);
      return MAPPER.readTree(body);
    }
  }
}
