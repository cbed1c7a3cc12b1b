package io.pitlake.cli;

import io.pitlake.simulator.AlpacaSimulator;
import io.pitlake.simulator.Chaos;
import io.pitlake.simulator.SimulatorOptions;
import io.pitlake.simulator.fmp.FmpSimulator;
import io.pitlake.simulator.sec.SecSimulator;
import io.pitlake.source.rest.Credentials;
import io.pitlake.vendor.alpaca.AlpacaAuth;
import io.pitlake.vendor.alpaca.AlpacaOptions;
import io.pitlake.vendor.fmp.FmpOptions;
import io.pitlake.vendor.polygon.PolygonOptions;
import io.pitlake.vendor.sec.SecOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.IntSupplier;
import org.apache.flink.configuration.Configuration;

/**
 * Where the requests of {@code pitlake ingest} go, per vendor: the configured hosts, or, for a
 * vendor pitlake cannot call as configured, its built-in simulator on loopback, so the command runs
 * with no account. SEC needs no key but a declared User-Agent: without {@code sec.user-agent} the
 * SEC simulator serves. FMP, Polygon and Alpaca need keys: without one (and without the vendor's
 * base URL) its simulator serves; Polygon as for {@code backfill} ({@link PolygonEndpoint}). Every
 * simulator started here injects the faults of {@code simulator.chaos}.
 *
 * @param options the run's options with the simulators' base URLs (and User-Agent) filled in
 * @param credentials each vendor's key location, by vendor name
 * @param descriptions one line per vendor saying where its requests go
 * @param simulatorRequests the requests each simulator started here received so far, by vendor
 */
record VendorEndpoints(
    Configuration options,
    Map<String, Credentials> credentials,
    List<String> descriptions,
    List<AutoCloseable> simulators,
    Map<String, IntSupplier> simulatorRequests)
    implements AutoCloseable {

  /** What the simulators are told the requester is; it never reaches SEC itself. */
  static final String SIMULATOR_USER_AGENT = "pitlake demo demo@pitlake.invalid";

  /** Seeds the simulators' data and their chaos, as {@code backfill} seeds Polygon's. */
  private static final long SEED = 42;

  static VendorEndpoints resolve(
      Configuration configured, Map<String, String> env, Set<String> vendors) {
    return resolve(configured, env, vendors, SEED);
  }

  /** As {@link #resolve(Configuration, Map, Set)}, the Polygon simulator seeded by {@code seed}. */
  static VendorEndpoints resolve(
      Configuration configured, Map<String, String> env, Set<String> vendors, long seed) {
    Configuration options = new Configuration(configured);
    Chaos chaos = PolygonEndpoint.chaos(options, SEED);
    Map<String, IntSupplier> requests = new TreeMap<>();
    Map<String, Credentials> credentials = new HashMap<>();
    List<String> descriptions = new ArrayList<>();
    List<AutoCloseable> simulators = new ArrayList<>();
    if (vendors.contains("sec")) {
      if (options.getOptional(SecOptions.USER_AGENT).isPresent()) {
        descriptions.add("SEC EDGAR at " + options.get(SecOptions.BASE_URL));
      } else {
        SecSimulator sec =
            SecSimulator.builder()
                .syntheticFilers(options.get(SimulatorOptions.SEC_SYNTHETIC_FILERS))
                .chaos(chaos)
                .build()
                .start();
        simulators.add(sec);
        requests.put("sec", sec::requestCount);
        options.set(SecOptions.BASE_URL, sec.baseUrl());
        options.set(SecOptions.FILES_BASE_URL, sec.baseUrl());
        options.set(SecOptions.USER_AGENT, SIMULATOR_USER_AGENT);
        descriptions.add(
            "no sec.user-agent set: using the built-in SEC EDGAR simulator at " + sec.baseUrl());
      }
    }
    if (vendors.contains("fmp")) {
      String keyEnv = options.get(FmpOptions.API_KEY_ENV);
      var keyFile = options.getOptional(FmpOptions.API_KEY_FILE);
      if (keyFile.isPresent()) {
        Path file = Path.of(keyFile.get());
        if (!Files.isReadable(file)) {
          throw new UsageException(
              "fmp.api-key-file " + file + ": no readable file there: fix the path or unset it");
        }
        credentials.put("fmp", Credentials.fromFile(file));
        descriptions.add("FMP at " + options.get(FmpOptions.BASE_URL) + " (key from file)");
      } else if (env.get(keyEnv) != null && !env.get(keyEnv).isBlank()) {
        credentials.put("fmp", Credentials.fromEnv(keyEnv));
        descriptions.add(
            "FMP at " + options.get(FmpOptions.BASE_URL) + " (key from $" + keyEnv + ")");
      } else if (options.getOptional(FmpOptions.BASE_URL).isPresent()) {
        descriptions.add(
            "FMP-compatible server at " + options.get(FmpOptions.BASE_URL) + " (no key)");
      } else {
        String key = UUID.randomUUID().toString();
        FmpSimulator fmp = FmpSimulator.builder().apiKey(key).chaos(chaos).build().start();
        simulators.add(fmp);
        requests.put("fmp", fmp::requestCount);
        options.set(FmpOptions.BASE_URL, fmp.baseUrl());
        credentials.put("fmp", Credentials.fromFile(PolygonEndpoint.privateKeyFile(key)));
        descriptions.add(
            "no $" + keyEnv + " set: using the built-in FMP simulator at " + fmp.baseUrl());
      }
    }
    if (vendors.contains("polygon")) {
      PolygonEndpoint polygon = PolygonEndpoint.resolve(options, env, seed);
      if (polygon.simulator() != null) {
        simulators.add(polygon.simulator());
        requests.put("polygon", polygon.simulator()::requestCount);
      }
      options.set(PolygonOptions.BASE_URL, polygon.baseUrl());
      credentials.put("polygon", polygon.credentials());
      descriptions.add(polygon.description());
    }
    if (vendors.contains("alpaca")) {
      boolean keyed =
          options.getOptional(AlpacaOptions.API_KEY_FILE).isPresent()
              || (present(env, options.get(AlpacaOptions.API_KEY_ID_ENV))
                  && present(env, options.get(AlpacaOptions.API_SECRET_KEY_ENV)));
      if (keyed) {
        credentials.put("alpaca", AlpacaAuth.credentials(options));
        descriptions.add("Alpaca at " + options.get(AlpacaOptions.BASE_URL));
      } else {
        String keyId = "PK" + UUID.randomUUID().toString().replace("-", "").substring(0, 18);
        String secret = UUID.randomUUID().toString();
        AlpacaSimulator alpaca =
            AlpacaSimulator.builder()
                .keyPair(keyId, secret)
                .actionsPerYear(PolygonEndpoint.actionsPerYear(options))
                .chaos(chaos)
                .build()
                .start();
        simulators.add(alpaca);
        requests.put("alpaca", alpaca::requestCount);
        options.set(AlpacaOptions.BASE_URL, alpaca.baseUrl());
        credentials.put(
            "alpaca", Credentials.fromFile(PolygonEndpoint.privateKeyFile(keyId + ":" + secret)));
        descriptions.add(
            "no $"
                + options.get(AlpacaOptions.API_KEY_ID_ENV)
                + " set: using the built-in Alpaca simulator at "
                + alpaca.baseUrl());
      }
    }
    return new VendorEndpoints(options, credentials, descriptions, simulators, requests);
  }

  private static boolean present(Map<String, String> env, String variable) {
    String value = env.get(variable);
    return value != null && !value.isBlank();
  }

  @Override
  public void close() throws Exception {
    for (AutoCloseable simulator : simulators) {
      simulator.close();
    }
  }
}
