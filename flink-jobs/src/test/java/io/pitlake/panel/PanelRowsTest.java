package io.pitlake.panel;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.time.NyseCalendar;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

/**
 * {@link PanelRows} on hand-made inputs: the decision instant decides which filing a session sees,
 * the master gives the CIK the symbol had on the day, and any order of the inputs (duplicates of
 * the routed rows included) gives the same rows.
 */
class PanelRowsTest {

  private static final LocalDate MONDAY = LocalDate.of(2024, 3, 4);
  private static final LocalDate TUESDAY = LocalDate.of(2024, 3, 5);
  private static final long CIK = 9_900_001L;

  private static final String[] COLUMNS = {
    "symbol",
    "kind",
    "session_date",
    "version",
    "close",
    "volume",
    "vwap",
    "event_time",
    "ex_date",
    "session_from",
    "split_factor",
    "total_factor",
    "security_id",
    "valid_from",
    "active",
    "ticker",
    "cik",
    "fiscal_quarter_end",
    "revenue_ttm",
    "revenue_ttm_year_ago",
    "net_income_ttm",
    "eps_diluted_ttm",
    "stockholders_equity",
    "total_assets",
    "total_liabilities",
    "shares_outstanding",
    "available_at",
    "ingested_at"
  };

  @Test
  void aFilingAcceptedAfterTheCloseCountsFromTheNextSession() {
    List<Row> inputs = new ArrayList<>(bars("ABC", MONDAY, TUESDAY));
    inputs.add(listing("ABC", 1));
    inputs.add(snapshot("ABC", ny(MONDAY.minusDays(30), "18:00"), 100.0));
    inputs.add(snapshot("ABC", ny(MONDAY, "16:01"), 200.0));

    List<Row> rows = compute(inputs, Map.of());

    assertThat(revenueOn(rows, MONDAY)).containsExactly(100.0);
    assertThat(revenueOn(rows, TUESDAY)).containsExactly(200.0);
    Row monday = only(rows, MONDAY);
    assertThat(monday.getField("decision_at")).isEqualTo(ny(MONDAY, "16:00"));
    assertThat(monday.getField("cik")).isEqualTo(CIK);
  }

  @Test
  void aLaterDecisionInstantSeesTheFilingTheSameSessionAndDatesTheRowThen() {
    List<Row> inputs = new ArrayList<>(bars("ABC", MONDAY, TUESDAY));
    inputs.add(listing("ABC", 1));
    inputs.add(snapshot("ABC", ny(MONDAY.minusDays(30), "18:00"), 100.0));
    inputs.add(snapshot("ABC", ny(MONDAY, "16:01"), 200.0));

    List<Row> rows = compute(inputs, Map.of(PanelOptions.DECISION_OFFSET.key(), "PT2H"));

    assertThat(revenueOn(rows, MONDAY)).containsExactly(200.0);
    assertThat(only(rows, MONDAY).getField("available_at")).isEqualTo(ny(MONDAY, "18:00"));
  }

  @Test
  void theMasterGivesTheCikTheTickerHadThatDayAsKnownAtTheRowsInstant() {
    String security = "figi:BBG000TEST";
    List<Row> inputs = new ArrayList<>(bars("OLD", MONDAY, TUESDAY));
    // OLD until Tuesday, when the company became NEW: known from the start, so OLD's Tuesday bar
    // has
    // no master CIK (and no listing), while its Monday bar has the company's.
    inputs.add(
        state("OLD", security, MONDAY.minusYears(1), "OLD", ny(MONDAY.minusDays(10), "08:00")));
    inputs.add(state("OLD", security, TUESDAY, "NEW", ny(MONDAY.minusDays(10), "08:00")));
    inputs.add(snapshot("OLD", ny(MONDAY.minusDays(30), "18:00"), 100.0));

    List<Row> rows = compute(inputs, Map.of());

    assertThat(only(rows, MONDAY).getField("cik")).isEqualTo(CIK);
    assertThat(revenueOn(rows, MONDAY)).containsExactly(100.0);
    assertThat(only(rows, TUESDAY).getField("cik")).isNull();
    assertThat(only(rows, TUESDAY).getField("revenue_ttm")).isNull();
  }

  @Test
  void anyOrderOfTheInputsGivesTheSameRows() {
    List<Row> inputs = new ArrayList<>(bars("ABC", MONDAY, TUESDAY));
    inputs.add(bar("ABC", TUESDAY, 2, 101.5, ny(TUESDAY, "19:00")));
    inputs.add(listing("ABC", 1));
    inputs.add(listing("ABC", 1));
    inputs.add(state("ABC", "figi:X", MONDAY.minusYears(1), "ABC", ny(MONDAY, "12:00")));
    inputs.add(state("ABC", "figi:X", MONDAY.minusYears(1), "ABC", ny(MONDAY, "12:00")));
    inputs.add(snapshot("ABC", ny(MONDAY.minusDays(30), "18:00"), 100.0));
    inputs.add(snapshot("ABC", ny(MONDAY.minusDays(30), "18:00"), 100.0));
    inputs.add(snapshot("ABC", ny(MONDAY, "16:01"), 200.0));
    inputs.add(factor("ABC", TUESDAY, ny(MONDAY, "20:00"), 0.5));

    List<Row> expected = compute(inputs, Map.of());
    assertThat(expected).hasSizeGreaterThan(2);
    Random random = new Random(7);
    for (int i = 0; i < 30; i++) {
      List<Row> shuffled = new ArrayList<>(inputs);
      Collections.shuffle(shuffled, random);
      assertThat(compute(shuffled, Map.of())).as("order %s", i).isEqualTo(expected);
    }
  }

  private static List<Row> compute(List<Row> inputs, Map<String, String> parameters) {
    PanelRows panel = new PanelRows();
    panel.open(parameters);
    List<Row> rows = new ArrayList<>();
    panel.compute(inputs, row -> rows.add(named(row)));
    return rows;
  }

  private static Row named(Row positional) {
    String[] names = ((RowTypeInfo) new PanelRows().outputType()).getFieldNames();
    assertThat(positional.getArity()).isEqualTo(names.length);
    Row row = Row.withNames();
    for (int i = 0; i < names.length; i++) {
      row.setField(names[i], positional.getField(i));
    }
    return row;
  }

  private static List<Object> revenueOn(List<Row> rows, LocalDate date) {
    return rows.stream()
        .filter(r -> r.getField("session_date").equals(date))
        .map(r -> r.getField("revenue_ttm"))
        .toList();
  }

  private static Row only(List<Row> rows, LocalDate date) {
    List<Row> of = rows.stream().filter(r -> r.getField("session_date").equals(date)).toList();
    assertThat(of).as("rows of %s", date).hasSize(1);
    return of.get(0);
  }

  private static List<Row> bars(String symbol, LocalDate... days) {
    List<Row> bars = new ArrayList<>();
    for (LocalDate day : days) {
      bars.add(bar(symbol, day, 1, 100.0 + day.getDayOfMonth(), ny(day, "17:00")));
    }
    return bars;
  }

  private static Row bar(String symbol, LocalDate day, int version, double close, Instant at) {
    Row row = input(symbol, "bar", at);
    row.setField("session_date", day);
    row.setField("version", version);
    row.setField("close", close);
    row.setField("volume", 1000.0);
    row.setField("event_time", ny(day, "00:00"));
    return row;
  }

  private static Row listing(String symbol, int version) {
    Row row = input(symbol, "listing", ny(MONDAY.minusYears(1), "00:00"));
    row.setField("version", version);
    row.setField("ticker", symbol);
    row.setField("cik", CIK);
    return row;
  }

  private static Row state(
      String symbol, String security, LocalDate validFrom, String ticker, Instant at) {
    Row row = input(symbol, "master", at);
    row.setField("security_id", security);
    row.setField("valid_from", validFrom);
    row.setField("active", true);
    row.setField("ticker", ticker);
    row.setField("cik", CIK);
    return row;
  }

  private static Row snapshot(String symbol, Instant at, double revenue) {
    Row row = input(symbol, "fundamentals", at);
    row.setField("cik", CIK);
    row.setField("revenue_ttm", revenue);
    return row;
  }

  private static Row factor(String symbol, LocalDate exDate, Instant at, double ratio) {
    Row row = input(symbol, "factor", at);
    row.setField("ex_date", exDate);
    row.setField("split_factor", ratio);
    row.setField("total_factor", ratio);
    return row;
  }

  /** A row of every column of the view, NULL but for the key, the kind and the instants. */
  private static Row input(String symbol, String kind, Instant at) {
    Row row = Row.withNames();
    for (String column : COLUMNS) {
      row.setField(column, null);
    }
    row.setField("symbol", symbol);
    row.setField("kind", kind);
    row.setField("available_at", at);
    row.setField("ingested_at", at);
    return row;
  }

  private static Instant ny(LocalDate day, String time) {
    return day.atTime(LocalTime.parse(time)).atZone(NyseCalendar.ZONE).toInstant();
  }
}
