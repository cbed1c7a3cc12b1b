package io.pitlake.cli;

import io.pitlake.source.rest.Credentials;
import io.pitlake.vendor.SimulatedEndpoints;
import io.pitlake.vendor.VendorEndpoint;
import io.pitlake.vendor.VendorModule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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

  /** Seeds the simulators' data and their chaos, as {@code backfill} seeds Polygon's. */
  private static final long SEED = SimulatedEndpoints.SEED;

  static VendorEndpoints resolve(
      Configuration configured, Map<String, String> env, Set<String> vendors) {
    return resolve(configured, env, vendors, SEED);
  }

  /**
   * As {@link #resolve(Configuration, Map, Set)}, the Polygon simulator seeded by {@code seed}.
   * Each vendor's module resolves its own endpoint ({@link VendorModule#endpoint}), in registry
   * order.
   */
  static VendorEndpoints resolve(
      Configuration configured, Map<String, String> env, Set<String> vendors, long seed) {
    Configuration options = new Configuration(configured);
    Map<String, IntSupplier> requests = new TreeMap<>();
    Map<String, Credentials> credentials = new HashMap<>();
    List<String> descriptions = new ArrayList<>();
    List<AutoCloseable> simulators = new ArrayList<>();
    try {
      // Checked up front, whether or not a simulator starts.
      SimulatedEndpoints.chaos(options, SEED);
      for (VendorModule vendor : VendorModule.all()) {
        if (!vendors.contains(vendor.name())) {
          continue;
        }
        VendorEndpoint<?> endpoint = vendor.endpoint(options, env, seed);
        if (endpoint.simulator() != null) {
          simulators.add(endpoint.simulator());
          requests.put(vendor.name(), endpoint.simulatorRequests());
        }
        if (endpoint.credentials() != null) {
          credentials.put(vendor.name(), endpoint.credentials());
        }
        descriptions.add(endpoint.description());
      }
    } catch (IllegalArgumentException e) {
      closeAll(simulators);
      throw new UsageException(e.getMessage());
    }
    return new VendorEndpoints(options, credentials, descriptions, simulators, requests);
  }

  private static void closeAll(List<AutoCloseable> simulators) {
    for (AutoCloseable simulator : simulators) {
      try {
        simulator.close();
      } catch (Exception e) {
        // Already failing with the usage error; the simulator's threads are daemons.
      }
    }
  }

  @Override
  public void close() throws Exception {
    for (AutoCloseable simulator : simulators) {
      simulator.close();
    }
  }
}
