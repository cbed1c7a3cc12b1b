package io.pitlake.vendor.alpaca;

import io.pitlake.job.ingest.VendorDataset;
import io.pitlake.simulator.AlpacaSimulator;
import io.pitlake.vendor.SimulatedEndpoints;
import io.pitlake.vendor.VendorEndpoint;
import io.pitlake.vendor.VendorModule;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;

/**
 * Alpaca: a key pair from {@code alpaca.api-key-file} or the two variables {@code
 * alpaca.api-key-id-env} and {@code alpaca.api-secret-key-env} name ({@link AlpacaAuth}); without
 * them the Alpaca simulator serves. Its limit is per minute ({@link
 * AlpacaOptions#REQUESTS_PER_MINUTE}).
 */
public final class AlpacaModule implements VendorModule {

  public static final String NAME = "alpaca";

  public static final AlpacaModule INSTANCE = new AlpacaModule();

  private AlpacaModule() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<VendorDataset> datasets() {
    return List.of(AlpacaDatasets.values());
  }

  @Override
  public double requestsPerSecond(Configuration options) {
    return options.get(AlpacaOptions.REQUESTS_PER_MINUTE) / 60.0;
  }

  /**
   * Whether a key pair is configured ({@code alpaca.api-key-file}, or both variables set): the REST
   * and websocket endpoints then talk to Alpaca, else to the simulator.
   */
  public static boolean keyed(Configuration options, Map<String, String> env) {
    return options.getOptional(AlpacaOptions.API_KEY_FILE).isPresent()
        || (SimulatedEndpoints.present(env, options.get(AlpacaOptions.API_KEY_ID_ENV))
            && SimulatedEndpoints.present(env, options.get(AlpacaOptions.API_SECRET_KEY_ENV)));
  }

  @Override
  public VendorEndpoint<AlpacaSimulator> endpoint(
      Configuration options, Map<String, String> env, long seed) {
    if (keyed(options, env)) {
      String base = options.get(AlpacaOptions.BASE_URL);
      return VendorEndpoint.configured(base, AlpacaAuth.credentials(options), "Alpaca at " + base);
    }
    String keyId = "PK" + UUID.randomUUID().toString().replace("-", "").substring(0, 18);
    String secret = UUID.randomUUID().toString();
    AlpacaSimulator alpaca =
        AlpacaSimulator.builder()
            .keyPair(keyId, secret)
            .actionsPerYear(SimulatedEndpoints.actionsPerYear(options))
            .chaos(SimulatedEndpoints.chaos(options, SimulatedEndpoints.SEED))
            .build()
            .start();
    options.set(AlpacaOptions.BASE_URL, alpaca.baseUrl());
    return new VendorEndpoint<>(
        alpaca.baseUrl(),
        SimulatedEndpoints.privateKey(keyId + ":" + secret),
        "no $"
            + options.get(AlpacaOptions.API_KEY_ID_ENV)
            + " set: using the built-in Alpaca simulator at "
            + alpaca.baseUrl(),
        alpaca,
        alpaca::requestCount);
  }
}
