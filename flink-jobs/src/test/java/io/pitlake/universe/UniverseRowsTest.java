package io.pitlake.universe;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.time.NyseCalendar;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link UniverseRows} on crafted inputs, June 2024 (06-19 a holiday): each rule of membership at a
 * decision instant and of resolution through the security master as known then.
 */
class UniverseRowsTest {

  static final Instant INGESTED = Instant.parse("2024-12-01T00:00:00Z");
  static final String FIGI = "figi:BBG000OLDC";

  @Test
  @DisplayName("a member announced before its effective date is in from that date on")
  void announcedMemberIsInFromItsEffectiveDate() {
    List<Row> rows =
        compute(membership("ADDD", "2024-06-24", null, 1, Instant.parse("2024-06-07T21:15:00Z")));

    assertThat(sessionsOf(rows, "ADDD")).first().isEqualTo(LocalDate.of(2024, 6, 24));
    assertThat(sessionsOf(rows, "ADDD")).hasSize(5);
  }

  @Test
  @DisplayName("a membership known only after a session's decision instant is not in that session")
  void lateKnownMembershipIsOnlyInSessionsDecidedAfterIt() {
    List<Row> rows =
        compute(membership("LATE", "2024-06-10", null, 1, Instant.parse("2024-06-12T18:00:00Z")));

    assertThat(sessionsOf(rows, "LATE"))
        .as("06-10 and 06-11 were decided before the announcement; 06-12's close comes after it")
        .first()
        .isEqualTo(LocalDate.of(2024, 6, 12));
  }

  @Test
  @DisplayName("a removed member stays in the sessions before its removal")
  void removedMemberStaysInPastUniverses() {
    List<Row> rows =
        compute(
            membership("GONE", "2020-01-02", null, 1, Instant.parse("2020-01-02T05:00:00Z")),
            membership(
                "GONE", "2020-01-02", "2024-06-14", 2, Instant.parse("2024-06-07T21:15:00Z")));

    List<LocalDate> sessions = sessionsOf(rows, "GONE");
    assertThat(sessions).first().isEqualTo(LocalDate.of(2024, 6, 3));
    assertThat(sessions).last().isEqualTo(LocalDate.of(2024, 6, 13));
    assertThat(rows)
        .filteredOn(r -> r.getField("session_date").equals(LocalDate.of(2024, 6, 5)))
        .singleElement()
        .satisfies(r -> assertThat(r.getField("membership_version")).isEqualTo(1));
    assertThat(rows)
        .filteredOn(r -> r.getField("session_date").equals(LocalDate.of(2024, 6, 10)))
        .singleElement()
        .satisfies(r -> assertThat(r.getField("membership_version")).isEqualTo(2));
  }

  @Test
  @DisplayName("a renamed member keeps its security, under the new ticker once the master knows it")
  void renamedMemberKeepsItsSecurity() {
    List<Row> rows =
        compute(
            membership("OLDC", "2020-01-02", null, 1, Instant.parse("2020-01-02T05:00:00Z")),
            master(FIGI, "2000-01-03", "OLDC", Instant.parse("2024-02-01T05:00:00Z")),
            master(FIGI, "2024-06-17", "NEWC", Instant.parse("2024-06-20T04:00:00Z")));

    Map<LocalDate, String> tickers =
        rows.stream()
            .collect(
                Collectors.toMap(
                    r -> (LocalDate) r.getField("session_date"),
                    r -> r.getField("security_id") + " " + r.getField("ticker")));
    assertThat(tickers).hasSize(19);
    assertThat(tickers.get(LocalDate.of(2024, 6, 14))).isEqualTo(FIGI + " OLDC");
    assertThat(tickers.get(LocalDate.of(2024, 6, 18)))
        .as("renamed on 06-17, but the master learns it on 06-20")
        .isEqualTo(FIGI + " OLDC");
    assertThat(tickers.get(LocalDate.of(2024, 6, 20))).isEqualTo(FIGI + " NEWC");
    assertThat(tickers.get(LocalDate.of(2024, 6, 28))).isEqualTo(FIGI + " NEWC");
  }

  @Test
  @DisplayName("a member given by CIK is the security with that CIK")
  void memberByCikResolvesThroughTheMaster() {
    Row byCik =
        membership("cik:320193", "2020-01-02", null, 1, Instant.parse("2020-01-02T05:00:00Z"));
    byCik.setField("symbol", null);
    byCik.setField("cik", 320193L);
    Row state =
        master("figi:BBG000AAPL", "2000-01-03", "AAPL", Instant.parse("2024-02-01T05:00:00Z"));
    state.setField("cik", 320193L);

    assertThat(compute(byCik, state))
        .allSatisfy(
            r -> {
              assertThat(r.getField("security_id")).isEqualTo("figi:BBG000AAPL");
              assertThat(r.getField("ticker")).isEqualTo("AAPL");
              assertThat(r.getField("cik")).isEqualTo(320193L);
            })
        .hasSize(19);
  }

  @Test
  @DisplayName("a row is stated at the later of its decision instant and its session's first bar")
  void rowTimesFollowTheDecisionAndTheFirstBar() {
    Row row =
        compute(membership("AAPL", "2020-01-02", null, 1, Instant.parse("2020-01-02T05:00:00Z")))
            .get(0);

    assertThat(row.getField("session_date")).isEqualTo(LocalDate.of(2024, 6, 3));
    assertThat(row.getField("decision_at")).isEqualTo(Instant.parse("2024-06-03T20:00:00Z"));
    assertThat(row.getField("available_at")).isEqualTo(Instant.parse("2024-06-04T00:15:00Z"));
    assertThat(row.getField("event_time")).isEqualTo(Instant.parse("2024-06-03T04:00:00Z"));
    assertThat(row.getField("ticker")).as("no master state: the file's ticker").isEqualTo("AAPL");
    assertThat(row.getField("security_id")).isNull();
    assertThat(row.getField("ingested_at")).isEqualTo(INGESTED);
  }

  @Test
  void inputOrderChangesNothing() {
    List<Row> inputs = new ArrayList<>(sessions());
    inputs.add(membership("GONE", "2020-01-02", null, 1, Instant.parse("2020-01-02T05:00:00Z")));
    inputs.add(
        membership("GONE", "2020-01-02", "2024-06-14", 2, Instant.parse("2024-06-07T21:15:00Z")));
    inputs.add(membership("OLDC", "2020-01-02", null, 1, Instant.parse("2020-01-02T05:00:00Z")));
    inputs.add(master(FIGI, "2000-01-03", "OLDC", Instant.parse("2024-02-01T05:00:00Z")));
    inputs.add(master(FIGI, "2024-06-17", "NEWC", Instant.parse("2024-06-20T04:00:00Z")));
    List<String> expected = run(inputs);
    Random random = new Random(7);
    for (int i = 0; i < 5; i++) {
      Collections.shuffle(inputs, random);
      assertThat(run(inputs)).isEqualTo(expected);
    }
    assertThat(expected).hasSize(9 + 19);
  }

  private static List<String> run(List<Row> inputs) {
    List<String> out = new ArrayList<>();
    new UniverseRows().compute(inputs, r -> out.add(r.toString()));
    Collections.sort(out);
    return out;
  }

  private static List<Row> compute(Row... rows) {
    List<Row> inputs = new ArrayList<>(sessions());
    inputs.addAll(List.of(rows));
    List<Row> out = new ArrayList<>();
    UniverseRows rowsOf = new UniverseRows();
    rowsOf.open(Map.of());
    String[] names =
        ((org.apache.flink.api.java.typeutils.RowTypeInfo) rowsOf.outputType()).getFieldNames();
    rowsOf.compute(
        inputs,
        positional -> {
          Row named = Row.withNames();
          for (int i = 0; i < names.length; i++) {
            named.setField(names[i], positional.getField(i));
          }
          out.add(named);
        });
    out.sort(
        java.util.Comparator.comparing((Row r) -> (String) r.getField("constituent"))
            .thenComparing(r -> (LocalDate) r.getField("session_date")));
    return out;
  }

  private static List<LocalDate> sessionsOf(List<Row> rows, String member) {
    return rows.stream()
        .filter(r -> r.getField("constituent").equals(member))
        .map(r -> (LocalDate) r.getField("session_date"))
        .toList();
  }

  /** Every June 2024 session, its first bar known at 20:15 New York (00:15 UTC the day after). */
  private static List<Row> sessions() {
    List<Row> rows = new ArrayList<>();
    for (LocalDate day :
        NyseCalendar.instance().sessions(LocalDate.of(2024, 6, 1), LocalDate.of(2024, 6, 28))) {
      Row row = input(UniverseRows.SESSION);
      row.setField("session_date", day);
      row.setField(
          "available_at",
          day.plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant().plusSeconds(900));
      rows.add(row);
    }
    return rows;
  }

  private static Row membership(
      String member, String from, String to, int version, Instant availableAt) {
    Row row = input(UniverseRows.MEMBERSHIP);
    row.setField("index_id", "SP500");
    row.setField("constituent", member);
    row.setField("symbol", member);
    row.setField("effective_from", LocalDate.parse(from));
    row.setField("effective_to", to == null ? null : LocalDate.parse(to));
    row.setField("version", version);
    row.setField("available_at", availableAt);
    return row;
  }

  private static Row master(String securityId, String validFrom, String ticker, Instant known) {
    Row row = input(UniverseRows.MASTER);
    row.setField("security_id", securityId);
    row.setField("valid_from", LocalDate.parse(validFrom));
    row.setField("ticker", ticker);
    row.setField("available_at", known);
    return row;
  }

  private static Row input(String kind) {
    Row row = Row.withNames();
    for (String column :
        List.of(
            "universe",
            "kind",
            "index_id",
            "constituent",
            "effective_from",
            "version",
            "symbol",
            "cik",
            "effective_to",
            "session_date",
            "security_id",
            "valid_from",
            "ticker",
            "available_at",
            "ingested_at")) {
      row.setField(column, null);
    }
    row.setField("universe", "all");
    row.setField("kind", kind);
    row.setField("ingested_at", INGESTED);
    return row;
  }
}
