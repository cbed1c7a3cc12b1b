package io.pitlake.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pitlake.features.library.FeatureVectorTest;
import io.pitlake.features.library.ReferenceCrossSection;
import io.pitlake.table.FeatureColumns;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link CrossSectionRows} on one session of seven symbols: five with a features row at the bars'
 * publication (20:15 New York), one of them revised at 21:00 and again the next day, one whose
 * first row is known only at 21:00, and one with NULL features; the decision instant at the close
 * (the default offset) or at 22:00.
 */
class CrossSectionRowsTest {

  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final LocalDate SESSION = LocalDate.of(2024, 6, 10);
  private static final Instant CLOSE = at("16:00");
  private static final Instant PUBLISHED = at("20:15");
  private static final Instant REVISED = at("21:00");
  private static final Instant NEXT_DAY = PUBLISHED.plus(Duration.ofDays(1));
  private static final Instant EVENT_TIME = SESSION.atStartOfDay(NEW_YORK).toInstant();
  private static final List<String> COLUMNS =
      List.of(((RowTypeInfo) new CrossSectionRows().outputType()).getFieldNames());

  @Test
  @DisplayName(
      "with the decision at the close, the cross-section is taken at the bars' publication over the"
          + " rows known then; later versions and later symbols never enter")
  void takenAtThePublicationWhenTheDecisionIsEarlier() {
    List<Row> rows = compute(inputs(CLOSE));
    assertThat(rows)
        .extracting(r -> get(r, "symbol"))
        .containsExactly("AAA", "BBB", "CCC", "DDD", "NUL");
    assertThat(rows).allSatisfy(r -> assertThat(get(r, "available_at")).isEqualTo(PUBLISHED));
    assertThat(rows)
        .allSatisfy(r -> assertThat(get(r, "features_available_at")).isEqualTo(PUBLISHED));
    assertThat(rows)
        .allSatisfy(
            r ->
                assertThat(get(r, "ingested_at"))
                    .as("the newest fetch among the members, not the later rows'")
                    .isEqualTo(PUBLISHED.plusSeconds(4)));
    assertThat(rows).allSatisfy(r -> assertThat(get(r, "event_time")).isEqualTo(EVENT_TIME));
    assertThat(rows)
        .allSatisfy(r -> assertThat(get(r, "security_id")).isEqualTo("figi:" + get(r, "symbol")))
        .allSatisfy(r -> assertThat(get(r, "universe")).isEqualTo("all"));
    assertMatchesReference(rows, inputs(CLOSE), PUBLISHED);
  }

  @Test
  @DisplayName(
      "with the decision after the publication, it is taken at the decision: a revision known by"
          + " then replaces the row, a symbol first known by then joins")
  void takenAtTheDecisionWhenItIsLater() {
    Instant decision = at("22:00");
    List<Row> rows = compute(inputs(decision));
    assertThat(rows)
        .extracting(r -> get(r, "symbol"))
        .containsExactly("AAA", "BBB", "CCC", "DDD", "LATE", "NUL");
    assertThat(rows).allSatisfy(r -> assertThat(get(r, "available_at")).isEqualTo(decision));
    assertThat(rows)
        .filteredOn(r -> get(r, "symbol").equals("AAA"))
        .singleElement()
        .satisfies(r -> assertThat(get(r, "features_available_at")).isEqualTo(REVISED));
    assertMatchesReference(rows, inputs(decision), decision);
  }

  @Test
  @DisplayName(
      "an index's cross-section ranks its members known at the instant among themselves; a"
          + " membership known later, a member without a row and a non-member never enter")
  void universeRanksItsMembersOnly() {
    List<Row> inputs = withUniverse(inputs(CLOSE));
    List<Row> rows = compute(inputs);
    assertThat(rows)
        .filteredOn(r -> get(r, "universe").equals("all"))
        .as("'all' is unchanged by a universe")
        .isEqualTo(compute(inputs(CLOSE)));
    List<Row> index = rows.stream().filter(r -> get(r, "universe").equals("IDX")).toList();
    assertThat(index).extracting(r -> get(r, "symbol")).containsExactly("AAA", "CCC", "NUL");
    assertThat(index)
        .allSatisfy(r -> assertThat(get(r, "available_at")).isEqualTo(PUBLISHED))
        .allSatisfy(
            r ->
                assertThat(get(r, "ingested_at"))
                    .as("the newest fetch among its members and memberships")
                    .isEqualTo(PUBLISHED.plusSeconds(9)));
    List<Row> members =
        inputs(CLOSE).stream()
            .filter(r -> List.of("AAA", "CCC", "NUL").contains((String) r.getField("symbol")))
            .toList();
    assertMatchesReference(index, members, PUBLISHED);
    assertThat(rows)
        .as("an index whose members have no row known at the instant writes nothing")
        .noneMatch(r -> get(r, "universe").equals("EMPTY"));
  }

  @Test
  @DisplayName("the rows are the same, to the bit, whatever the order of the input")
  void orderInsensitive() {
    List<Row> inputs = withUniverse(inputs(CLOSE));
    List<Row> expected = compute(inputs);
    Random random = new Random(3);
    for (int i = 0; i < 30; i++) {
      List<Row> shuffled = new ArrayList<>(inputs);
      Collections.shuffle(shuffled, random);
      assertThat(compute(shuffled)).isEqualTo(expected);
    }
  }

  @Test
  @DisplayName("a session without a decision instant stops the build and says why")
  void refusesADayWithoutADecisionInstant() {
    assertThatThrownBy(() -> compute(inputs(null)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("2024-06-10")
        .hasMessageContaining("no decision instant");
  }

  /** Each member's statistics equal the reference over the newest rows known at {@code instant}. */
  private static void assertMatchesReference(List<Row> rows, List<Row> inputs, Instant instant) {
    Map<String, Row> newest = new HashMap<>();
    for (Row in : inputs) {
      Instant known = (Instant) in.getField("available_at");
      if (!known.isAfter(instant)) {
        newest.merge(
            (String) in.getField("symbol"),
            in,
            (a, b) ->
                ((Instant) a.getField("available_at")).isAfter((Instant) b.getField("available_at"))
                    ? a
                    : b);
      }
    }
    Map<String, Map<String, Double>> values = new HashMap<>();
    for (Map.Entry<String, Row> e : newest.entrySet()) {
      Map<String, Double> byFeature = new HashMap<>();
      for (String f : FeatureColumns.CROSS_SECTIONAL) {
        Double v = (Double) e.getValue().getField(f);
        byFeature.put(f, v == null ? Double.NaN : v);
      }
      values.put(e.getKey(), byFeature);
    }
    Map<String, Map<String, Double>> expected =
        ReferenceCrossSection.columns(FeatureColumns.CROSS_SECTIONAL, values);
    assertThat(rows).hasSameSizeAs(newest.keySet());
    int nonNull = 0;
    for (Row row : rows) {
      for (String column : FeatureColumns.CROSS_SECTION) {
        Double actual = (Double) get(row, column);
        double want = expected.get(column).get((String) get(row, "symbol"));
        assertThat(FeatureVectorTest.agree(actual == null ? Double.NaN : actual, want))
            .as("%s of %s: %s, reference %s", column, get(row, "symbol"), actual, want)
            .isTrue();
        nonNull += actual == null ? 0 : 1;
      }
    }
    assertThat(nonNull).isGreaterThan(rows.size() * 5);
  }

  /** A field of an output row, which is positional, by the view's column name. */
  private static Object get(Row row, String column) {
    return row.getField(COLUMNS.indexOf(column));
  }

  private static List<Row> compute(List<Row> inputs) {
    List<Row> out = new ArrayList<>();
    new CrossSectionRows().compute(inputs, out::add);
    return out;
  }

  /**
   * The session's features rows. AAA, BBB, CCC and DDD tie on {@code rsi_14} in pairs; NUL has NULL
   * for every feature but {@code ret_1d}; nobody has {@code mom_12_1} but BBB (one value).
   */
  private static List<Row> inputs(Instant decision) {
    List<Row> rows = new ArrayList<>();
    rows.add(input("AAA", PUBLISHED, 1, decision, 0.010, 0.05, 0.012, null, 0.3, 55.0));
    rows.add(input("BBB", PUBLISHED, 2, decision, -0.020, 0.01, 0.020, 0.15, 0.1, 55.0));
    rows.add(input("CCC", PUBLISHED, 3, decision, 0.005, -0.03, 0.015, null, 0.2, 40.0));
    rows.add(input("DDD", PUBLISHED, 4, decision, 0.000, 0.02, 0.011, null, 0.4, 40.0));
    rows.add(input("NUL", PUBLISHED, 0, decision, 0.030, null, null, null, null, null));
    rows.add(input("AAA", REVISED, 5, decision, 0.040, 0.08, 0.013, null, 0.3, 61.0));
    rows.add(input("AAA", NEXT_DAY, 6, decision, 0.050, 0.09, 0.014, null, 0.3, 62.0));
    rows.add(input("LATE", REVISED, 7, decision, -0.010, 0.00, 0.030, null, 0.9, 35.0));
    return rows;
  }

  /**
   * {@code inputs} with index IDX: AAA, CCC and NUL known by the publication, DDD's membership
   * known only at 21:00, LATE a member whose row comes at 21:00, GONE a member without any row; and
   * index EMPTY, whose one member has no row.
   */
  private static List<Row> withUniverse(List<Row> inputs) {
    List<Row> rows = new ArrayList<>(inputs);
    Instant decision = (Instant) inputs.get(0).getField("decision_at");
    rows.add(member("IDX", "AAA", at("00:00"), 9, decision));
    rows.add(member("IDX", "CCC", at("00:00"), 1, decision));
    rows.add(member("IDX", "NUL", PUBLISHED, 1, decision));
    rows.add(member("IDX", "DDD", REVISED, 30, decision));
    rows.add(member("IDX", "LATE", at("00:00"), 1, decision));
    rows.add(member("IDX", "GONE", at("00:00"), 1, decision));
    rows.add(member("EMPTY", "GONE", at("00:00"), 1, decision));
    return rows;
  }

  /**
   * A gold.universe_daily row of {@code universe}: {@code ticker} a member, known at {@code at}.
   */
  private static Row member(
      String universe,
      String ticker,
      Instant at,
      int fetchedSecondsAfterPublication,
      Instant decision) {
    Row row = Row.withNames();
    row.setField("session_date", SESSION);
    row.setField("symbol", ticker);
    row.setField("kind", "member");
    row.setField("universe", universe);
    row.setField("available_at", at);
    row.setField("decision_at", decision);
    row.setField("event_time", EVENT_TIME);
    row.setField("ingested_at", PUBLISHED.plusSeconds(fetchedSecondsAfterPublication));
    for (String f : FeatureColumns.CROSS_SECTIONAL) {
      row.setField(f, null);
    }
    row.setField("security_id", null);
    return row;
  }

  private static Row input(
      String symbol,
      Instant availableAt,
      int fetchedSecondsAfterPublication,
      Instant decision,
      Double ret1d,
      Double ret21d,
      Double vol21d,
      Double mom,
      Double amihud,
      Double rsi) {
    Row row = Row.withNames();
    row.setField("session_date", SESSION);
    row.setField("symbol", symbol);
    row.setField("available_at", availableAt);
    row.setField("decision_at", decision);
    row.setField("event_time", EVENT_TIME);
    row.setField("ingested_at", PUBLISHED.plusSeconds(fetchedSecondsAfterPublication));
    row.setField("ret_1d", ret1d);
    row.setField("ret_21d", ret21d);
    row.setField("vol_21d", vol21d);
    row.setField("mom_12_1", mom);
    row.setField("amihud_21", amihud);
    row.setField("rsi_14", rsi);
    row.setField("security_id", "figi:" + symbol);
    return row;
  }

  private static Instant at(String newYorkTime) {
    return SESSION.atTime(LocalTime.parse(newYorkTime)).atZone(NEW_YORK).toInstant();
  }
}
