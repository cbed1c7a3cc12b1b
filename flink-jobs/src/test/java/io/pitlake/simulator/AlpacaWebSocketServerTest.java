package io.pitlake.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.junit.jupiter.api.Test;

/**
 * The Alpaca simulator's websocket speaks Alpaca's protocol: greeting, auth with the pair (402 for
 * another, 406 for a second session on it, the first staying), 401 before auth, the subscription
 * state, and {@code /v2/test} streaming {@code FAKEPACA} only.
 */
class AlpacaWebSocketServerTest {

  private static final String ID = "PKTEST";
  private static final String SECRET = "alpaca-test-secret";
  private static final String AUTH =
      "{\"action\":\"auth\",\"key\":\"" + ID + "\",\"secret\":\"" + SECRET + "\"}";
  private static final LocalDate SESSION = LocalDate.of(2024, 3, 1);

  private final OkHttpClient http = new OkHttpClient();

  @Test
  void theTestFeedStreamsFakepacaOnlyAndASecondSessionIsRefused() throws Exception {
    try (AlpacaSimulator simulator =
        AlpacaSimulator.builder().keyPair(ID, SECRET).build().start()) {
      AlpacaWebSocketServer server =
          simulator.startWebSocket(new SessionReplay(SESSION, 10_000, List.of(), 0, 0, 1));
      Client first = new Client(server.url("test"));
      assertThat(first.next()).isEqualTo("[{\"T\":\"success\",\"msg\":\"connected\"}]");
      first.socket.send("{\"action\":\"subscribe\",\"bars\":[\"FAKEPACA\"]}");
      assertThat(first.next()).contains("\"code\":401");
      first.socket.send(AUTH);
      assertThat(first.next()).isEqualTo("[{\"T\":\"success\",\"msg\":\"authenticated\"}]");

      Client wrong = new Client(server.url("iex"));
      wrong.next();
      wrong.socket.send(AUTH.replace(SECRET, "other"));
      assertThat(wrong.next()).contains("\"code\":402").contains("auth failed");
      Client second = new Client(server.url("iex"));
      second.next();
      second.socket.send(AUTH);
      assertThat(second.next()).contains("\"code\":406").contains("connection limit exceeded");
      assertThat(server.refusedCount()).isEqualTo(1);

      first.socket.send("{\"action\":\"subscribe\",\"bars\":[\"FAKEPACA\",\"AAPL\"]}");
      assertThat(first.next())
          .startsWith("[{\"T\":\"subscription\"")
          .contains("\"bars\":[")
          .contains("FAKEPACA");
      for (int i = 0; i < 20; i++) {
        assertThat(first.next()).startsWith("[{\"T\":\"b\",\"S\":\"FAKEPACA\"");
      }
      assertThat(server.sent()).allSatisfy(bar -> assertThat(bar.symbol()).isEqualTo("FAKEPACA"));
      first.socket.cancel();
    }
  }

  /** A websocket client that queues the frames it receives. */
  private final class Client {
    final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    final WebSocket socket;

    Client(String url) {
      socket =
          http.newWebSocket(
              new Request.Builder().url(url).build(),
              new WebSocketListener() {
                @Override
                public void onMessage(WebSocket webSocket, String text) {
                  frames.add(text);
                }
              });
    }

    String next() throws InterruptedException {
      String frame = frames.poll(10, TimeUnit.SECONDS);
      assertThat(frame).as("a frame within 10 s").isNotNull();
      return frame;
    }
  }
}
