package io.pitlake.cli;

import io.pitlake.simulator.PolygonSimulator;
import io.pitlake.simulator.PolygonWebSocketServer;
import io.pitlake.simulator.SessionReplay;
import io.pitlake.simulator.SimulatorOptions;
import io.pitlake.source.rest.Credentials;
import io.pitlake.vendor.VendorEndpoint;
import io.pitlake.vendor.polygon.PolygonModule;
import io.pitlake.vendor.polygon.PolygonOptions;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
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

  static final String WEBSOCKET_URL_ENV = "POLYGON_WEBSOCKET_URL";

  /** Resolved by Polygon's module ({@link PolygonModule#endpoint}); {@code options} untouched. */
  static PolygonEndpoint resolve(Configuration options, Map<String, String> env, long seed) {
    try {
      VendorEndpoint<PolygonSimulator> endpoint =
          PolygonModule.INSTANCE.endpoint(new Configuration(options), env, seed);
      return new PolygonEndpoint(
          endpoint.baseUrl(), endpoint.credentials(), endpoint.simulator(), endpoint.description());
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
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
   * The replay of the last session before {@code today} (or the last {@code
   * simulator.websocket-sessions}) at {@code simulator.websocket-speed}, which a keyless {@code
   * --intraday} streams.
   */
  static SessionReplay lastSessionReplay(Configuration options, LocalDate today) {
    double speed = options.get(SimulatorOptions.WEBSOCKET_SPEED);
    if (!(speed >= 1 && speed <= 10_000)) {
      throw new UsageException(
          SimulatorOptions.WEBSOCKET_SPEED.key() + "=" + speed + ": use 1 to 10000, e.g. 60");
    }
    int sessions = options.get(SimulatorOptions.WEBSOCKET_SESSIONS);
    if (sessions < 1) {
      throw new UsageException(
          SimulatorOptions.WEBSOCKET_SESSIONS.key() + "=" + sessions + ": use 1 or more, e.g. 5");
    }
    return SessionReplay.of(SessionReplay.firstOfLastSessionsBefore(today, sessions), speed)
        .withSessions(sessions);
  }

  /** E.g. "session 2024-03-01 replayed at 60x", "sessions 2024-02-26..2024-03-01 ...". */
  static String describe(SessionReplay replay) {
    double speed = replay.speed();
    List<LocalDate> sessions = replay.sessions();
    return String.format(
        "%s replayed at %sx",
        sessions.size() == 1
            ? "session " + replay.session()
            : "sessions " + replay.session() + ".." + sessions.get(sessions.size() - 1),
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
