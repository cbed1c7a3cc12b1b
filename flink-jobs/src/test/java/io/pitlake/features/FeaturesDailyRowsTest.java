package io.pitlake.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.features.library.ExFactor;
import io.pitlake.features.library.FeatureVectorTest;
import io.pitlake.features.library.RawBar;
import io.pitlake.features.library.ReferenceFeatures;
import io.pitlake.table.FeatureColumns;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link FeaturesDailyRows} on one random symbol (FeatureVectorTest's series): every bar known at
 * 22:00 UTC of its session, the 4-for-1 split and the first dividend known at 00:00 of their ex
 * dates (before their bars), the reverse split and the second dividend learned late, after every
 * bar, and one bar revised after that. The security master first knows RAND's security at the 100th
 * bar, and learns only with the revision that it was renamed at the 300th.
 */
class FeaturesDailyRowsTest {

  private static final FeatureVectorTest.Series SERIES = FeatureVectorTest.series(11);
  private static final List<RawBar> BARS = SERIES.bars();
  private static final List<ExFactor> ACTIONS = SERIES.factors();

  /** After every bar: the late actions, then the revision. */
  private static final Instant LATE_ACTIONS = Instant.parse("2030-01-02T00:00:00Z");

  private static final Instant REVISION = Instant.parse("2030-01-03T00:00:00Z");

  /** The revised bar's position. */
  private static final int REVISED = 200;

  private static final String SECURITY = "figi:BBG000RAND";

  /** The position of the bar the master's first state of RAND is known with. */
  private static final int MASTER_KNOWN = 100;

  /** The position of the first session RAND's security traded under another ticker. */
  private static final int RENAMED = 300;

  @Test
  @DisplayName(
      "each bar known in order writes its own row only; a split known before its bars none")
  void barsInOrderWriteOneRowEach() {
    List<Row> rows = compute(inputs());
    assertThat(rows.stream().filter(r -> at(r).isBefore(LATE_ACTIONS))).hasSize(BARS.size());
  }

  @Test
  @DisplayName("a revision of one bar re-versions exactly the sessions whose windows hold it")
  void revisionReachesExactlyItsWindow() {
    List<Integer> expected = new ArrayList<>();
    RawBar revised = BARS.get(REVISED);
    for (int p = REVISED; p < BARS.size(); p++) {
      if (p - REVISED <= 252 || BARS.get(p).sessionIndex() - revised.sessionIndex() <= 60) {
        expected.add(BARS.get(p).sessionIndex());
      }
    }
    assertThat(sessionsAt(compute(inputs()), REVISION)).containsExactlyElementsOf(expected);
  }

  @Test
  @DisplayName(
      "an action learned late re-versions the sessions on or after its ex date whose window"
          + " starts before it, and no session before its ex date")
  void lateActionsReachSessionsFromTheirExDate() {
    List<Integer> expected = new ArrayList<>();
    for (ExFactor late : List.of(ACTIONS.get(2), ACTIONS.get(3))) {
      int first = 0;
      while (BARS.get(first).session().isBefore(late.exDate())) {
        first++;
      }
      int before = BARS.get(first - 1).sessionIndex();
      for (int p = first; p < BARS.size(); p++) {
        if (p - 252 < first || before >= BARS.get(p).sessionIndex() - 60) {
          expected.add(BARS.get(p).sessionIndex());
        }
      }
    }
    assertThat(sessionsAt(compute(inputs()), LATE_ACTIONS))
        .containsExactlyInAnyOrderElementsOf(expected.stream().distinct().toList());
  }

  @Test
  @DisplayName("every row equals the reference on the series as known at its instant")
  void everyRowEqualsTheReferenceAsKnownThen() {
    List<Row> rows = compute(inputs());
    int checked = 0;
    for (Row row : rows) {
      Instant at = at(row);
      int t = position((Integer) field(row, "session_index"));
      List<RawBar> known = new ArrayList<>(BARS.subList(0, t + 1));
      if (!at.isBefore(REVISION)) {
        known.set(REVISED, revised());
      }
      List<ExFactor> actions =
          ACTIONS.stream().filter(a -> !at.isBefore(LATE_ACTIONS) || !late(a)).toList();
      Map<String, Double> expected =
          ReferenceFeatures.row(
              FeatureVectorTest.referenceBars(known),
              t,
              FeatureVectorTest.referenceActions(actions));
      for (String column : FeatureColumns.ALL) {
        Double value = (Double) field(row, column);
        assertThat(
                FeatureVectorTest.agree(value == null ? Double.NaN : value, expected.get(column)))
            .as(
                "%s of %s at %s: %s vs %s",
                column, field(row, "session_date"), at, value, expected.get(column))
            .isTrue();
      }
      checked++;
    }
    assertThat(checked).isGreaterThan(BARS.size());
  }

  @Test
  @DisplayName("the same rows for every order of the input")
  void sameRowsInAnyOrder() {
    List<Row> inputs = inputs();
    List<String> expected = strings(compute(inputs));
    Random random = new Random(7);
    for (int i = 0; i < 5; i++) {
      List<Row> shuffled = new ArrayList<>(inputs);
      Collections.shuffle(shuffled, random);
      assertThat(strings(compute(shuffled))).isEqualTo(expected);
    }
  }

  @Test
  @DisplayName(
      "security_id is the master's as known at the row's instant: NULL before the master knew the"
          + " symbol, and a rename learned later changes only the rows written after it")
  void securityIdAsKnownAtTheRowsInstant() {
    List<Row> rows = compute(inputs());
    Instant known = barAt(BARS.get(MASTER_KNOWN));
    for (Row row : rows) {
      LocalDate session = (LocalDate) field(row, "session_date");
      boolean renamed =
          !at(row).isBefore(REVISION) && !session.isBefore(BARS.get(RENAMED).session());
      assertThat(field(row, FeaturesDailyRows.SECURITY_ID))
          .as("%s at %s", session, at(row))
          .isEqualTo(at(row).isBefore(known) || renamed ? null : SECURITY);
    }
    assertThat(rows)
        .filteredOn(r -> at(r).isBefore(REVISION))
        .filteredOn(
            r -> !((LocalDate) field(r, "session_date")).isBefore(BARS.get(RENAMED).session()))
        .as("rows written before the rename was known keep the security")
        .isNotEmpty()
        .allSatisfy(r -> assertThat(field(r, FeaturesDailyRows.SECURITY_ID)).isEqualTo(SECURITY));
  }

  private static boolean late(ExFactor action) {
    return action.equals(ACTIONS.get(2)) || action.equals(ACTIONS.get(3));
  }

  private static RawBar revised() {
    RawBar b = BARS.get(REVISED);
    return new RawBar(
        b.sessionIndex(),
        b.session(),
        b.open(),
        b.high() * 1.05,
        b.low(),
        b.close() * 1.05,
        b.volume() + 1000,
        b.vwap());
  }

  private static List<Row> inputs() {
    List<Row> rows = new ArrayList<>();
    for (RawBar b : BARS) {
      rows.add(bar(b, 1, barAt(b)));
    }
    rows.add(master("RAND", BARS.get(0).session(), barAt(BARS.get(MASTER_KNOWN))));
    rows.add(master("RENAMED", BARS.get(RENAMED).session(), REVISION));
    rows.add(bar(revised(), 2, REVISION));
    List<ExFactor> early = List.of(ACTIONS.get(0), ACTIONS.get(1));
    rows.addAll(factorSet(early.subList(0, 1), startOf(early.get(0).exDate())));
    rows.addAll(factorSet(early, startOf(early.get(1).exDate())));
    rows.addAll(factorSet(ACTIONS, LATE_ACTIONS));
    return rows;
  }

  private static Instant barAt(RawBar b) {
    return b.session().atTime(22, 0).toInstant(ZoneOffset.UTC);
  }

  /** A state of RAND's security, as the SQL's self-join of the master gives it under RAND. */
  private static Row master(String ticker, LocalDate validFrom, Instant at) {
    Row row = Row.withNames();
    row.setField("symbol", "RAND");
    row.setField("kind", "master");
    row.setField("security_id", SECURITY);
    row.setField("valid_from", validFrom);
    row.setField("ticker", ticker);
    row.setField("active", true);
    row.setField("cik", 1234L);
    row.setField("available_at", at);
    row.setField("ingested_at", at);
    return row;
  }

  private static Instant startOf(LocalDate date) {
    return date.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  private static Row bar(RawBar b, int version, Instant at) {
    Row row = Row.withNames();
    row.setField("symbol", "RAND");
    row.setField("kind", "bar");
    row.setField("session_date", b.session());
    row.setField("session_index", b.sessionIndex());
    row.setField("version", version);
    row.setField("open", b.open());
    row.setField("high", b.high());
    row.setField("low", b.low());
    row.setField("close", b.close());
    row.setField("volume", b.volume());
    row.setField("vwap", Double.isNaN(b.vwap()) ? null : b.vwap());
    row.setField("ex_date", null);
    row.setField("total_factor", null);
    row.setField("available_at", at);
    row.setField("event_time", b.session().atStartOfDay(ZoneOffset.UTC).toInstant());
    row.setField("ingested_at", at);
    return row;
  }

  /**
   * A symbol's gold.adjustment_factors set as AdjustmentFactorRows writes it: one row per ex date,
   * its sessions' factor the product of its own and every later ex date's factor.
   */
  private static List<Row> factorSet(List<ExFactor> actions, Instant at) {
    List<ExFactor> sorted =
        actions.stream().sorted(Comparator.comparing(ExFactor::exDate).reversed()).toList();
    List<Row> rows = new ArrayList<>();
    double product = 1;
    for (ExFactor a : sorted) {
      product *= a.factor();
      Row row = Row.withNames();
      row.setField("symbol", "RAND");
      row.setField("kind", "factor");
      for (String absent :
          List.of(
              "session_date",
              "session_index",
              "version",
              "open",
              "high",
              "low",
              "close",
              "volume",
              "vwap",
              "event_time")) {
        row.setField(absent, null);
      }
      row.setField("ex_date", a.exDate());
      row.setField("total_factor", product);
      row.setField("available_at", at);
      row.setField("ingested_at", at);
      rows.add(row);
    }
    return rows;
  }

  private static List<Row> compute(List<Row> inputs) {
    List<Row> out = new ArrayList<>();
    new FeaturesDailyRows().compute(inputs, out::add);
    return out;
  }

  /** An output row's column, by the table's column order. */
  private static Object field(Row row, String column) {
    if (column.equals(FeaturesDailyRows.SECURITY_ID)) {
      return row.getField(row.getArity() - 1);
    }
    int key = FeaturesDailyRows.KEY_COLUMNS.indexOf(column);
    return row.getField(
        key >= 0 ? key : FeaturesDailyRows.KEY_COLUMNS.size() + FeatureColumns.indexOf(column));
  }

  private static Instant at(Row row) {
    return (Instant) field(row, "available_at");
  }

  private static List<Integer> sessionsAt(List<Row> rows, Instant at) {
    return rows.stream()
        .filter(r -> at(r).equals(at))
        .map(r -> (Integer) field(r, "session_index"))
        .sorted()
        .toList();
  }

  private static int position(int sessionIndex) {
    for (int i = 0; i < BARS.size(); i++) {
      if (BARS.get(i).sessionIndex() == sessionIndex) {
        return i;
      }
    }
    throw new IllegalArgumentException("no bar of session " + sessionIndex);
  }

  private static List<String> strings(List<Row> rows) {
    return rows.stream().map(Row::toString).sorted().collect(Collectors.toList());
  }
}
