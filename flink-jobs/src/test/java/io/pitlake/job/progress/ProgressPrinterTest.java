package io.pitlake.job.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ProgressPrinterTest {

  private static final long SECOND = 1_000_000_000L;

  private final StringWriter text = new StringWriter();
  private final AtomicLong clock = new AtomicLong();

  private ProgressPrinter printer(boolean terminal, int columns) {
    return new ProgressPrinter(
        new PrintWriter(text), terminal, Duration.ofSeconds(5), clock::get, columns);
  }

  @Test
  @DisplayName("in a pipe: every event, and a status line only once per interval")
  void pipeGetsOneStatusLinePerInterval() {
    ProgressPrinter progress = printer(false, 0);
    progress.event("[backfill] one batch job");
    for (int second = 1; second <= 11; second++) {
      clock.set(second * SECOND);
      progress.status("status at " + second);
    }
    progress.event("[backfill] done");
    progress.close();

    assertThat(text.toString().lines())
        .containsExactly(
            "[backfill] one batch job", "status at 5", "status at 10", "[backfill] done");
  }

  @Test
  @DisplayName("on a terminal: one status line, overwritten, cut to the width, then cleared")
  void terminalOverwritesOneLine() {
    ProgressPrinter progress = printer(true, 12);
    progress.event("start");
    progress.status("first");
    progress.status("second, longer than the terminal");
    progress.event("done");
    progress.status("after");
    progress.close();

    assertThat(text.toString())
        .isEqualTo(
            "start"
                + System.lineSeparator()
                + "\r\033[Kfirst"
                + "\r\033[Ksecond, lon"
                + "\r\033[Kdone"
                + System.lineSeparator()
                + "\r\033[Kafter"
                + System.lineSeparator());
  }
}
