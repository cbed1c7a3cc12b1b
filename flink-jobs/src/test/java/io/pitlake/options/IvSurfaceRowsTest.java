package io.pitlake.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.pitlake.options.pricing.BlackScholes;
import io.pitlake.options.pricing.OptionInputs;
import io.pitlake.options.pricing.OptionType;
import io.pitlake.options.pricing.TimeToExpiry;
import io.pitlake.options.pricing.VolatilitySurface;
import io.pitlake.time.NyseCalendar;
import io.pitlake.vendor.MarketDates;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link IvSurfaceRows} on one session of a hand-made chain: two expiries around 30 days, each at
 * one volatility across strikes 90..110 (spot 100, no rate), puts trading twice the calls' volume,
 * and 22 closes that alternate 100 and 101 with a 2-for-1 split in the window, one of them revised
 * the next day.
 */
class IvSurfaceRowsTest {

  private static final NyseCalendar NYSE = NyseCalendar.instance();
  private static final LocalDate SESSION = LocalDate.of(2024, 6, 10);
  private static final LocalDate NEAR = LocalDate.of(2024, 6, 28);
  private static final LocalDate FAR = LocalDate.of(2024, 7, 26);
  private static final double NEAR_VOL = 0.2;
  private static final double FAR_VOL = 0.3;
  private static final Instant PUBLISHED = NYSE.extendedClose(SESSION).plusSeconds(900);
  private static final Instant NEXT_DAY = PUBLISHED.plus(Duration.ofDays(1));
  private static final int SPLIT_AT = 10;

  @Test
  @DisplayName(
      "30-day ATM IV in total variance between the expiries around it, zero skew on flat smiles,"
          + " put/call volume, and the realized volatility of split-neutral log returns")
  void surfaceOfOneSession() {
    List<Row> inputs = inputs(false);
    List<Row> rows = compute(inputs);
    assertThat(rows).hasSize(1);
    Row row = rows.get(0);
    double near = TimeToExpiry.years(SESSION, NEAR);
    double far = TimeToExpiry.years(SESSION, FAR);
    double t = VolatilitySurface.THIRTY_DAYS;
    double variance =
        NEAR_VOL * NEAR_VOL * near
            + (t - near) / (far - near) * (FAR_VOL * FAR_VOL * far - NEAR_VOL * NEAR_VOL * near);
    assertThat((Double) get(row, "atm_iv_30d")).isCloseTo(Math.sqrt(variance / t), within(1e-12));
    assertThat((Double) get(row, "skew_25d_30d")).isCloseTo(0, within(1e-12));
    assertThat(get(row, "atm_iv_90d")).as("no expiry beyond 90 days").isNull();
    assertThat(get(row, "term_slope")).isNull();
    assertThat(get(row, "put_call_volume_ratio")).isEqualTo(2.0);
    assertThat(get(row, "contracts")).isEqualTo(20);
    assertThat(get(row, "solved")).isEqualTo(20);
    assertThat((Double) get(row, "rv_21d")).isCloseTo(realized(closes(false)), within(1e-12));
    assertThat((Double) get(row, "iv_rv_spread"))
        .isCloseTo((Double) get(row, "atm_iv_30d") - (Double) get(row, "rv_21d"), within(1e-15));
    assertThat(get(row, "available_at")).isEqualTo(PUBLISHED);
  }

  @Test
  @DisplayName("a close in the window revised the next day is a new version from then on")
  void aRevisedCloseIsANewVersion() {
    List<Row> rows = compute(inputs(true));
    assertThat(rows).extracting(r -> get(r, "available_at")).containsExactly(PUBLISHED, NEXT_DAY);
    assertThat((Double) get(rows.get(1), "rv_21d"))
        .isCloseTo(realized(closes(true)), within(1e-12))
        .isNotCloseTo((Double) get(rows.get(0), "rv_21d"), within(1e-6));
    assertThat(get(rows.get(1), "atm_iv_30d")).isEqualTo(get(rows.get(0), "atm_iv_30d"));
  }

  private static final List<String> COLUMNS =
      List.of(((RowTypeInfo) new IvSurfaceRows().outputType()).getFieldNames());

  private static Object get(Row row, String column) {
    return row.getField(COLUMNS.indexOf(column));
  }

  private static List<Row> compute(List<Row> inputs) {
    List<Row> out = new ArrayList<>();
    new IvSurfaceRows().compute(inputs, out::add);
    return out;
  }

  /** The closes of the 22 sessions ending at SESSION, halved from the split on. */
  private static double[] closes(boolean revised) {
    double[] closes = new double[22];
    for (int k = 0; k < closes.length; k++) {
      closes[k] = (k % 2 == 0 ? 100 : 101) / (k >= SPLIT_AT ? 2.0 : 1.0);
    }
    if (revised) {
      closes[5] = 104;
    }
    return closes;
  }

  /** The reference: sample standard deviation of the split-neutral log returns, times √252. */
  private static double realized(double[] closes) {
    double[] r = new double[closes.length - 1];
    double mean = 0;
    for (int k = 1; k < closes.length; k++) {
      r[k - 1] = Math.log(closes[k] * (k == SPLIT_AT ? 2 : 1) / closes[k - 1]);
      mean += r[k - 1] / r.length;
    }
    double squares = 0;
    for (double x : r) {
      squares += (x - mean) * (x - mean);
    }
    return Math.sqrt(squares / (r.length - 1) * 252);
  }

  private static List<Row> inputs(boolean revised) {
    List<Row> rows = new ArrayList<>();
    for (LocalDate expiry : List.of(NEAR, FAR)) {
      double vol = expiry.equals(NEAR) ? NEAR_VOL : FAR_VOL;
      for (int strike = 90; strike <= 110; strike += 5) {
        for (OptionType type : OptionType.values()) {
          OptionInputs in =
              new OptionInputs(type, 100, strike, TimeToExpiry.years(SESSION, expiry), 0);
          Row row = base("option", PUBLISHED);
          row.setField("option_ticker", expiry + type.name() + strike);
          row.setField("session_date", SESSION);
          row.setField("expiration_date", expiry);
          row.setField("contract_type", type == OptionType.CALL ? "call" : "put");
          row.setField("volume", type == OptionType.CALL ? 5.0 : 10.0);
          row.setField("years_to_expiry", in.years());
          row.setField("log_moneyness", Math.log(strike / in.forward()));
          row.setField("delta", BlackScholes.greeks(in, vol).delta());
          row.setField("iv", vol);
          rows.add(row);
        }
      }
    }
    int last = NYSE.sessionIndex(SESSION);
    double[] closes = closes(false);
    for (int k = 0; k < closes.length; k++) {
      rows.add(stock(last - 21 + k, 1, closes[k], PUBLISHED.minus(Duration.ofDays(40 - k))));
    }
    if (revised) {
      rows.add(stock(last - 21 + 5, 2, closes(true)[5], NEXT_DAY));
      // The same close again under a third version: no value changes, no row.
      rows.add(stock(last - 21 + 5, 3, closes(true)[5], NEXT_DAY.plusSeconds(60)));
    }
    Row split = base("action", PUBLISHED.minus(Duration.ofDays(60)));
    split.setField("action_id", "split");
    split.setField("version", 1);
    split.setField("ex_date", NYSE.sessionAt(last - 21 + SPLIT_AT));
    split.setField("split_from", 1.0);
    split.setField("split_to", 2.0);
    rows.add(split);
    return rows;
  }

  private static Row stock(int index, int version, double close, Instant availableAt) {
    Row row = base("stock", availableAt);
    row.setField("session_date", NYSE.sessionAt(index));
    row.setField("session_index", index);
    row.setField("version", version);
    row.setField("close", close);
    return row;
  }

  private static Row base(String kind, Instant availableAt) {
    Row row = Row.withNames();
    for (String column :
        List.of(
            "option_ticker",
            "session_date",
            "session_index",
            "version",
            "close",
            "volume",
            "expiration_date",
            "contract_type",
            "years_to_expiry",
            "log_moneyness",
            "delta",
            "iv",
            "action_id",
            "ex_date",
            "split_from",
            "split_to",
            "cash_amount")) {
      row.setField(column, null);
    }
    row.setField("underlying", "UND");
    row.setField("kind", kind);
    row.setField("available_at", availableAt);
    row.setField("event_time", MarketDates.startOfDay(SESSION));
    row.setField("ingested_at", availableAt);
    return row;
  }
}
