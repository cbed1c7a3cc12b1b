package io.pitlake.job.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.source.websocket.Outage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class GapWindowTest {

  static final Instant START = Instant.parse("2024-03-01T15:11:27.500Z");
  static final Instant END = Instant.parse("2024-03-01T15:16:13.250Z");

  @Test
  void fromTheMarkLessTheLookbackToTheLastClosedMinute() {
    Outage outage = outage(Map.of("AM.AAPL", Instant.parse("2024-03-01T15:10:00Z").toEpochMilli()));
    List<GapWindow> windows =
        GapWindow.of(outage, List.of("AAPL"), s -> List.of("AM." + s), Duration.ofMinutes(20));
    assertThat(windows)
        .containsExactly(
            new GapWindow(
                "AAPL",
                Instant.parse("2024-03-01T14:50:00Z"),
                Instant.parse("2024-03-01T15:16:00Z")));
    GapWindow window = windows.get(0);
    assertThat(
            window.holds(
                Instant.parse("2024-03-01T15:15:00Z"), Instant.parse("2024-03-01T15:16:00Z")))
        .as("the last minute closed when the feed was back")
        .isTrue();
    assertThat(
            window.holds(
                Instant.parse("2024-03-01T15:16:00Z"), Instant.parse("2024-03-01T15:17:00Z")))
        .as("the minute still open")
        .isFalse();
    assertThat(
            window.holds(
                Instant.parse("2024-03-01T14:49:00Z"), Instant.parse("2024-03-01T14:50:00Z")))
        .isFalse();
  }

  @Test
  void aSymbolWithoutMarkStartsAtTheBlindStartAndTheNewestOfItsKeysCounts() {
    Outage outage =
        outage(
            Map.of(
                "bars.MSFT", Instant.parse("2024-03-01T15:05:00Z").toEpochMilli(),
                "updatedBars.MSFT", Instant.parse("2024-03-01T15:09:00Z").toEpochMilli()));
    List<GapWindow> windows =
        GapWindow.of(
            outage,
            List.of("AAPL", "MSFT"),
            s -> List.of("bars." + s, "updatedBars." + s),
            Duration.ZERO);
    assertThat(windows)
        .containsExactly(
            new GapWindow(
                "AAPL",
                Instant.parse("2024-03-01T15:11:00Z"),
                Instant.parse("2024-03-01T15:16:00Z")),
            new GapWindow(
                "MSFT",
                Instant.parse("2024-03-01T15:09:00Z"),
                Instant.parse("2024-03-01T15:16:00Z")));
  }

  @Test
  void aBlindnessWithinOneMinuteAfterTheMarkHasNoWindow() {
    Instant end = Instant.parse("2024-03-01T15:10:40Z");
    Outage outage =
        new Outage(
            "polygon:stocks:AM",
            Outage.DISCONNECT,
            "test",
            Instant.parse("2024-03-01T15:10:20Z"),
            end,
            List.of("AM.AAPL"),
            new TreeMap<>(Map.of("AM.AAPL", Instant.parse("2024-03-01T15:10:00Z").toEpochMilli())));
    assertThat(GapWindow.of(outage, List.of("AAPL"), s -> List.of("AM." + s), Duration.ZERO))
        .isEmpty();
  }

  private static Outage outage(Map<String, Long> marks) {
    return new Outage(
        "split", Outage.DISCONNECT, "test", START, END, List.of(), new TreeMap<>(marks));
  }
}
