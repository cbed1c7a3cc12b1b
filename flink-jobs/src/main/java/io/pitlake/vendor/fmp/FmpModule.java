package io.pitlake.vendor.fmp;

import io.pitlake.job.ingest.VendorDataset;
import io.pitlake.simulator.fmp.FmpSimulator;
import io.pitlake.source.rest.Credentials;
import io.pitlake.vendor.SimulatedEndpoints;
import io.pitlake.vendor.VendorEndpoint;
import io.pitlake.vendor.VendorModule;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;

/**
 * Financial Modeling Prep: a key from {@code fmp.api-key-file} or the variable {@code
 * fmp.api-key-env} names; with neither, a configured {@code fmp.base-url} is called without a key,
 * and without that the FMP simulator serves.
 */
public final class FmpModule implements VendorModule {

  public static final String NAME = "fmp";

  public static final FmpModule INSTANCE = new FmpModule();

  private FmpModule() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<VendorDataset> datasets() {
    return List.of(FmpDatasets.values());
  }

  @Override
  public double requestsPerSecond(Configuration options) {
    return options.get(FmpOptions.REQUESTS_PER_SECOND);
  }

  @Override
  public VendorEndpoint<FmpSimulator> endpoint(
      Configuration options, Map<String, String> env, long seed) {
    String keyEnv = options.get(FmpOptions.API_KEY_ENV);
    String base = options.get(FmpOptions.BASE_URL);
    var keyFile = options.getOptional(FmpOptions.API_KEY_FILE);
    if (keyFile.isPresent()) {
      return VendorEndpoint.configured(
          base,
          SimulatedEndpoints.keyFile(FmpOptions.API_KEY_FILE, keyFile.get()),
          "FMP at " + base + " (key from file)");
    }
    if (SimulatedEndpoints.present(env, keyEnv)) {
      return VendorEndpoint.configured(
          base, Credentials.fromEnv(keyEnv), "FMP at " + base + " (key from $" + keyEnv + ")");
    }
    if (options.getOptional(FmpOptions.BASE_URL).isPresent()) {
      return VendorEndpoint.configured(
          base, null, "FMP-compatible server at " + base + " (no key)");
    }
    String key = UUID.randomUUID().toString();
    FmpSimulator fmp =
        FmpSimulator.builder()
            .apiKey(key)
            .chaos(SimulatedEndpoints.chaos(options, SimulatedEndpoints.SEED))
            .build()
            .start();
    options.set(FmpOptions.BASE_URL, fmp.baseUrl());
    return new VendorEndpoint<>(
        fmp.baseUrl(),
        SimulatedEndpoints.privateKey(key),
        "no $" + keyEnv + " set: using the built-in FMP simulator at " + fmp.baseUrl(),
        fmp,
        fmp::requestCount);
  }
}
