package io.pitlake.options;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.time.NyseCalendar;
import io.pitlake.vendor.MarketDates;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link OptionBarTerms} on one contract: listed every day from June 3 (the same terms each day,
 * then 400 shares from June 10's listing on), bars on June 3, 4 and 10 (the last revised), and no
 * bar on June 5. A bar is known at 20:15 New York, its day's listing at the end of the day.
 */
class OptionBarTermsTest {

  private static final NyseCalendar NYSE = NyseCalendar.instance();
  private static final String TICKER = "O:SPLT240621C00095000";
  private static final LocalDate JUNE_3 = LocalDate.of(2024, 6, 3);
  private static final LocalDate JUNE_4 = LocalDate.of(2024, 6, 4);
  private static final LocalDate JUNE_5 = LocalDate.of(2024, 6, 5);
  private static final LocalDate JUNE_10 = LocalDate.of(2024, 6, 10);
  private static final List<String> COLUMNS =
      List.of(((RowTypeInfo) new OptionBarTerms().outputType()).getFieldNames());

  @Test
  @DisplayName(
      "a bar takes the newest listing known then: its own day's once known, the first listing's"
          + " before; a re-listing with the same terms adds no row, new terms and a revision do")
  void barsWithTheirTermsAsKnown() {
    List<Row> inputs = new ArrayList<>();
    for (LocalDate day : List.of(JUNE_3, JUNE_4, JUNE_5, JUNE_10)) {
      inputs.add(listing(day, day.equals(JUNE_10) ? 400.0 : 100.0));
    }
    inputs.add(bar(JUNE_3, 1, 1.0, published(JUNE_3)));
    inputs.add(bar(JUNE_4, 1, 2.0, published(JUNE_4)));
    inputs.add(bar(JUNE_10, 1, 3.0, published(JUNE_10)));
    inputs.add(bar(JUNE_10, 2, 3.5, published(JUNE_10).plusSeconds(3600)));
    List<Row> out = new ArrayList<>();
    new OptionBarTerms().compute(inputs, out::add);

    assertThat(out)
        .extracting(
            r ->
                get(r, "session_date")
                    + " "
                    + get(r, "available_at")
                    + " v"
                    + get(r, "bar_version")
                    + " x"
                    + get(r, "shares_per_contract"))
        .containsExactly(
            // June 3's bar waits for the contract's first listing, June 3's, at its end.
            JUNE_3 + " " + MarketDates.endOfDay(JUNE_3) + " v1 x100.0",
            // June 4's bar reads June 3's listing; June 4's own, the same terms, adds nothing.
            JUNE_4 + " " + published(JUNE_4) + " v1 x100.0",
            // Listed without a bar: a row without one (no trade) from its listing on.
            JUNE_5 + " " + MarketDates.endOfDay(JUNE_5) + " vnull x100.0",
            JUNE_10 + " " + published(JUNE_10) + " v1 x100.0",
            JUNE_10 + " " + published(JUNE_10).plusSeconds(3600) + " v2 x100.0",
            JUNE_10 + " " + MarketDates.endOfDay(JUNE_10) + " v2 x400.0");
    assertThat(out).allSatisfy(r -> assertThat(get(r, "underlying")).isEqualTo("SPLT"));
  }

  private static Object get(Row row, String column) {
    return row.getField(COLUMNS.indexOf(column));
  }

  private static Instant published(LocalDate session) {
    return NYSE.extendedClose(session).plusSeconds(15 * 60);
  }

  private static Row listing(LocalDate asOf, double shares) {
    Row row = base("listing", asOf, 1, MarketDates.endOfDay(asOf));
    row.setField("underlying", "SPLT");
    row.setField("expiration_date", LocalDate.of(2024, 6, 21));
    row.setField("contract_type", "call");
    row.setField("strike", 95.0);
    row.setField("shares_per_contract", shares);
    return row;
  }

  private static Row bar(LocalDate session, int version, double close, Instant availableAt) {
    Row row = base("bar", session, version, availableAt);
    row.setField("close", close);
    row.setField("volume", 10.0);
    row.setField("trades", 3L);
    return row;
  }

  private static Row base(String kind, LocalDate day, int version, Instant availableAt) {
    Row row = Row.withNames();
    for (String column :
        List.of(
            "underlying",
            "expiration_date",
            "contract_type",
            "strike",
            "shares_per_contract",
            "close",
            "volume",
            "trades")) {
      row.setField(column, null);
    }
    row.setField("option_ticker", TICKER);
    row.setField("kind", kind);
    row.setField("session_date", day);
    row.setField("version", version);
    row.setField("available_at", availableAt);
    row.setField("event_time", MarketDates.startOfDay(day));
    row.setField("ingested_at", availableAt);
    return row;
  }
}
