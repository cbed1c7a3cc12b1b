package io.pitlake.vendor;

import io.pitlake.job.ingest.VendorDataset;
import io.pitlake.vendor.alpaca.AlpacaModule;
import io.pitlake.vendor.fmp.FmpModule;
import io.pitlake.vendor.polygon.PolygonModule;
import io.pitlake.vendor.sec.SecModule;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;

/**
 * One vendor, as its module under {@code vendor/<name>/} declares it: its datasets, the request
 * rate its terms allow, and where its requests go and how they authenticate. The ingest job, the
 * update planner and the CLI read these declarations instead of switching over vendors, so a new
 * dataset is an enum constant in its vendor's module (plus its table's declaration and SQL), and a
 * new vendor is a module and one line in {@link #all()}.
 */
public interface VendorModule {

  /** The vendor's name, the prefix of its dataset ids and bronze tables ({@code sec}). */
  String name();

  /** Its datasets, in the order {@code --vendor} lists them. */
  List<VendorDataset> datasets();

  /**
   * The vendor's request rate: its limit is per user or key, not per endpoint, so its datasets
   * share it.
   *
   * @throws IllegalArgumentException naming the option, when the configured rate cannot work
   */
  double requestsPerSecond(Configuration options);

  /**
   * Where the vendor's requests go and how they authenticate: what {@code options} configures, or
   * with no key (SEC: no User-Agent), the vendor's simulator on loopback, whose base URL (and
   * whatever else a request needs) this sets in {@code options}.
   *
   * @param options the run's options; the simulator's base URL is set here
   * @param env the process environment, where keys may be
   * @param seed the simulated market's seed (vendors whose simulator is not seeded draw their chaos
   *     from {@link SimulatedEndpoints#SEED})
   * @throws IllegalArgumentException naming the option to fix, e.g. a key file that is not there
   */
  VendorEndpoint<?> endpoint(Configuration options, Map<String, String> env, long seed);

  /** Every vendor pitlake reads, each once: the registry the rest of pitlake derives from. */
  static List<VendorModule> all() {
    return List.of(
        SecModule.INSTANCE, FmpModule.INSTANCE, PolygonModule.INSTANCE, AlpacaModule.INSTANCE);
  }

  /**
   * The vendor named {@code name} ({@code polygon}).
   *
   * @throws IllegalArgumentException naming the vendors there are
   */
  static VendorModule named(String name) {
    String wanted = name.strip().toLowerCase(Locale.ROOT);
    return all().stream()
        .filter(v -> v.name().equals(wanted))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    String.format("'%s' is not a vendor: use one of %s", name, names())));
  }

  /** Every vendor's name, comma-separated, for messages. */
  static String names() {
    return all().stream().map(VendorModule::name).collect(Collectors.joining(", "));
  }
}
