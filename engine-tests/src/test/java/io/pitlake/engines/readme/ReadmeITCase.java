package io.pitlake.engines.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.engines.PitlakeProcess;
import io.pitlake.engines.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README does what it says: every shell block of README.md runs in order, as a user would paste
 * it, in one fresh directory (so {@code ./lake} is a fresh lake) against the built-in simulators,
 * and its output holds what the text around it quotes ({@link ReadmeBlocks} reads the checks from
 * the README itself). {@code ./pitlake} there starts this build's job jar the way the other engine
 * tests do ({@link PitlakeProcess}). An edit that breaks an example, or a block that is neither run
 * nor skipped with a reason, fails the build.
 */
class ReadmeITCase {

  /** Longer than any block takes on a loaded 2-core machine. */
  private static final Duration BLOCK_TIMEOUT = Duration.ofMinutes(10);

  /** The universe file the README ingests ("Index universes, point in time"). */
  private static final String UNIVERSE_SAMPLE = "sql/silver/index_membership.sample.csv";

  @TempDir Path clone;

  @Test
  @DisplayName("every shell block of README.md runs in order and prints what its text says")
  void everyExampleDoesWhatItSays() throws Exception {
    Path readmeFile = Path.of(Processes.buildProperty("pitlake.readme"));
    ReadmeBlocks readme = ReadmeBlocks.parse(Files.readString(readmeFile));
    copyFromRepository(readmeFile.getParent(), UNIVERSE_SAMPLE);
    writeLauncher();
    long start = System.nanoTime();
    int ran = 0;
    for (ReadmeBlocks.Block block : readme.blocks()) {
      if (!block.shell()) {
        continue;
      }
      if (block.directives().skip() != null) {
        System.out.printf("README.md:%d skipped: %s%n", block.line(), block.directives().skip());
        continue;
      }
      long t0 = System.nanoTime();
      String output = run(block);
      System.out.printf(
          "README.md:%d ran in %.1f s: %s%n",
          block.line(), (System.nanoTime() - t0) / 1e9, firstLine(block));
      for (String expected : block.directives().expect()) {
        assertThat(folded(output))
            .as(
                "README.md:%d's output, white space folded (block: %s)",
                block.line(), firstLine(block))
            .contains(folded(expected));
      }
      ran++;
    }
    System.out.printf(
        "README.md: %d blocks ran in %.0f s%n", ran, (System.nanoTime() - start) / 1e9);
    assertThat(ran).as("shell blocks run").isGreaterThan(10);
  }

  /**
   * Puts a file the README's commands name, by its path in the repository, at the same path in the
   * clone: the README is run from a checkout, where those files are.
   */
  private void copyFromRepository(Path repository, String file) throws IOException {
    Path target = clone.resolve(file);
    Files.createDirectories(target.getParent());
    Files.copy(repository.resolve(file), target);
  }

  /** {@code ./pitlake} in the clone: this build's jar, started as {@link PitlakeProcess} does. */
  private void writeLauncher() throws IOException {
    String command =
        PitlakeProcess.command(List.of()).stream()
            .map(arg -> "'" + arg.replace("'", "'\\''") + "'")
            .collect(Collectors.joining(" "));
    Path launcher = clone.resolve("pitlake");
    Files.writeString(launcher, "#!/usr/bin/env bash\nexec " + command + " \"$@\"\n");
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** Runs a block with bash in the clone and returns what it printed (stdout and stderr). */
  private String run(ReadmeBlocks.Block block) throws Exception {
    Path output = clone.resolve("block-" + block.line() + ".out");
    ProcessBuilder builder =
        new ProcessBuilder("bash", "-euo", "pipefail", "-c", block.script())
            .directory(clone.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    for (String vendorKey :
        List.of(
            "POLYGON_API_KEY",
            "FMP_API_KEY",
            "APCA_API_KEY_ID",
            "APCA_API_SECRET_KEY",
            "PITLAKE_WAREHOUSE",
            "PITLAKE_CATALOG_CLIENTS")) {
      builder.environment().remove(vendorKey);
    }
    builder.environment().put("PITLAKE_LOG_DIR", clone.resolve("logs").toString());
    Process process = builder.start();
    String until = block.directives().until();
    try {
      if (until != null) {
        awaitOutput(process, output, until, block);
        stopBySignal(process, output, block);
        return Files.readString(output);
      }
      boolean done = process.waitFor(BLOCK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(done)
          .as("README.md:%d finished within %s:%n%s", block.line(), BLOCK_TIMEOUT, tail(output))
          .isTrue();
      assertThat(process.exitValue())
          .as("README.md:%d's exit code; it printed:%n%s", block.line(), tail(output))
          .isZero();
      return Files.readString(output);
    } finally {
      Processes.stop(process, Duration.ofSeconds(20));
    }
  }

  /** Waits until a block that never ends by itself prints {@code text}. */
  private static void awaitOutput(
      Process process, Path output, String text, ReadmeBlocks.Block block) throws Exception {
    long deadline = System.nanoTime() + BLOCK_TIMEOUT.toNanos();
    while (!Files.readString(output).contains(text)) {
      assertThat(process.isAlive())
          .as(
              "README.md:%d ended (exit %s) before printing '%s':%n%s",
              block.line(), process.isAlive() ? "-" : process.exitValue(), text, tail(output))
          .isTrue();
      assertThat(System.nanoTime())
          .as("README.md:%d printed '%s' within %s", block.line(), text, BLOCK_TIMEOUT)
          .isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  /** The text with each run of white space as one blank: table columns align with any width. */
  private static String folded(String text) {
    return text.replaceAll("\\s+", " ");
  }

  /**
   * Stops a server the way the README says, by a signal: SIGTERM to the block's commands (not to
   * bash), then waits for pitlake's line that it was stopped. Not SIGINT, which Ctrl-C sends: a
   * process a shell starts in the background (as CI may run this build) inherits SIGINT ignored.
   */
  private static void stopBySignal(Process process, Path output, ReadmeBlocks.Block block)
      throws Exception {
    // bash execs a block's last command itself, so the JVM is the process or one of its children.
    List<ProcessHandle> jvms =
        Stream.concat(Stream.of(process.toHandle()), process.descendants())
            .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
            .toList();
    assertThat(jvms).as("README.md:%d's pitlake process", block.line()).isNotEmpty();
    for (ProcessHandle jvm : jvms) {
      new ProcessBuilder("kill", "-TERM", Long.toString(jvm.pid())).start().waitFor();
    }
    assertThat(process.waitFor(1, TimeUnit.MINUTES))
        .as("README.md:%d stopped within a minute of SIGTERM:%n%s", block.line(), tail(output))
        .isTrue();
    assertThat(Files.readString(output))
        .as("README.md:%d's output after SIGTERM", block.line())
        .contains("pitlake: stopped by SIGTERM");
  }

  private static String tail(Path output) throws IOException {
    List<String> lines = Files.readAllLines(output);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  private static String firstLine(ReadmeBlocks.Block block) {
    String first = block.script().lines().filter(l -> !l.isBlank()).findFirst().orElse("");
    return first.length() > 100 ? first.substring(0, 100) + "..." : first;
  }
}
