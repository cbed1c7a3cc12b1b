package io.pitlake.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** One security's states from its snapshots and ticker changes, whatever order they come in. */
class SecurityMasterStatesTest {

  static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  static final LocalDate LISTED = LocalDate.of(2000, 1, 3);
  static final LocalDate RENAMED = LocalDate.of(2024, 9, 3);

  /** OLDC renamed NEWC on 09-03 (the old ticker inactive from then), seen in month-end details. */
  static List<Row> renamedCompany() {
    return List.of(
        details("2024-07-31", "OLDC", true, null),
        details("2024-08-30", "OLDC", true, null),
        details("2024-09-30", "OLDC", false, null),
        details("2024-09-30", "NEWC", true, null),
        details("2024-10-31", "NEWC", true, null),
        change("OLDC", "2000-01-03"),
        change("NEWC", "2024-09-03"));
  }

  @Test
  @DisplayName("a state starts at the first snapshot and at each that differs from the one before")
  void statesStartWhereTheAttributesChange() {
    assertThat(describe(compute(renamedCompany())))
        .containsExactly(
            "OLDC from 2000-01-03 observed 2024-07-31 known 2024-08-01T04:00:00Z",
            "NEWC from 2024-09-03 observed 2024-09-30 known 2024-10-01T04:00:00Z");
  }

  @Test
  @DisplayName(
      "the same rows in any order, ties at equal available_at included, give the same states")
  void anyInputOrderGivesTheSameStates() {
    List<Row> expected = compute(renamedCompany());
    Random random = new Random(42);
    for (int i = 0; i < 50; i++) {
      List<Row> shuffled = new ArrayList<>(renamedCompany());
      Collections.shuffle(shuffled, random);
      assertThat(compute(shuffled)).as("order %s", shuffled).isEqualTo(expected);
    }
  }

  @Test
  @DisplayName("a ticker change not yet known when the snapshot became known does not date it")
  void aChangeKnownLaterDoesNotMoveValidFrom() {
    List<Row> rows = new ArrayList<>(renamedCompany());
    rows.removeIf(r -> "NEWC".equals(r.getField("vendor_ticker")) && r.getField("as_of") == null);
    rows.add(change("NEWC", "2024-09-03", Instant.parse("2024-10-02T00:00:00Z")));
    assertThat(describe(compute(rows)))
        .last()
        .asString()
        .startsWith("NEWC from 2024-09-30 observed 2024-09-30");
  }

  @Test
  @DisplayName("a delisted state starts at its delist date, a first state at its list date")
  void delistingAndListingDateTheirStates() {
    LocalDate delisted = LocalDate.of(2024, 10, 1);
    List<Row> rows =
        List.of(
            details("2024-09-30", "GONE", true, null),
            details("2024-10-31", "GONE", false, delisted),
            details("2024-11-29", "GONE", false, delisted));
    assertThat(describe(compute(rows)))
        .containsExactly(
            "GONE from 2000-01-03 observed 2024-09-30 known 2024-10-01T04:00:00Z",
            "GONE from 2024-10-01 observed 2024-10-31 known 2024-11-01T04:00:00Z");
  }

  @Test
  @DisplayName("an input of another kind is refused with the kinds the SQL must give")
  void refusesAnUnknownKind() {
    Row row = details("2024-07-31", "OLDC", true, null);
    row.setField("kind", "detail");
    assertThatThrownBy(() -> compute(List.of(row)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kind detail")
        .hasMessageContaining("'details' or 'ticker_change'");
  }

  private static List<Row> compute(List<Row> inputs) {
    List<Row> out = new ArrayList<>();
    new SecurityMasterStates().compute(inputs, out::add);
    return out;
  }

  /** Each state as "TICKER from valid_from observed observed_from known available_at". */
  private static List<String> describe(List<Row> states) {
    RowTypeInfo type = (RowTypeInfo) new SecurityMasterStates().outputType();
    return states.stream()
        .map(
            r ->
                String.format(
                    "%s from %s observed %s known %s",
                    r.getField(type.getFieldIndex("vendor_ticker")),
                    r.getField(type.getFieldIndex("valid_from")),
                    r.getField(type.getFieldIndex("observed_from")),
                    r.getField(type.getFieldIndex("available_at"))))
        .toList();
  }

  /** A first-version snapshot as of {@code asOf}, known at the end of that day in New York. */
  static Row details(String asOf, String ticker, boolean active, LocalDate delistDate) {
    LocalDate day = LocalDate.parse(asOf);
    Row row = input(SecurityMasterStates.DETAILS, ticker);
    row.setField("as_of", day);
    row.setField("name", "OLDC Simulated Holdings Inc.");
    row.setField("cik", "9900001");
    row.setField("composite_figi", "BBG000OLDC00");
    row.setField("list_date", LISTED);
    row.setField("active", active);
    row.setField(
        "delisted_at", delistDate == null ? null : delistDate.atStartOfDay(NEW_YORK).toInstant());
    row.setField("delist_date", delistDate);
    row.setField("event_time", day.atStartOfDay(NEW_YORK).toInstant());
    row.setField("available_at", day.plusDays(1).atStartOfDay(NEW_YORK).toInstant());
    row.setField("ingested_at", Instant.parse("2025-01-02T00:00:00Z"));
    row.setField("payload_hash", ticker + "|" + asOf);
    return row;
  }

  /** A ticker change known from the start of its date in New York. */
  static Row change(String ticker, String date) {
    return change(ticker, date, LocalDate.parse(date).atStartOfDay(NEW_YORK).toInstant());
  }

  static Row change(String ticker, String date, Instant availableAt) {
    Row row = input(SecurityMasterStates.TICKER_CHANGE, ticker);
    row.setField("change_date", LocalDate.parse(date));
    row.setField("event_time", availableAt);
    row.setField("available_at", availableAt);
    row.setField("ingested_at", Instant.parse("2025-01-02T00:00:00Z"));
    row.setField("payload_hash", "change|" + ticker);
    return row;
  }

  /** A named row; a column it does not set reads as NULL, as the other kind's columns do. */
  private static Row input(String kind, String ticker) {
    Row row = Row.withNames();
    row.setField("kind", kind);
    row.setField("vendor", "polygon");
    row.setField("security_id", "figi:BBG000OLDC00");
    row.setField("vendor_ticker", ticker);
    return row;
  }
}
