package io.pitlake.vendor.polygon;

import static org.apache.flink.util.Preconditions.checkArgument;

import io.pitlake.job.ingest.VendorDataset;
import io.pitlake.simulator.PolygonSimulator;
import io.pitlake.simulator.SimulatorOptions;
import io.pitlake.source.rest.Credentials;
import io.pitlake.source.rest.RestSourceOptions;
import io.pitlake.vendor.SimulatedEndpoints;
import io.pitlake.vendor.VendorEndpoint;
import io.pitlake.vendor.VendorModule;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;

/**
 * Polygon: a key from {@code polygon.api-key-file} or the variable {@code polygon.api-key-env}
 * names; with neither, a configured base URL ({@code polygon.base-url} or {@code POLYGON_BASE_URL})
 * is called without a key, and without that the seeded Polygon simulator serves, so the demo runs
 * with no account at all. Its rate is the source's {@link RestSourceOptions#REQUESTS_PER_SECOND}:
 * plans differ, and the simulator limits per minute.
 */
public final class PolygonModule implements VendorModule {

  public static final String NAME = "polygon";

  public static final PolygonModule INSTANCE = new PolygonModule();

  /** The variable a base URL may come from when {@code polygon.base-url} is not set. */
  public static final String BASE_URL_ENV = "POLYGON_BASE_URL";

  private PolygonModule() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<VendorDataset> datasets() {
    return List.of(PolygonDatasets.values());
  }

  @Override
  public double requestsPerSecond(Configuration options) {
    return options.get(RestSourceOptions.REQUESTS_PER_SECOND);
  }

  @Override
  public VendorEndpoint<PolygonSimulator> endpoint(
      Configuration options, Map<String, String> env, long seed) {
    String configuredBase =
        options.getOptional(PolygonOptions.BASE_URL).orElse(env.get(BASE_URL_ENV));
    String base = configuredBase == null ? PolygonOptions.BASE_URL.defaultValue() : configuredBase;
    VendorEndpoint<PolygonSimulator> endpoint = configured(options, env, configuredBase, base);
    if (endpoint == null) {
      endpoint = simulated(options, seed);
    }
    options.set(PolygonOptions.BASE_URL, endpoint.baseUrl());
    return endpoint;
  }

  /** The configured endpoint, or null when nothing is configured. */
  private static VendorEndpoint<PolygonSimulator> configured(
      Configuration options, Map<String, String> env, String configuredBase, String base) {
    var keyFile = options.getOptional(PolygonOptions.API_KEY_FILE);
    if (keyFile.isPresent()) {
      return VendorEndpoint.configured(
          base,
          SimulatedEndpoints.keyFile(PolygonOptions.API_KEY_FILE, keyFile.get()),
          "Polygon at " + base + " (key from file)");
    }
    String keyEnv = options.get(PolygonOptions.API_KEY_ENV);
    if (SimulatedEndpoints.present(env, keyEnv)) {
      return VendorEndpoint.configured(
          base, Credentials.fromEnv(keyEnv), "Polygon at " + base + " (key from $" + keyEnv + ")");
    }
    if (configuredBase != null) {
      return VendorEndpoint.configured(
          base, Credentials.none(), "Polygon-compatible server at " + base + " (no key)");
    }
    return null;
  }

  private static VendorEndpoint<PolygonSimulator> simulated(Configuration options, long seed) {
    String simulatorKey = UUID.randomUUID().toString();
    var chaos = SimulatedEndpoints.chaos(options, seed);
    int perMinute = options.get(SimulatorOptions.REQUESTS_PER_MINUTE);
    checkArgument(
        perMinute >= 0,
        "%s=%s: must be >= 0 (0 means unlimited)",
        SimulatorOptions.REQUESTS_PER_MINUTE.key(),
        perMinute);
    PolygonSimulator simulator =
        PolygonSimulator.builder()
            .seed(seed)
            .apiKey(simulatorKey)
            .requestsPerMinute(perMinute)
            .actionsPerYear(SimulatedEndpoints.actionsPerYear(options))
            .chaos(chaos)
            .build()
            .start();
    return new VendorEndpoint<>(
        simulator.baseUrl(),
        SimulatedEndpoints.privateKey(simulatorKey),
        String.format(
            "no $%s set: using the built-in Polygon simulator at %s (seed %d)",
            options.get(PolygonOptions.API_KEY_ENV), simulator.baseUrl(), seed),
        simulator,
        simulator::requestCount);
  }
}
