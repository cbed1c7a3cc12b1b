package io.pitlake.cli;

import io.pitlake.simulator.AlpacaSimulator;
import io.pitlake.simulator.AlpacaWebSocketServer;
import io.pitlake.simulator.SessionReplay;
import io.pitlake.source.rest.Credentials;
import io.pitlake.vendor.SimulatedEndpoints;
import io.pitlake.vendor.alpaca.AlpacaAuth;
import io.pitlake.vendor.alpaca.AlpacaModule;
import io.pitlake.vendor.alpaca.AlpacaOptions;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import javax.annotation.Nullable;
import org.apache.flink.configuration.Configuration;

/**
 * Where {@code pitlake live --intraday alpaca} streams minute bars from: Alpaca's websocket ({@code
 * alpaca.websocket-url}, or {@code ALPACA_WEBSOCKET_URL}) with the key pair of {@code alpaca.*},
 * or, without a key pair, the built-in Alpaca simulator's websocket replaying the last session at
 * {@code simulator.websocket-speed}.
 *
 * @param url the websocket, without a credential
 * @param restUrl the REST base URL of the same account (or simulator), for gap fills
 * @param credentials where the {@code KEY_ID:SECRET} pair comes from
 * @param description one line for the user
 * @param simulator the simulator this endpoint started, closed with it
 */
record AlpacaStreamEndpoint(
    String url,
    String restUrl,
    Credentials credentials,
    String description,
    @Nullable AlpacaSimulator simulator)
    implements AutoCloseable {

  static final String WEBSOCKET_URL_ENV = "ALPACA_WEBSOCKET_URL";

  /**
   * @param today New York's date, whose previous session the simulator replays
   */
  static AlpacaStreamEndpoint resolve(
      Configuration options, Map<String, String> env, LocalDate today) {
    if (AlpacaModule.keyed(options, env)) {
      String url =
          options
              .getOptional(AlpacaOptions.WEBSOCKET_URL)
              .orElse(
                  env.getOrDefault(WEBSOCKET_URL_ENV, AlpacaOptions.WEBSOCKET_URL.defaultValue()));
      return new AlpacaStreamEndpoint(
          url,
          options.get(AlpacaOptions.BASE_URL),
          AlpacaAuth.credentials(options),
          "Alpaca websocket at " + url,
          null);
    }
    SessionReplay replay = PolygonEndpoint.lastSessionReplay(options, today);
    String keyId = "PK" + UUID.randomUUID().toString().replace("-", "").substring(0, 18);
    String secret = UUID.randomUUID().toString();
    AlpacaSimulator simulator = AlpacaSimulator.builder().keyPair(keyId, secret).build().start();
    AlpacaWebSocketServer server = simulator.startWebSocket(replay);
    String url = server.url("iex");
    return new AlpacaStreamEndpoint(
        url,
        simulator.baseUrl(),
        SimulatedEndpoints.privateKey(keyId + ":" + secret),
        String.format(
            "no $%s set: streaming minute bars from the built-in Alpaca simulator's websocket at"
                + " %s (%s)",
            options.get(AlpacaOptions.API_KEY_ID_ENV), url, PolygonEndpoint.describe(replay)),
        simulator);
  }

  @Override
  public void close() {
    if (simulator != null) {
      simulator.close();
    }
  }
}
