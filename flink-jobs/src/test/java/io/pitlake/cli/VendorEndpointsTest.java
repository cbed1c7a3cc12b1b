package io.pitlake.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pitlake.simulator.SimulatorOptions;
import io.pitlake.vendor.alpaca.AlpacaOptions;
import io.pitlake.vendor.fmp.FmpOptions;
import io.pitlake.vendor.polygon.PolygonOptions;
import io.pitlake.vendor.sec.SecModule;
import io.pitlake.vendor.sec.SecOptions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link VendorEndpoints}: each vendor's endpoint, as its module resolves it, in registry order.
 */
class VendorEndpointsTest {

  @Test
  @DisplayName("with no key anywhere every vendor's simulator serves, in registry order")
  void withNoKeyEveryVendorsSimulatorServes() throws Exception {
    try (VendorEndpoints endpoints =
        VendorEndpoints.resolve(
            new Configuration(), Map.of(), Set.of("alpaca", "polygon", "fmp", "sec"))) {
      assertThat(endpoints.descriptions())
          .hasSize(4)
          .satisfiesExactly(
              sec -> assertThat(sec).startsWith("no sec.user-agent set: using the built-in SEC"),
              fmp -> assertThat(fmp).contains("using the built-in FMP simulator at"),
              polygon ->
                  assertThat(polygon).contains("built-in Polygon simulator").endsWith("(seed 42)"),
              alpaca -> assertThat(alpaca).contains("using the built-in Alpaca simulator at"));
      assertThat(endpoints.simulatorRequests()).containsOnlyKeys("sec", "fmp", "polygon", "alpaca");
      assertThat(endpoints.credentials()).containsOnlyKeys("fmp", "polygon", "alpaca");
      Configuration options = endpoints.options();
      assertThat(
              List.of(
                  options.get(SecOptions.BASE_URL),
                  options.get(SecOptions.FILES_BASE_URL),
                  options.get(FmpOptions.BASE_URL),
                  options.get(PolygonOptions.BASE_URL),
                  options.get(AlpacaOptions.BASE_URL)))
          .allSatisfy(url -> assertThat(url).startsWith("http://127.0.0.1:"));
      assertThat(options.get(SecOptions.USER_AGENT)).isEqualTo(SecModule.SIMULATOR_USER_AGENT);
    }
  }

  @Test
  @DisplayName("only the vendors asked for resolve; a configured host starts nothing")
  void aConfiguredHostStartsNoSimulator() throws Exception {
    Configuration configured = new Configuration();
    configured.set(SecOptions.USER_AGENT, "pitlake test test@pitlake.invalid");
    try (VendorEndpoints endpoints =
        VendorEndpoints.resolve(configured, Map.of("FMP_API_KEY", "k"), Set.of("sec", "fmp"))) {
      assertThat(endpoints.descriptions())
          .containsExactly(
              "SEC EDGAR at " + SecOptions.BASE_URL.defaultValue(),
              "FMP at " + FmpOptions.BASE_URL.defaultValue() + " (key from $FMP_API_KEY)");
      assertThat(endpoints.simulators()).isEmpty();
      assertThat(endpoints.credentials()).containsOnlyKeys("fmp");
    }
  }

  @Test
  @DisplayName("a module's misconfiguration is a usage error naming the option")
  void aMisconfigurationIsAUsageErrorNamingTheOption() {
    Configuration missingKey = new Configuration();
    missingKey.set(FmpOptions.API_KEY_FILE, "/nonexistent/fmp.key");
    assertThatThrownBy(() -> VendorEndpoints.resolve(missingKey, Map.of(), Set.of("fmp")))
        .isInstanceOf(UsageException.class)
        .hasMessage(
            "fmp.api-key-file /nonexistent/fmp.key: no readable file there: fix the path or unset"
                + " it");

    Configuration badChaos = new Configuration();
    badChaos.set(SimulatorOptions.CHAOS, 2.0);
    badChaos.set(SecOptions.USER_AGENT, "pitlake test test@pitlake.invalid");
    assertThatThrownBy(() -> VendorEndpoints.resolve(badChaos, Map.of(), Set.of("sec")))
        .as("checked before any vendor resolves, as before")
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("simulator.chaos=2.0: not a fraction");
  }
}
