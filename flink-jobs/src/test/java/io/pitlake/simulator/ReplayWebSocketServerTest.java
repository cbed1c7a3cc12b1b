package io.pitlake.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.junit.jupiter.api.Test;

/**
 * A large first subscription is answered at once: the replay's schedule (every symbol's 390 bars
 * and its trades) is built off the websocket thread, so the client's pings are answered meanwhile.
 */
class ReplayWebSocketServerTest {

  private static final String KEY = "replay-test-key";
  private static final int SYMBOLS = 1_000;
  private static final Duration PING_INTERVAL = Duration.ofSeconds(2);

  @Test
  void aLargeSubscriptionIsAnsweredWithinThePingInterval() throws Exception {
    OkHttpClient http = new OkHttpClient.Builder().pingInterval(PING_INTERVAL).build();
    try (PolygonSimulator simulator = PolygonSimulator.builder().apiKey(KEY).build().start()) {
      PolygonWebSocketServer websocket =
          simulator.startWebSocket(SessionReplay.of(LocalDate.of(2024, 3, 5), 60));
      BlockingQueue<String> frames = new LinkedBlockingQueue<>();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      WebSocket socket =
          http.newWebSocket(
              new Request.Builder().url(websocket.url()).build(),
              new WebSocketListener() {
                @Override
                public void onMessage(WebSocket webSocket, String text) {
                  frames.add(text);
                }

                @Override
                public void onFailure(WebSocket webSocket, Throwable t, Response response) {
                  failure.set(t);
                }
              });
      socket.send("{\"action\":\"auth\",\"params\":\"" + KEY + "\"}");
      String channels =
          IntStream.rangeClosed(1, SYMBOLS)
              .mapToObj(i -> String.format("AM.S%04d", i))
              .collect(Collectors.joining(","));
      long sent = System.nanoTime();
      socket.send("{\"action\":\"subscribe\",\"params\":\"" + channels + "\"}");
      // A message after the subscription: its answer comes once the subscription was handled.
      socket.send("{\"action\":\"mark\"}");
      String frame;
      do {
        frame = frames.poll(30, TimeUnit.SECONDS);
        assertThat(frame).as("an answer to every message").isNotNull();
      } while (!frame.contains("unknown action: mark"));
      Duration answered = Duration.ofNanos(System.nanoTime() - sent);
      assertThat(answered).as("the subscription answered").isLessThan(PING_INTERVAL);
      assertThat(websocket.replaying()).isTrue();

      // The schedule is built meanwhile: the first bars go out, and no pong was missed.
      do {
        frame = frames.poll(60, TimeUnit.SECONDS);
        assertThat(frame).as("the replay's first bars").isNotNull();
      } while (!frame.contains("\"ev\":\"AM\""));
      assertThat(failure.get()).as("the connection, pinged every %s", PING_INTERVAL).isNull();
      assertThat(websocket.connectionCount()).isEqualTo(1);
      socket.close(1000, "done");
    } finally {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }
}
