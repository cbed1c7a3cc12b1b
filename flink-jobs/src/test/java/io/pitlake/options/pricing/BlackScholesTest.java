package io.pitlake.options.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BlackScholesTest {

  private static final double[] STRIKES = {50, 80, 95, 100, 105, 130, 200};
  private static final double[] YEARS = {1 / 365.0, 7 / 365.0, 30 / 365.0, 0.5, 2};
  private static final double[] VOLS = {0.05, 0.2, 0.6, 2.0};

  @Test
  @DisplayName("prices and Greeks equal the textbook values for S=K=100, t=1, r=5%, vol=20%")
  void textbookValues() {
    OptionInputs call = new OptionInputs(OptionType.CALL, 100, 100, 1, 0.05);
    OptionInputs put = new OptionInputs(OptionType.PUT, 100, 100, 1, 0.05);

    assertThat(BlackScholes.price(call, 0.2)).isCloseTo(10.450583572185565, within(1e-12));
    assertThat(BlackScholes.price(put, 0.2)).isCloseTo(5.573526022256971, within(1e-12));
    Greeks greeks = BlackScholes.greeks(call, 0.2);
    assertThat(greeks.delta()).isCloseTo(0.6368306511756191, within(1e-12));
    assertThat(greeks.gamma()).isCloseTo(0.018762017345846895, within(1e-12));
    assertThat(greeks.vega()).isCloseTo(37.52403469169379, within(1e-10));
    assertThat(greeks.theta()).isCloseTo(-6.414027546438197, within(1e-10));
    assertThat(BlackScholes.greeks(put, 0.2).delta())
        .isCloseTo(0.6368306511756191 - 1, within(1e-12));
  }

  @Test
  @DisplayName("the normal CDF from commons-math3 matches known quantiles, also in the far tail")
  void normalCdf() {
    assertThat(BlackScholes.cdf(0)).isEqualTo(0.5);
    assertThat(BlackScholes.cdf(1.959963984540054)).isCloseTo(0.975, within(1e-15));
    // The lower tail keeps relative accuracy where 1 - N(x) would round to zero.
    assertThat(BlackScholes.cdf(-10)).isCloseTo(7.61985302416047e-24, within(1e-36));
  }

  @Test
  @DisplayName("put-call parity C - P = S - PV(D) - K·exp(-r·t) holds on escrowed-dividend prices")
  void putCallParityWithEscrowedDividends() {
    LocalDate session = LocalDate.of(2024, 3, 1);
    LocalDate expiry = LocalDate.of(2025, 3, 21);
    List<CashDividend> dividends =
        List.of(
            new CashDividend(LocalDate.of(2024, 3, 1), 9.0), // ex on the session: already out
            new CashDividend(LocalDate.of(2024, 5, 10), 0.8),
            new CashDividend(LocalDate.of(2024, 11, 8), 0.8),
            new CashDividend(LocalDate.of(2025, 3, 21), 0.8), // ex on expiry: counts
            new CashDividend(LocalDate.of(2025, 5, 9), 9.0)); // after expiry: ignored
    double rate = 0.045;
    double quoted = 100;
    double escrowed = EscrowedDividends.spot(quoted, session, expiry, dividends, rate);
    double presentValue = 0;
    for (LocalDate exDate : List.of(LocalDate.of(2024, 5, 10), LocalDate.of(2024, 11, 8), expiry)) {
      double years = java.time.temporal.ChronoUnit.DAYS.between(session, exDate) / 365.0;
      presentValue += 0.8 * Math.exp(-rate * years);
    }
    assertThat(escrowed).isCloseTo(quoted - presentValue, within(1e-12));

    double years = TimeToExpiry.years(session, expiry);
    for (double strike : STRIKES) {
      for (double vol : VOLS) {
        OptionInputs call = new OptionInputs(OptionType.CALL, escrowed, strike, years, rate);
        OptionInputs put = new OptionInputs(OptionType.PUT, escrowed, strike, years, rate);
        double parity = quoted - presentValue - strike * Math.exp(-rate * years);
        assertThat(BlackScholes.price(call, vol) - BlackScholes.price(put, vol))
            .as("K=%s vol=%s", strike, vol)
            .isCloseTo(parity, within(1e-10));
      }
    }
  }

  /**
   * Central differences with step h have truncation error O(h²·third derivative) and rounding error
   * O(eps·price/h); the steps below keep both under 1e-6 relative to the Greek's scale, so the
   * tolerance is 1e-5 of (|Greek| + a scale) and a sign or a factor error fails it.
   */
  @Test
  @DisplayName("delta, gamma, vega and theta equal central finite differences of the price")
  void greeksMatchFiniteDifferences() {
    double spot = 100;
    double rate = 0.03;
    for (OptionType type : OptionType.values()) {
      for (double strike : STRIKES) {
        for (double years : YEARS) {
          for (double vol : VOLS) {
            OptionInputs at = new OptionInputs(type, spot, strike, years, rate);
            Greeks greeks = BlackScholes.greeks(at, vol);
            String point = String.format("%s K=%s t=%s vol=%s", type, strike, years, vol);

            double hs = 1e-3 * spot * vol * Math.sqrt(years);
            double up =
                BlackScholes.price(new OptionInputs(type, spot + hs, strike, years, rate), vol);
            double mid = BlackScholes.price(at, vol);
            double down =
                BlackScholes.price(new OptionInputs(type, spot - hs, strike, years, rate), vol);
            assertThat(greeks.price()).as(point).isCloseTo(mid, within(1e-12 * spot));
            assertThat(greeks.delta()).as(point).isCloseTo((up - down) / (2 * hs), within(1e-5));
            assertThat(greeks.gamma())
                .as(point)
                .isCloseTo(
                    (up - 2 * mid + down) / (hs * hs), within(1e-5 * (greeks.gamma() + 1e-2)));

            double hv = 1e-5;
            double vegaFd =
                (BlackScholes.price(at, vol + hv) - BlackScholes.price(at, vol - hv)) / (2 * hv);
            assertThat(greeks.vega())
                .as(point)
                .isCloseTo(vegaFd, within(1e-5 * (greeks.vega() + 1)));

            double ht = Math.min(1e-6, years / 10);
            double later =
                BlackScholes.price(new OptionInputs(type, spot, strike, years - ht, rate), vol);
            double earlier =
                BlackScholes.price(new OptionInputs(type, spot, strike, years + ht, rate), vol);
            double thetaFd = (later - earlier) / (2 * ht);
            assertThat(greeks.theta())
                .as(point)
                .isCloseTo(thetaFd, within(1e-5 * (Math.abs(greeks.theta()) + spot)));
          }
        }
      }
    }
  }

  @Test
  @DisplayName("at expiry the price is the payoff and the Greeks are refused with the fix")
  void atExpiry() {
    OptionInputs call = new OptionInputs(OptionType.CALL, 110, 100, 0, 0.05);
    assertThat(BlackScholes.price(call, 0.3)).isEqualTo(10.0);
    assertThat(BlackScholes.price(new OptionInputs(OptionType.PUT, 110, 100, 0, 0.05), 0.3))
        .isZero();
    assertThat(BlackScholes.vega(call, 0.3)).isZero();
    assertThatThrownBy(() -> BlackScholes.greeks(call, 0.3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("report NULL Greeks");
  }

  @Test
  @DisplayName("bad inputs are refused with messages that name the fix")
  void argumentChecks() {
    assertThatThrownBy(() -> new OptionInputs(OptionType.CALL, -1, 100, 1, 0.05))
        .hasMessageContaining("check the dividend amounts");
    assertThatThrownBy(() -> new OptionInputs(OptionType.CALL, 100, 100, -0.1, 0.05))
        .hasMessageContaining("TimeToExpiry gives 0");
    assertThatThrownBy(
            () -> BlackScholes.price(new OptionInputs(OptionType.CALL, 100, 100, 1, 0.05), -0.2))
        .hasMessageContaining("0.2 for 20 percent");
    assertThatThrownBy(() -> new CashDividend(LocalDate.of(2024, 1, 2), -1))
        .hasMessageContaining("check the dividend feed");
  }
}
