package io.pitlake.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitlake.options.pricing.BlackScholes;
import io.pitlake.options.pricing.OptionInputs;
import io.pitlake.options.pricing.OptionType;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The Polygon simulator's option chains, their split adjustments and their BSM-priced bars. */
class PolygonSimulatorOptionsTest {

  private static final LocalDate MAY_31 = LocalDate.of(2024, 5, 31);
  private static final LocalDate JUNE_7 = LocalDate.of(2024, 6, 7);
  private static final LocalDate JUNE_10 = LocalDate.of(2024, 6, 10);

  private static PolygonSimulator simulator() {
    return PolygonSimulator.builder()
        .apiKey("test-key")
        .clock(Clock.fixed(Instant.parse("2025-12-01T12:00:00Z"), ZoneOffset.UTC))
        .build();
  }

  @Test
  @DisplayName(
      "a past day's chain holds contracts expired since and none listed after it; weeklies and"
          + " monthlies around the money")
  void chainsAsOfADay() {
    SimulatedOptionChains chains = simulator().optionChains();
    List<SimulatedOptionChains.Contract> may31 = chains.contracts("SPLT", MAY_31, false);

    assertThat(may31).extracting(SimulatedOptionChains.Contract::expiry).contains(JUNE_7);
    assertThat(may31).allSatisfy(c -> assertThat(c.from()).isBeforeOrEqualTo(MAY_31));
    assertThat(may31).allSatisfy(c -> assertThat(c.expiry()).isAfterOrEqualTo(MAY_31));
    // A weekly is listed 35 days ahead: July 12's is not yet listed on May 31 but is on June 7.
    LocalDate july12 = LocalDate.of(2024, 7, 12);
    assertThat(may31).extracting(SimulatedOptionChains.Contract::expiry).doesNotContain(july12);
    assertThat(chains.contracts("SPLT", JUNE_7, false))
        .extracting(SimulatedOptionChains.Contract::expiry)
        .contains(july12);
    // The monthly of August 16 is listed 91 days ahead.
    assertThat(may31)
        .extracting(SimulatedOptionChains.Contract::expiry)
        .contains(LocalDate.of(2024, 8, 16));
    assertThat(may31.stream().filter(c -> c.expiry().equals(JUNE_7))).hasSize(14);
    assertThat(chains.contracts("SPLT", JUNE_10, true))
        .extracting(SimulatedOptionChains.Contract::expiry)
        .contains(JUNE_7)
        .allSatisfy(expiry -> assertThat(expiry).isBefore(JUNE_10));
  }

  @Test
  @DisplayName(
      "a 4-for-1 divides the strike under a new ticker, a 1-for-10 moves the deliverable to a new"
          + " root; nothing changes before the ex date")
  void splitsAdjustContracts() {
    SimulatedOptionChains chains = simulator().optionChains();
    List<SimulatedOptionChains.Contract> before = chains.contracts("SPLT", JUNE_7, false);
    Map<String, SimulatedOptionChains.Contract> after =
        chains.contracts("SPLT", JUNE_10, false).stream()
            .filter(c -> c.continues() != null)
            .collect(
                Collectors.toMap(SimulatedOptionChains.Contract::continues, Function.identity()));

    assertThat(before).allSatisfy(c -> assertThat(c.continues()).isNull());
    List<SimulatedOptionChains.Contract> alive =
        before.stream().filter(c -> c.expiry().isAfter(JUNE_7)).toList();
    assertThat(alive).isNotEmpty();
    for (SimulatedOptionChains.Contract old : alive) {
      SimulatedOptionChains.Contract adjusted = after.get(old.ticker());
      assertThat(adjusted).as(old.ticker()).isNotNull();
      assertThat(adjusted.ticker()).isNotEqualTo(old.ticker());
      assertThat(adjusted.strike() * 4).isEqualTo(old.strike());
      assertThat(adjusted.sharesPerContract()).isEqualTo(100);
      assertThat(old.to()).isEqualTo(JUNE_7);
    }

    SimulatedOptionChains.Contract reverse =
        chains.contracts("RSPL", LocalDate.of(2024, 8, 20), false).stream()
            .filter(c -> c.continues() != null)
            .findFirst()
            .orElseThrow();
    assertThat(reverse.root()).isEqualTo("RSPL1");
    assertThat(reverse.sharesPerContract()).isEqualTo(10);
    assertThat(reverse.standard()).isFalse();
    assertThat(chains.contract(reverse.continues()).orElseThrow().strike())
        .isEqualTo(reverse.strike());
  }

  @Test
  @DisplayName(
      "an underlying's chain follows its own actions only: SPLT's split adjusts no DIVC contract,"
          + " DIVC's dividend escrows no SPLT price")
  void chainsFollowTheirOwnActions() {
    SimulatedOptionChains chains = simulator().optionChains();
    assertThat(chains.contracts("DIVC", JUNE_10, false))
        .isNotEmpty()
        .allSatisfy(c -> assertThat(c.continues()).isNull());
    SimulatedOptionChains.Contract splt =
        chains.contracts("SPLT", JUNE_10, false).stream()
            .filter(c -> c.expiry().isAfter(LocalDate.of(2024, 6, 13)))
            .findFirst()
            .orElseThrow();
    double close =
        new SimulatedMarket(42L, List.of())
            .bar("SPLT", JUNE_10, Instant.parse("2025-12-01T12:00:00Z"))
            .c();
    assertThat(chains.inputs(splt, JUNE_10).spot())
        .as("SPLT pays no dividend: its spot is its close")
        .isEqualTo(close);
  }

  @Test
  @DisplayName("every bar is the BSM price at the surface's volatility, unrounded")
  void barsArePricedFromTheSurface() {
    SimulatedOptionChains chains = simulator().optionChains();
    SimulatedOptionChains.Contract call =
        chains.contracts("DIVC", MAY_31, false).stream()
            .filter(
                c -> c.type() == OptionType.CALL && c.expiry().equals(LocalDate.of(2024, 6, 21)))
            .findFirst()
            .orElseThrow();
    List<SimulatedOptionChains.OptionBar> bars = chains.bars(call.ticker(), MAY_31, JUNE_10);

    assertThat(bars).isNotEmpty();
    for (SimulatedOptionChains.OptionBar bar : bars) {
      OptionInputs inputs = chains.inputs(call, bar.session());
      double k = Math.log(inputs.strike() / inputs.forward());
      assertThat(bar.volatility())
          .isEqualTo(chains.surface().volatility("DIVC", k, inputs.years()));
      assertThat(bar.price()).isEqualTo(BlackScholes.price(inputs, bar.volatility()));
    }
  }

  @Test
  @DisplayName(
      "an expiry range computes only its expiries and lists exactly what the whole listing has"
          + " in it")
  void expiryRangeListsTheSameContracts() {
    SimulatedOptionChains chains = simulator().optionChains();
    LocalDate from = LocalDate.of(2024, 3, 28); // the Thursday expiry before Good Friday
    LocalDate to = LocalDate.of(2024, 5, 17);
    for (boolean expired : List.of(true, false)) {
      LocalDate asOf = expired ? JUNE_10 : LocalDate.of(2024, 3, 1);
      List<SimulatedOptionChains.Contract> whole = chains.contracts("SPLT", asOf, expired);
      List<SimulatedOptionChains.Contract> range =
          chains.contracts("SPLT", asOf, expired, from, to);

      assertThat(range)
          .isNotEmpty()
          .containsExactlyElementsOf(
              whole.stream()
                  .filter(c -> !c.expiry().isBefore(from) && !c.expiry().isAfter(to))
                  .toList());
      assertThat(range).extracting(SimulatedOptionChains.Contract::expiry).contains(from, to);
    }
  }

  @Test
  @DisplayName(
      "served: an expired listing filtered by expiry holds what the whole listing has there")
  void servesAnExpiryRange() throws IOException {
    try (PolygonSimulator vendor = simulator().start()) {
      List<JsonNode> contracts =
          listing(
              vendor,
              "as_of=2024-06-10&expired=true&expiration_date.gt=2024-04-19"
                  + "&expiration_date.lte=2024-05-17");

      assertThat(contracts)
          .extracting(c -> c.get("ticker").asText())
          .isNotEmpty()
          .containsExactlyElementsOf(
              vendor.optionChains().contracts("SPLT", JUNE_10, true).stream()
                  .filter(c -> c.expiry().isAfter(LocalDate.of(2024, 4, 19)))
                  .filter(c -> !c.expiry().isAfter(LocalDate.of(2024, 5, 17)))
                  .map(SimulatedOptionChains.Contract::ticker)
                  .toList());
    }
  }

  @Test
  @DisplayName("served: the contracts endpoint pages by next_url, option aggregates by ticker")
  void servesContractsAndBars() throws IOException {
    try (PolygonSimulator vendor = simulator().start()) {
      List<JsonNode> contracts = listing(vendor, "as_of=2024-05-31&expired=false");
      assertThat(contracts).hasSize(vendor.optionChains().contracts("SPLT", MAY_31, false).size());
      JsonNode first = contracts.get(0);
      assertThat(first.get("underlying_ticker").asText()).isEqualTo("SPLT");
      assertThat(first.get("shares_per_contract").asInt()).isEqualTo(100);

      String ticker = first.get("ticker").asText();
      List<JsonNode> bars =
          PolygonSimulatorDatasetsTest.followPages(
              vendor, "/v2/aggs/ticker/" + ticker + "/range/1/day/2024-05-31/2024-06-07");
      assertThat(bars)
          .extracting(b -> b.get("c").asDouble())
          .containsExactlyElementsOf(
              vendor.optionChains().bars(ticker, MAY_31, JUNE_7).stream()
                  .map(SimulatedOptionChains.OptionBar::price)
                  .toList());
    }
  }

  /** Every page of SPLT's contracts listing with {@code query}, 50 a page. */
  private static List<JsonNode> listing(PolygonSimulator vendor, String query) throws IOException {
    return PolygonSimulatorDatasetsTest.followPages(
        vendor, "/v3/reference/options/contracts?underlying_ticker=SPLT&limit=50&" + query);
  }
}
