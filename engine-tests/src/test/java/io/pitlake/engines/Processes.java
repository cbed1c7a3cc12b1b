package io.pitlake.engines;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What every engine test does with the servers it starts as processes: pick a free loopback port,
 * read a path the build passed in, and stop the process (and its children) for sure.
 */
public final class Processes {

  private Processes() {}

  /** A loopback port that was free a moment ago. */
  public static int freeLoopbackPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A system property the build sets for the engine tests (failsafe's systemPropertyVariables). */
  public static String buildProperty(String name) {
    String value = System.getProperty(name);
    if (value == null) {
      throw new IllegalStateException(
          "system property "
              + name
              + " is not set: run the engine tests through Maven (./mvnw verify)");
    }
    return value;
  }

  /**
   * Stops {@code process} and its descendants: politely, then, after {@code grace}, forcibly, so a
   * failed test never leaves a server behind.
   */
  public static void stop(Process process, Duration grace) {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
