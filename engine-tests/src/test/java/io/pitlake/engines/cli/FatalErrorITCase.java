package io.pitlake.engines.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.engines.PitlakeProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run that dies says why: pitlake started as a user starts it, with a heap far too small for the
 * backfill it is asked for. Wherever the heap runs out (the CLI's thread, a Flink task, or a Flink
 * thread whose fatal-error handler ends the JVM), the process ends with exit code 1 and its last
 * line names the cause and the fix.
 */
class FatalErrorITCase {

  @TempDir Path work;

  @Test
  @DisplayName("a backfill that exhausts the heap ends with one line naming memory and the fix")
  void outOfMemoryEndsWithOneLineAndExitOne() {
    String symbols =
        IntStream.rangeClosed(1, 150)
            .mapToObj(i -> String.format("M%04d", i))
            .collect(Collectors.joining(","));

    PitlakeProcess.Result result =
        PitlakeProcess.run(
            work,
            Map.of(),
            "128m",
            Duration.ofMinutes(5),
            "backfill",
            "--symbols",
            symbols,
            "--from",
            "2010-01-01",
            "--to",
            "2024-12-31",
            "--warehouse",
            work.resolve("lake").toString());

    List<String> stderr = result.stderr().lines().filter(l -> !l.isBlank()).toList();
    assertThat(result.exitCode()).as("exit code; stderr:%n%s", result.stderr()).isEqualTo(1);
    assertThat(stderr).isNotEmpty();
    assertThat(stderr.get(stderr.size() - 1))
        .startsWith("pitlake: out of memory")
        .contains("(128 MB)")
        .contains("PITLAKE_JAVA_OPTS=-Xmx");
  }
}
