package io.pitlake.options.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ImpliedVolatilityTest {

  private static final ImpliedVolatility SOLVER = ImpliedVolatility.DEFAULT;
  private static final double SPOT = 100;
  private static final double RATE = 0.05;

  private static final double[] MONEYNESS = {
    0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1, 1.05, 1.1, 1.25, 1.5, 2
  };
  private static final int[] DAYS = {1, 2, 7, 30, 91, 182, 365, 730};
  private static final double[] VOLS = {0.05, 0.1, 0.2, 0.4, 0.8, 1.2, 2.0};

  @Test
  @DisplayName(
      "IV recovers sigma to 1e-6 wherever vega >= floor, and every other point returns a reason")
  void recoversVolatilityOverTheGrid() {
    LocalDate session = LocalDate.of(2024, 6, 3);
    List<CashDividend> dividends =
        List.of(
            new CashDividend(LocalDate.of(2024, 6, 4), 0.9),
            new CashDividend(LocalDate.of(2024, 9, 4), 0.9),
            new CashDividend(LocalDate.of(2025, 3, 4), 0.9));
    Map<IvReason, Integer> reasons = new EnumMap<>(IvReason.class);
    int solved = 0;
    for (boolean withDividends : new boolean[] {false, true}) {
      for (int days : DAYS) {
        LocalDate expiry = session.plusDays(days);
        double spot =
            withDividends ? EscrowedDividends.spot(SPOT, session, expiry, dividends, RATE) : SPOT;
        double years = days / 365.0;
        for (double moneyness : MONEYNESS) {
          for (OptionType type : OptionType.values()) {
            OptionInputs inputs = new OptionInputs(type, spot, moneyness * SPOT, years, RATE);
            for (double vol : VOLS) {
              double price = BlackScholes.price(inputs, vol);
              IvResult result = SOLVER.solve(inputs, price);
              String point =
                  String.format(
                      "%s K=%s days=%s vol=%s dividends=%s price=%s",
                      type, moneyness * SPOT, days, vol, withDividends, price);
              if (BlackScholes.vega(inputs, vol)
                  >= ImpliedVolatility.DEFAULT_RELATIVE_VEGA_FLOOR * spot) {
                assertThat(result.isSolved()).as(point + " " + result).isTrue();
                assertThat(result.volatility()).as(point).isCloseTo(vol, within(1e-6));
                solved++;
              } else {
                assertThat(result.reason())
                    .as(point)
                    .isIn(IvReason.VEGA_BELOW_FLOOR, IvReason.BELOW_INTRINSIC);
                reasons.merge(result.reason(), 1, Integer::sum);
              }
            }
          }
        }
      }
    }
    assertThat(solved).as("most of the grid is solvable").isGreaterThan(1500);
    assertThat(reasons).containsKeys(IvReason.VEGA_BELOW_FLOOR, IvReason.BELOW_INTRINSIC);
  }

  @Test
  @DisplayName(
      "prices outside the no-arbitrage bounds, expired contracts and no trade have reasons")
  void reasonCodes() {
    OptionInputs call = new OptionInputs(OptionType.CALL, 100, 90, 0.5, RATE);
    double discountedStrike = call.discountedStrike();
    assertThat(SOLVER.solve(call, 100 - discountedStrike - 0.01).reason())
        .isEqualTo(IvReason.BELOW_INTRINSIC);
    assertThat(SOLVER.solve(call, 100 - discountedStrike).reason())
        .as("exactly the lower bound is zero volatility, not an IV")
        .isEqualTo(IvReason.BELOW_INTRINSIC);
    assertThat(SOLVER.solve(call, 100.0).reason()).isEqualTo(IvReason.ABOVE_UPPER_BOUND);
    OptionInputs put = new OptionInputs(OptionType.PUT, 100, 90, 0.5, RATE);
    assertThat(SOLVER.solve(put, discountedStrike + 0.5).reason())
        .isEqualTo(IvReason.ABOVE_UPPER_BOUND);
    assertThat(SOLVER.solve(put, -0.01).reason()).isEqualTo(IvReason.BELOW_INTRINSIC);
    // A deep in-the-money European put may trade below K - S (but not below K·exp(-rt) - S).
    OptionInputs deepPut = new OptionInputs(OptionType.PUT, 50, 100, 1, RATE);
    double europeanPrice = BlackScholes.price(deepPut, 0.3);
    assertThat(europeanPrice).isLessThan(100 - 50);
    assertThat(SOLVER.solve(deepPut, europeanPrice).volatility()).isCloseTo(0.3, within(1e-6));

    OptionInputs expired = new OptionInputs(OptionType.CALL, 100, 90, 0, RATE);
    assertThat(SOLVER.solve(expired, 10.0).reason()).isEqualTo(IvReason.EXPIRED);
    assertThat(SOLVER.solve(call, null).reason()).isEqualTo(IvReason.NO_TRADE);
    assertThat(SOLVER.solve(call, Double.NaN).reason()).isEqualTo(IvReason.NO_TRADE);
    assertThat(SOLVER.solve(call, null).volatilityOrNull()).isNull();

    OptionInputs atm = new OptionInputs(OptionType.CALL, 100, 100, 1, RATE);
    assertThat(SOLVER.solve(atm, BlackScholes.price(atm, 12.0)).reason())
        .isEqualTo(IvReason.OUTSIDE_SEARCH_RANGE);
  }

  @Test
  @DisplayName("a higher vega floor turns a far out-of-the-money solve into VEGA_BELOW_FLOOR")
  void vegaFloor() {
    OptionInputs wing = new OptionInputs(OptionType.CALL, 100, 150, 30 / 365.0, RATE);
    double price = BlackScholes.price(wing, 0.4);
    double relativeVega = BlackScholes.vega(wing, 0.4) / 100;
    assertThat(SOLVER.solve(wing, price).volatility()).isCloseTo(0.4, within(1e-6));
    IvResult floored = new ImpliedVolatility(relativeVega * 2).solve(wing, price);
    assertThat(floored.reason()).isEqualTo(IvReason.VEGA_BELOW_FLOOR);
    assertThat(floored.volatilityOrNull()).isNull();
    assertThatThrownBy(() -> new ImpliedVolatility(-1))
        .hasMessageContaining("1e-6 suits exact prices");
  }
}
