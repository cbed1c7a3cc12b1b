package io.pitlake.cli;

import io.pitlake.simulator.Chaos;
import io.pitlake.simulator.PolygonSimulator;
import io.pitlake.simulator.PolygonWebSocketServer;
import io.pitlake.simulator.SessionReplay;
import io.pitlake.simulator.SimulatorOptions;
import io.pitlake.source.rest.Credentials;
import io.pitlake.vendor.polygon.PolygonOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
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
  static final String WEBSOCKET_URL_ENV = "POLYGON_WEBSOCKET_URL";

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

  /**
   * Where the minute-bar websocket is: {@code polygon.websocket-url} (or {@code
   * POLYGON_WEBSOCKET_URL}) with this endpoint's key, or, when this endpoint is the built-in
   * simulator, the simulator's own websocket replaying the last session at {@code
   * simulator.websocket-speed}.
   *
   * @param today New York's date, whose previous session the simulator replays
   */
  Websocket websocket(Configuration options, Map<String, String> env, LocalDate today) {
    if (simulator != null) {
      SessionReplay replay = lastSessionReplay(options, today);
      PolygonWebSocketServer server = simulator.startWebSocket(replay);
      return new Websocket(
          server.url(),
          credentials,
          String.format(
              "no $%s set: streaming minute bars from the built-in simulator's websocket at %s"
                  + " (%s)",
              options.get(PolygonOptions.API_KEY_ENV), server.url(), describe(replay)));
    }
    String url =
        options
            .getOptional(PolygonOptions.WEBSOCKET_URL)
            .orElse(
                env.getOrDefault(WEBSOCKET_URL_ENV, PolygonOptions.WEBSOCKET_URL.defaultValue()));
    return new Websocket(url, credentials, "Polygon websocket at " + url);
  }

  /**
   * The replay of the last session before {@code today} at {@code simulator.websocket-speed}, which
   * a keyless {@code --intraday} streams.
   */
  static SessionReplay lastSessionReplay(Configuration options, LocalDate today) {
    double speed = options.get(SimulatorOptions.WEBSOCKET_SPEED);
    if (!(speed >= 1 && speed <= 10_000)) {
      throw new UsageException(
          SimulatorOptions.WEBSOCKET_SPEED.key() + "=" + speed + ": use 1 to 10000, e.g. 60");
    }
    return SessionReplay.of(SessionReplay.lastSessionBefore(today), speed);
  }

  /** E.g. "session 2024-03-01 replayed at 60x". */
  static String describe(SessionReplay replay) {
    double speed = replay.speed();
    return String.format(
        "session %s replayed at %sx",
        replay.session(),
        speed == Math.rint(speed) ? String.valueOf((long) speed) : String.valueOf(speed));
  }

  /** The minute-bar websocket: its URL, the key's location and one line for the user. */
  record Websocket(String url, Credentials credentials, String description) {}

  @Override
  public void close() {
    if (simulator != null) {
      simulator.close();
    }
  }
}
