package io.pitlake.cli;

import io.pitlake.simulator.Chaos;
import io.pitlake.simulator.PolygonSimulator;
import io.pitlake.simulator.SimulatorOptions;
import io.pitlake.source.rest.Credentials;
import io.pitlake.vendor.polygon.PolygonOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.UUID;
import javax.annotation.Nullable;
import org.apache.flink.configuration.Configuration;

/**
 * Where Polygon requests go and how they authenticate: a key file, a key in the environment, or —
 * with neither — the built-in simulator on loopback, so the demo runs with no account at all.
 *
 * @param baseUrl REST base URL
 * @param credentials where the key comes from (never the key)
 * @param simulator the simulator this endpoint started, closed with it
 * @param description one line for the user saying which of the three it is
 */
record PolygonEndpoint(
    String baseUrl,
    Credentials credentials,
    @Nullable PolygonSimulator simulator,
    String description)
    implements AutoCloseable {

  static final String BASE_URL_ENV = "POLYGON_BASE_URL";

  static PolygonEndpoint resolve(Configuration options, Map<String, String> env, long seed) {
    String configuredBase =
        options.getOptional(PolygonOptions.BASE_URL).orElse(env.get(BASE_URL_ENV));
    String base = configuredBase == null ? PolygonOptions.BASE_URL.defaultValue() : configuredBase;
    var keyFile = options.getOptional(PolygonOptions.API_KEY_FILE);
    if (keyFile.isPresent()) {
      Path file = Path.of(keyFile.get());
      if (!Files.isReadable(file)) {
        throw new UsageException(
            "polygon.api-key-file " + file + ": no readable file there: fix the path or unset it");
      }
      return new PolygonEndpoint(
          base, Credentials.fromFile(file), null, "Polygon at " + base + " (key from file)");
    }
    String keyEnv = options.get(PolygonOptions.API_KEY_ENV);
    String key = env.get(keyEnv);
    if (key != null && !key.isBlank()) {
      return new PolygonEndpoint(
          base,
          Credentials.fromEnv(keyEnv),
          null,
          "Polygon at " + base + " (key from $" + keyEnv + ")");
    }
    if (configuredBase != null) {
      return new PolygonEndpoint(
          base, Credentials.none(), null, "Polygon-compatible server at " + base + " (no key)");
    }
    String simulatorKey = UUID.randomUUID().toString();
    Chaos chaos = chaos(options, seed);
    int perMinute = options.get(SimulatorOptions.REQUESTS_PER_MINUTE);
    if (perMinute < 0) {
      throw new UsageException(
          SimulatorOptions.REQUESTS_PER_MINUTE.key()
              + "="
              + perMinute
              + ": must be >= 0 (0 means unlimited)");
    }
    PolygonSimulator simulator =
        PolygonSimulator.builder()
            .seed(seed)
            .apiKey(simulatorKey)
            .requestsPerMinute(perMinute)
            .actionsPerYear(actionsPerYear(options))
            .chaos(chaos)
            .build()
            .start();
    return new PolygonEndpoint(
        simulator.baseUrl(),
        Credentials.fromFile(privateKeyFile(simulatorKey)),
        simulator,
        String.format(
            "no $%s set: using the built-in Polygon simulator at %s (seed %d)",
            keyEnv, simulator.baseUrl(), seed));
  }

  /**
   * {@code simulator.chaos}, checked: the faults every simulator the CLI starts injects, drawn from
   * {@code seed}.
   */
  static Chaos chaos(Configuration options, long seed) {
    double chaos = options.get(SimulatorOptions.CHAOS);
    if (!(chaos >= 0 && chaos <= 1)) {
      throw new UsageException(
          SimulatorOptions.CHAOS.key() + "=" + chaos + ": not a fraction: use 0..1, e.g. 0.1");
    }
    return Chaos.evenly(chaos, seed);
  }

  /** {@code simulator.actions-per-year}, checked: the simulators generate 0 to 12. */
  static double actionsPerYear(Configuration options) {
    double perYear = options.get(SimulatorOptions.ACTIONS_PER_YEAR);
    if (!(perYear >= 0 && perYear <= 12)) {
      throw new UsageException(
          SimulatorOptions.ACTIONS_PER_YEAR.key()
              + "="
              + perYear
              + ": use 0 (none, the default) to 12 (one a month), e.g. 3");
    }
    return perYear;
  }

  /** The simulator's one-off key, handed to the source the same way a real key file would be. */
  static Path privateKeyFile(String key) {
    try {
      Path file =
          Files.createTempFile(
              "pitlake-simulator-",
              ".key",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, key);
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the simulator's key file", e);
    }
  }

  @Override
  public void close() {
    if (simulator != null) {
      simulator.close();
    }
  }
}
