package io.pitlake.vendor.sec;

import io.pitlake.job.ingest.VendorDataset;
import io.pitlake.simulator.SimulatorOptions;
import io.pitlake.simulator.sec.SecSimulator;
import io.pitlake.vendor.SimulatedEndpoints;
import io.pitlake.vendor.VendorEndpoint;
import io.pitlake.vendor.VendorModule;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;

/**
 * SEC EDGAR: no key but a declared User-Agent ({@code sec.user-agent}); without one the SEC
 * simulator serves. At most {@link SecOptions#REQUESTS_PER_SECOND} requests per second per user.
 */
public final class SecModule implements VendorModule {

  public static final String NAME = "sec";

  public static final SecModule INSTANCE = new SecModule();

  /** What the simulator is told the requester is; it never reaches SEC itself. */
  public static final String SIMULATOR_USER_AGENT = "pitlake demo demo@pitlake.invalid";

  private SecModule() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<VendorDataset> datasets() {
    return List.of(SecDatasets.values());
  }

  @Override
  public double requestsPerSecond(Configuration options) {
    return SecOptions.requestsPerSecond(options);
  }

  @Override
  public VendorEndpoint<SecSimulator> endpoint(
      Configuration options, Map<String, String> env, long seed) {
    if (options.getOptional(SecOptions.USER_AGENT).isPresent()) {
      String base = options.get(SecOptions.BASE_URL);
      return VendorEndpoint.configured(base, null, "SEC EDGAR at " + base);
    }
    SecSimulator sec =
        SecSimulator.builder()
            .syntheticFilers(options.get(SimulatorOptions.SEC_SYNTHETIC_FILERS))
            .chaos(SimulatedEndpoints.chaos(options, SimulatedEndpoints.SEED))
            .build()
            .start();
    options.set(SecOptions.BASE_URL, sec.baseUrl());
    options.set(SecOptions.FILES_BASE_URL, sec.baseUrl());
    options.set(SecOptions.USER_AGENT, SIMULATOR_USER_AGENT);
    return new VendorEndpoint<>(
        sec.baseUrl(),
        null,
        "no sec.user-agent set: using the built-in SEC EDGAR simulator at " + sec.baseUrl(),
        sec,
        sec::requestCount);
  }
}
