package io.pitlake.engines.python;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.engines.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A virtual environment with pitlake's Python package installed as a user installs it ({@code pip
 * install ./python[test,qlib]}, the pinned versions from PyPI, and pyqlib as {@code
 * python/qlib-requirements.txt} says), so the tests exercise the package, not the source tree. It
 * lives under the build's {@code target/}, so every build starts clean; pip's own cache keeps a
 * repeated install short.
 */
final class PythonEnvironment {

  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);

  private final Path venv;

  private PythonEnvironment(Path venv) {
    this.venv = venv;
  }

  /**
   * Creates the venv with the machine's {@code python3} ({@code $PITLAKE_PYTHON} overrides it) and
   * installs {@code project} with its {@code test} and {@code qlib} extras, then pyqlib without its
   * declared dependencies (the {@code qlib} extra has those loading a dataset needs); output goes
   * to {@code log}.
   */
  static PythonEnvironment create(Path venv, Path project, Path log) {
    String python = System.getenv().getOrDefault("PITLAKE_PYTHON", "python3");
    install(List.of(python, "-m", "venv", "--clear", venv.toString()), log, "python3 -m venv");
    PythonEnvironment env = new PythonEnvironment(venv);
    env.pip(log, "pip install ./python[test,qlib]", project + "[test,qlib]");
    env.pip(
        log,
        "pip install --no-deps -r python/qlib-requirements.txt",
        "--no-deps",
        "-r",
        project.resolve("qlib-requirements.txt").toString());
    return env;
  }

  /** {@code pip install ARGS} in the venv, without prompts; {@code what} names it in a failure. */
  private void pip(Path log, String what, String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(python(), "-m", "pip", "install", "--disable-pip-version-check", "--no-input"));
    command.addAll(List.of(args));
    install(command, log, what);
  }

  /** The venv's interpreter. */
  String python() {
    return venv.resolve("bin").resolve("python").toString();
  }

  /**
   * Runs a command in {@code dir} to its end, its output appended to {@code log}; returns the exit
   * code.
   */
  static int run(
      List<String> command, Map<String, String> env, Path dir, Path log, Duration timeout) {
    try {
      Files.createDirectories(log.getParent());
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().putAll(env);
      Process process = builder.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        Processes.stop(process, Duration.ofSeconds(10));
        throw new AssertionError(command.get(0) + " did not finish within " + timeout);
      }
      return process.exitValue();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot run "
              + command.get(0)
              + ": install Python 3.11+ with venv (apt-get install python3-venv) or set"
              + " PITLAKE_PYTHON",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void install(List<String> command, Path log, String what) {
    int exit = run(command, Map.of(), log.getParent(), log, INSTALL_TIMEOUT);
    assertThat(exit).as("%s exit code; output:%n%s", what, read(log)).isZero();
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
