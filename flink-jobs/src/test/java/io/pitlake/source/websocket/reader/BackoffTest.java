package io.pitlake.source.websocket.reader;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.source.websocket.ControlMessage;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void theCapDoublesUpToTheMaximumAndEachWaitIsInItsUpperHalf() {
    Backoff low = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), () -> 0.0);
    Backoff high = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), () -> 0.999999);
    long[] lows = new long[6];
    long[] highs = new long[6];
    for (int i = 0; i < 6; i++) {
      lows[i] = low.next().toMillis();
      highs[i] = high.next().toMillis();
    }
    assertThat(lows).containsExactly(50, 100, 200, 400, 500, 500);
    assertThat(highs).containsExactly(99, 199, 399, 799, 999, 999);
    assertThat(low.attempts()).isEqualTo(6);
  }

  @Test
  void aResetStartsFromTheInitialCapAgain() {
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), () -> 0.0);
    backoff.next();
    backoff.next();
    backoff.next();
    backoff.reset();
    assertThat(backoff.next()).isEqualTo(Duration.ofMillis(50));
  }

  @Test
  void upgradeRefusalsAreFatalOrRetriedWithTheirHold() {
    Duration hold = Duration.ofSeconds(90);
    assertThat(WebSocketConnection.classifyUpgrade(401, null, hold).kind())
        .isEqualTo(ControlMessage.Kind.FATAL);
    assertThat(WebSocketConnection.classifyUpgrade(403, null, hold).kind())
        .isEqualTo(ControlMessage.Kind.FATAL);
    assertThat(WebSocketConnection.classifyUpgrade(404, null, hold).kind())
        .isEqualTo(ControlMessage.Kind.FATAL);
    assertThat(WebSocketConnection.classifyUpgrade(406, null, hold))
        .isEqualTo(ControlMessage.reconnect("HTTP 406 on the upgrade (connection limit)", hold));
    assertThat(WebSocketConnection.classifyUpgrade(429, "7", hold).hold())
        .isEqualTo(Duration.ofSeconds(7));
    assertThat(WebSocketConnection.classifyUpgrade(407, null, hold).hold()).isZero();
    assertThat(WebSocketConnection.classifyUpgrade(503, "soon", hold).kind())
        .isEqualTo(ControlMessage.Kind.RECONNECT);
  }
}
