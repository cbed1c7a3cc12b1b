package io.pitlake.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pitlake.time.NyseCalendar;
import io.pitlake.time.TradingSession;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.junit.jupiter.api.Test;

/**
 * A replay of several sessions ({@link SessionReplay#withSessions}) sends them one after the other:
 * each session's settled bars are the REST simulator's minute bars of that session, all of the
 * first before any of the second, and its clock jumps from after the first close to before the next
 * open instead of running through the weekend.
 */
class SessionsReplayTest {

  private static final String KEY = "sessions-test-key";
  // A Friday: the next session is Monday 2024-03-04.
  private static final LocalDate FRIDAY = LocalDate.of(2024, 3, 1);
  private static final LocalDate MONDAY = LocalDate.of(2024, 3, 4);
  private static final List<String> SYMBOLS = List.of("AAPL", "MSFT");

  @Test
  void twoSessionsReplayInOrderEachSettlingToTheRestMinuteBars() throws Exception {
    SessionReplay replay =
        new SessionReplay(FRIDAY, 10_000, SYMBOLS, 0.05, 0.02, 3).withSessions(2);
    assertThat(replay.sessions()).containsExactly(FRIDAY, MONDAY);
    try (PolygonSimulator simulator = PolygonSimulator.builder().apiKey(KEY).build().start()) {
      PolygonWebSocketServer websocket = simulator.startWebSocket(replay);
      BlockingQueue<String> frames = new LinkedBlockingQueue<>();
      WebSocket socket =
          new OkHttpClient()
              .newWebSocket(
                  new Request.Builder().url(websocket.url()).build(),
                  new WebSocketListener() {
                    @Override
                    public void onMessage(WebSocket webSocket, String text) {
                      frames.add(text);
                    }
                  });
      assertThat(frames.poll(10, TimeUnit.SECONDS)).contains("connected");
      socket.send("{\"action\":\"auth\",\"params\":\"" + KEY + "\"}");
      assertThat(frames.poll(10, TimeUnit.SECONDS)).contains("auth_success");
      socket.send("{\"action\":\"subscribe\",\"params\":\"AM.AAPL,AM.MSFT\"}");
      assertThat(websocket.awaitReplayed(Duration.ofMinutes(1))).isTrue();
      socket.cancel();

      List<SentBar> sent = websocket.sent();
      for (int i = 1; i < sent.size(); i++) {
        assertThat(sent.get(i).sentAt()).isAfterOrEqualTo(sent.get(i - 1).sentAt());
      }
      TradingSession friday = NyseCalendar.instance().session(FRIDAY).orElseThrow();
      TradingSession monday = NyseCalendar.instance().session(MONDAY).orElseThrow();
      int firstOfMonday = 0;
      while (sent.get(firstOfMonday).startMillis() < monday.open().toEpochMilli()) {
        firstOfMonday++;
      }
      assertThat(firstOfMonday).isPositive();
      assertSentDuring(sent.subList(0, firstOfMonday), friday);
      assertSentDuring(sent.subList(firstOfMonday, sent.size()), monday);
      // The clock jumped over the weekend: two spans of 6 h 51 min take 4.9 s at 10,000x, the 79 h
      // from Friday's open to Monday's close 28 s.
      long wall = sent.get(sent.size() - 1).sentWallMillis() - sent.get(0).sentWallMillis();
      assertThat(wall).as("wall milliseconds from the first send to the last").isLessThan(15_000);

      for (String symbol : SYMBOLS) {
        for (LocalDate session : List.of(FRIDAY, MONDAY)) {
          Map<Long, List<Double>> settled = new LinkedHashMap<>();
          TradingSession hours = NyseCalendar.instance().session(session).orElseThrow();
          for (SentBar bar : sent) {
            if (bar.symbol().equals(symbol)
                && bar.startMillis() >= hours.open().toEpochMilli()
                && bar.startMillis() < hours.close().toEpochMilli()) {
              settled.put(bar.startMillis(), values(bar));
            }
          }
          Map<Long, List<Double>> rest = new LinkedHashMap<>();
          for (SimulatedBar bar : simulator.minuteBars(symbol, session)) {
            rest.put(bar.t(), List.of(bar.o(), bar.h(), bar.l(), bar.c(), bar.v(), bar.vw()));
          }
          assertThat(rest).as("%s on %s", symbol, session).hasSize(390);
          assertThat(settled).as("%s on %s", symbol, session).isEqualTo(rest);
        }
      }
      assertThat(sent).anySatisfy(b -> assertThat(b.kind()).isEqualTo(SentBar.Kind.REVISED));
    }
  }

  @Test
  void theLastSessionsBeforeTodayStartFromTheOldest() {
    assertThat(SessionReplay.firstOfLastSessionsBefore(LocalDate.of(2024, 3, 5), 3))
        .isEqualTo(LocalDate.of(2024, 2, 29));
    assertThat(SessionReplay.firstOfLastSessionsBefore(LocalDate.of(2024, 3, 5), 1))
        .isEqualTo(SessionReplay.lastSessionBefore(LocalDate.of(2024, 3, 5)));
    assertThatThrownBy(() -> SessionReplay.of(FRIDAY, 60).withSessions(0))
        .hasMessageContaining("at least 1 session");
  }

  /** The bars are of {@code session}'s minutes and went out after its open on the replay clock. */
  private static void assertSentDuring(List<SentBar> bars, TradingSession session) {
    assertThat(bars)
        .allSatisfy(
            bar ->
                assertThat(bar.startMillis())
                    .isBetween(session.open().toEpochMilli(), session.close().toEpochMilli()))
        .allSatisfy(bar -> assertThat(bar.sentAt()).isAfter(session.open()));
  }

  /** The values the last send of a bar settles to (the REST bar's fields). */
  private static List<Double> values(SentBar bar) {
    return List.of(bar.o(), bar.h(), bar.l(), bar.c(), (double) bar.v(), bar.vw());
  }
}
