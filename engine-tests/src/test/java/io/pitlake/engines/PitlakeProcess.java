package io.pitlake.engines;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * pitlake started the way a user starts it: the shaded job jar plus Flink's class path in a JVM of
 * its own, with the launcher's JVM options. The paths come from the build (failsafe system
 * properties), so the tests always run the jar this build produced.
 */
public final class PitlakeProcess implements AutoCloseable {

  /** The heap of every pitlake process the tests start, unless a test needs another. */
  private static final String DEFAULT_HEAP = "2g";

  private final Process process;
  private final Path stdout;
  private final Path stderr;

  private PitlakeProcess(Process process, Path stdout, Path stderr) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /** What a finished command printed. */
  public record Result(int exitCode, String stdout, String stderr) {
    public Result assertSucceeded() {
      assertThat(exitCode).as("pitlake exit code; stderr:%n%s", stderr).isZero();
      return this;
    }
  }

  /** The command line that starts pitlake's CLI with the given arguments. */
  public static List<String> command(List<String> args) {
    return command(DEFAULT_HEAP, args);
  }

  /** The command line with a heap of {@code heap} (a JVM size such as {@code 160m}). */
  public static List<String> command(String heap, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    command.addAll(readLines(Processes.buildProperty("pitlake.jvm-options")));
    command.add("-Dlog4j2.configurationFile=" + Processes.buildProperty("pitlake.log4j"));
    command.add("-cp");
    command.add(
        Processes.buildProperty("pitlake.jar")
            + ":"
            + readString(Processes.buildProperty("pitlake.flink-classpath")));
    command.add("io.pitlake.cli.Pitlake");
    command.addAll(args);
    return command;
  }

  /** Runs a command to its end; fails the test if it takes longer than {@code timeout}. */
  public static Result run(
      Path workDir, Map<String, String> env, Duration timeout, String... args) {
    return run(workDir, env, DEFAULT_HEAP, timeout, args);
  }

  /** Runs a command with a heap of {@code heap} to its end. */
  public static Result run(
      Path workDir, Map<String, String> env, String heap, Duration timeout, String... args) {
    try (PitlakeProcess p = start(workDir, env, heap, args)) {
      boolean done = p.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(done).as("pitlake %s finished within %s", List.of(args), timeout).isTrue();
      return new Result(
          p.process.exitValue(), Files.readString(p.stdout), Files.readString(p.stderr));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Starts a long-running command (a server); output goes to files under {@code workDir}. */
  public static PitlakeProcess start(Path workDir, Map<String, String> env, String... args) {
    return start(workDir, env, DEFAULT_HEAP, args);
  }

  private static PitlakeProcess start(
      Path workDir, Map<String, String> env, String heap, String... args) {
    try {
      Files.createDirectories(workDir);
      String name =
          args.length == 0
              ? "pitlake"
              : String.join("-", args[0], Long.toString(System.nanoTime()));
      Path out = workDir.resolve(name + ".out");
      Path err = workDir.resolve(name + ".err");
      ProcessBuilder builder =
          new ProcessBuilder(command(heap, List.of(args)))
              .directory(workDir.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      builder.environment().remove("POLYGON_API_KEY");
      builder.environment().put("PITLAKE_LOG_DIR", workDir.resolve("logs").toString());
      builder.environment().putAll(env);
      return new PitlakeProcess(builder.start(), out, err);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Waits until the process prints a line matching {@code pattern} on stdout or stderr and returns
   * the match; fails with the output so far if the process dies or the time runs out.
   */
  public Matcher awaitOutput(Pattern pattern, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (Path file : List.of(stdout, stderr)) {
        Matcher m = pattern.matcher(readString(file.toString()));
        if (m.find()) {
          return m;
        }
      }
      if (!process.isAlive()) {
        throw new AssertionError(
            "pitlake exited with "
                + process.exitValue()
                + " before printing "
                + pattern
                + ":\n"
                + output());
      }
      sleep(Duration.ofMillis(100));
    }
    throw new AssertionError(
        "pitlake did not print " + pattern + " within " + timeout + ":\n" + output());
  }

  public String output() {
    return readString(stdout.toString()) + readString(stderr.toString());
  }

  @Override
  public void close() {
    Processes.stop(process, Duration.ofSeconds(10));
  }

  private static List<String> readLines(String file) {
    try {
      return Files.readAllLines(Path.of(file)).stream()
          .map(String::strip)
          .filter(l -> !l.isEmpty())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String readString(String file) {
    try {
      return Files.exists(Path.of(file)) ? Files.readString(Path.of(file)).strip() : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
