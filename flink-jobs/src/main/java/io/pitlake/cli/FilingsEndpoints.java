package io.pitlake.cli;

import io.pitlake.simulator.fmp.FmpSimulator;
import io.pitlake.simulator.sec.SecSimulator;
import io.pitlake.source.rest.Credentials;
import io.pitlake.vendor.fmp.FmpOptions;
import io.pitlake.vendor.sec.SecOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;

/**
 * Where SEC EDGAR and FMP requests of {@code pitlake ingest} go: the configured hosts, or, for a
 * vendor pitlake cannot call as configured, its built-in simulator on loopback, so the command runs
 * with no account. SEC needs no key but a declared User-Agent: without {@code sec.user-agent} the
 * SEC simulator serves. FMP needs a key: without one (and without {@code fmp.base-url}) the FMP
 * simulator serves.
 *
 * @param options the run's options with the simulators' base URLs (and User-Agent) filled in
 * @param credentials each vendor's key location, by vendor name
 * @param descriptions one line per vendor saying where its requests go
 */
record FilingsEndpoints(
    Configuration options,
    Map<String, Credentials> credentials,
    List<String> descriptions,
    List<AutoCloseable> simulators)
    implements AutoCloseable {

  /** What the simulators are told the requester is; it never reaches SEC itself. */
  static final String SIMULATOR_USER_AGENT = "pitlake demo demo@pitlake.invalid";

  static FilingsEndpoints resolve(
      Configuration configured, Map<String, String> env, Set<String> vendors) {
    Configuration options = new Configuration(configured);
    Map<String, Credentials> credentials = new HashMap<>();
    List<String> descriptions = new ArrayList<>();
    List<AutoCloseable> simulators = new ArrayList<>();
    if (vendors.contains("sec")) {
      if (options.getOptional(SecOptions.USER_AGENT).isPresent()) {
        descriptions.add("SEC EDGAR at " + options.get(SecOptions.BASE_URL));
      } else {
        SecSimulator sec = SecSimulator.builder().build().start();
        simulators.add(sec);
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
        FmpSimulator fmp = FmpSimulator.builder().apiKey(key).build().start();
        simulators.add(fmp);
        options.set(FmpOptions.BASE_URL, fmp.baseUrl());
        credentials.put("fmp", Credentials.fromFile(PolygonEndpoint.privateKeyFile(key)));
        descriptions.add(
            "no $" + keyEnv + " set: using the built-in FMP simulator at " + fmp.baseUrl());
      }
    }
    return new FilingsEndpoints(options, credentials, descriptions, simulators);
  }

  @Override
  public void close() throws Exception {
    for (AutoCloseable simulator : simulators) {
      simulator.close();
    }
  }
}
