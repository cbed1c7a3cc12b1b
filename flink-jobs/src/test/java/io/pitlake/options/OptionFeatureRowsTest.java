package io.pitlake.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.pitlake.options.pricing.BlackScholes;
import io.pitlake.options.pricing.CashDividend;
import io.pitlake.options.pricing.OptionInputs;
import io.pitlake.options.pricing.OptionType;
import io.pitlake.options.pricing.PricingOptions;
import io.pitlake.options.pricing.RiskFreeCurve;
import io.pitlake.vendor.MarketDates;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link OptionFeatureRows} on one underlying at $100 and one far out-of-the-money call (strike
 * 125, 18 days), priced at 40% volatility.
 */
class OptionFeatureRowsTest {

  private static final String TICKER = "O:F240621C00125000";
  private static final LocalDate JUNE_3 = LocalDate.of(2024, 6, 3);
  private static final LocalDate EXPIRY = LocalDate.of(2024, 6, 21);
  private static final Instant KNOWN = Instant.parse("2024-06-04T00:15:00Z");
  private static final List<String> COLUMNS =
      List.of(((RowTypeInfo) new OptionFeatureRows().outputType()).getFieldNames());
  private static final List<String> INPUTS =
      List.of(
          "underlying",
          "kind",
          "option_ticker",
          "session_date",
          "version",
          "close",
          "volume",
          "trades",
          "expiration_date",
          "contract_type",
          "strike",
          "shares_per_contract",
          "action_id",
          "ex_date",
          "cash_amount",
          "split_from",
          "split_to",
          "available_at",
          "event_time",
          "ingested_at");

  @Test
  @DisplayName(
      "options.vega-floor decides VEGA_BELOW_FLOOR: the call solves under a floor just below its"
          + " vega / spot and has the reason just above; a floor of 0 is refused with the fix")
  void vegaFloorOption() {
    OptionInputs inputs =
        OptionInputs.atClose(
            OptionType.CALL, 100, 125, JUNE_3, EXPIRY, List.of(), RiskFreeCurve.constant(0));
    double price = BlackScholes.price(inputs, 0.4);
    double relativeVega = BlackScholes.vega(inputs, 0.4) / 100;
    assertThat(relativeVega).as("a far wing, far above the default floor").isBetween(1e-3, 1e-2);

    Row below = only(relativeVega * 0.99, price);
    assertThat((Double) get(below, "iv")).isCloseTo(0.4, within(1e-6));
    assertThat(get(below, "iv_reason")).isNull();
    Row above = only(relativeVega * 1.01, price);
    assertThat(get(above, "iv")).isNull();
    assertThat(get(above, "delta")).isNull();
    assertThat(get(above, "iv_reason")).isEqualTo("VEGA_BELOW_FLOOR");

    assertThatThrownBy(
            () -> new OptionFeatureRows().open(Map.of(PricingOptions.VEGA_FLOOR.key(), "0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("options.vega-floor must be > 0")
        .hasMessageContaining("5e-3");
  }

  @Test
  @DisplayName(
      "a dividend going ex after a 4-for-1 split that follows the session is escrowed at 4x its"
          + " amount (Polygon states it per share of its ex date), from the instant the split is"
          + " known; one going ex before the split is escrowed as sent")
  void dividendRebasedAcrossSplit() {
    LocalDate split = LocalDate.of(2024, 6, 10);
    LocalDate before = LocalDate.of(2024, 6, 7);
    LocalDate after = LocalDate.of(2024, 6, 14);
    Instant splitKnown = KNOWN.plusSeconds(3600);
    OptionInputs truth =
        at4Percent(List.of(new CashDividend(before, 0.5), new CashDividend(after, 4 * 0.25)));
    double price = BlackScholes.price(truth, 0.4);

    OptionFeatureRows rows = new OptionFeatureRows();
    rows.open(Map.of(PricingOptions.RISK_FREE_RATE.key(), "0.04"));
    List<Row> out = new ArrayList<>();
    rows.compute(
        List.of(
            option(price),
            stock(100),
            dividend("d1", before, 0.5, KNOWN),
            dividend("d2", after, 0.25, KNOWN),
            split("s1", split, 1, 4, splitKnown)),
        out::add);

    assertThat(out).hasSize(2);
    Row asSent = out.get(0);
    Row rebased = out.get(1);
    assertThat(get(asSent, "available_at")).isEqualTo(KNOWN);
    assertThat((Double) get(asSent, "spot"))
        .as("before the split is known, the dividend is escrowed as sent")
        .isCloseTo(
            at4Percent(List.of(new CashDividend(before, 0.5), new CashDividend(after, 0.25)))
                .spot(),
            within(1e-12));
    assertThat(get(rebased, "available_at")).isEqualTo(splitKnown);
    assertThat((Double) get(rebased, "spot")).isCloseTo(truth.spot(), within(1e-12));
    assertThat((Double) get(rebased, "iv")).isCloseTo(0.4, within(1e-6));
  }

  /** The call's inputs on June 3 at $100 with {@code dividends} escrowed, at a constant 4%. */
  private static OptionInputs at4Percent(List<CashDividend> dividends) {
    return OptionInputs.atClose(
        OptionType.CALL, 100, 125, JUNE_3, EXPIRY, dividends, RiskFreeCurve.constant(0.04));
  }

  private static Row dividend(String id, LocalDate exDate, double amount, Instant known) {
    Row row = action(id, exDate, known);
    row.setField("cash_amount", amount);
    return row;
  }

  private static Row split(String id, LocalDate exDate, double from, double to, Instant known) {
    Row row = action(id, exDate, known);
    row.setField("split_from", from);
    row.setField("split_to", to);
    return row;
  }

  private static Row action(String id, LocalDate exDate, Instant known) {
    Row row = input("action");
    row.setField("session_date", null);
    row.setField("action_id", id);
    row.setField("ex_date", exDate);
    row.setField("available_at", known);
    row.setField("ingested_at", known);
    return row;
  }

  /** The one row of the call under {@code floor}. */
  private static Row only(double floor, double price) {
    OptionFeatureRows rows = new OptionFeatureRows();
    rows.open(Map.of(PricingOptions.VEGA_FLOOR.key(), Double.toString(floor)));
    List<Row> out = new ArrayList<>();
    rows.compute(List.of(option(price), stock(100)), out::add);
    assertThat(out).hasSize(1);
    return out.get(0);
  }

  private static Object get(Row row, String column) {
    return row.getField(COLUMNS.indexOf(column));
  }

  private static Row option(double close) {
    Row row = input("option");
    row.setField("option_ticker", TICKER);
    row.setField("close", close);
    row.setField("volume", 10.0);
    row.setField("trades", 12L);
    row.setField("expiration_date", EXPIRY);
    row.setField("contract_type", "call");
    row.setField("strike", 125.0);
    row.setField("shares_per_contract", 100.0);
    return row;
  }

  private static Row stock(double close) {
    Row row = input("stock");
    row.setField("close", close);
    return row;
  }

  private static Row input(String kind) {
    Row row = Row.withNames();
    INPUTS.forEach(column -> row.setField(column, null));
    row.setField("underlying", "F");
    row.setField("kind", kind);
    row.setField("session_date", JUNE_3);
    row.setField("version", 1);
    row.setField("available_at", KNOWN);
    row.setField("event_time", MarketDates.startOfDay(JUNE_3));
    row.setField("ingested_at", KNOWN);
    return row;
  }
}
