package io.pitlake.adjustment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link PriceDqFindings} on one symbol's rows: a 4-for-1 split on session 3 whose bar is revised,
 * a split the prices do not show, and Polygon's adjusted closes fetched before and after pitlake
 * knew the split.
 */
class PriceDqFindingsTest {

  static final LocalDate D1 = LocalDate.parse("2024-06-06");
  static final LocalDate D2 = LocalDate.parse("2024-06-07");
  static final LocalDate D3 = LocalDate.parse("2024-06-10");
  static final LocalDate D4 = LocalDate.parse("2024-06-11");

  @Test
  @DisplayName("a jump is a finding, explained by its own row once a split of its ex date is known")
  void jumpsAndTheirExplanations() {
    List<String> rows = findings(inputs());

    assertThat(rows)
        .filteredOn(r -> r.startsWith("unexplained_jump"))
        .containsExactlyInAnyOrder(
            "unexplained_jump 2024-06-10 2024-06-11T00:15:00Z observed=0.25 expected=1.0"
                + " [close moved -75.0% from the previous session (bar versions 1 and 1)]",
            // The revision is checked against the previous session's bar at its own instant.
            "unexplained_jump 2024-06-10 2024-06-12T00:15:00Z observed=0.3 expected=1.0"
                + " [close moved -70.0% from the previous session (bar versions 2 and 1)]");
    // The split was known before either jump: explained from the first jump on, so never open.
    assertThat(rows)
        .filteredOn(r -> r.startsWith("jump_explained"))
        .containsExactly(
            "jump_explained 2024-06-10 2024-06-11T00:15:00Z observed=0.25 expected=0.25"
                + " [polygon split s1 v1 of 1.0:4.0 known from 2024-06-10 04:00:00.000]");
  }

  @Test
  @DisplayName("a split version is checked against the bar pair newest when both were known")
  void aSplitThePricesDoNotShow() {
    assertThat(findings(inputs()))
        .filteredOn(r -> r.startsWith("split_without_price_move"))
        .containsExactly(
            "split_without_price_move 2024-06-11 2024-06-12T00:15:00Z observed=1.0 expected=0.5"
                + " [polygon split phantom v1 of 1.0:2.0 does not match the close ratio]");
  }

  @Test
  @DisplayName("the vendor's adjusted close is compared with pitlake's as known at its fetch")
  void vendorCloseAsKnownAtItsFetch() {
    assertThat(findings(inputs()))
        .filteredOn(r -> r.startsWith("vendor"))
        .containsExactly(
            // Fetched after the split was known: pitlake adjusts 40 by 0.25, the vendor did not.
            "vendor_adjusted_close_mismatch 2024-06-07 2024-06-12T00:00:00Z observed=40.0"
                + " expected=10.0 [polygon adjusted close v2 fetched 2024-06-12 00:00:00.000 vs"
                + " pitlake split_adj_close of bar v1 x 0.25]");
  }

  @Test
  @DisplayName("the same rows for every order of the input")
  void sameRowsInAnyOrder() {
    List<Row> inputs = inputs();
    List<String> expected = findings(inputs);
    assertThat(expected).hasSize(5);
    Random random = new Random(7);
    for (int i = 0; i < 20; i++) {
      List<Row> shuffled = new ArrayList<>(inputs);
      Collections.shuffle(shuffled, random);
      assertThat(findings(shuffled)).isEqualTo(expected);
    }
  }

  /** The findings as sorted lines, so two runs compare as sets. */
  private static List<String> findings(List<Row> inputs) {
    List<String> rows = new ArrayList<>();
    new PriceDqFindings()
        .compute(
            inputs,
            r ->
                rows.add(
                    String.format(
                        "%s %s %s observed=%s expected=%s [%s]",
                        r.getField(0),
                        r.getField(2),
                        r.getField(3),
                        r.getField(5),
                        r.getField(6),
                        r.getField(4))));
    Collections.sort(rows);
    return rows;
  }

  private static List<Row> inputs() {
    return List.of(
        bar(D1, 1, 1, 40, "2024-06-07T00:15:00Z"),
        bar(D2, 2, 1, 40, "2024-06-08T00:15:00Z"),
        bar(D3, 3, 1, 10, "2024-06-11T00:15:00Z"),
        bar(D3, 3, 2, 12, "2024-06-12T00:15:00Z"),
        bar(D4, 4, 1, 12, "2024-06-12T00:15:00Z"),
        // The 4-for-1 split of session 3, then a second version of it that replaces it.
        split("polygon", "s1", 1, D3, 1, 4, "2024-06-10T04:00:00Z"),
        split("polygon", "s1", 2, D3, 1, 4, "2024-06-20T04:00:00Z"),
        // A 2-for-1 split of session 4 the prices never made; a dividend is no split.
        split("polygon", "phantom", 1, D4, 1, 2, "2024-06-01T04:00:00Z"),
        split("polygon", "d1", 1, D2, 0, 0, "2024-05-01T04:00:00Z"),
        // Factor sets: none before the split, 0.25 for the sessions before D3 from its start.
        factor(null, null, 1.0, "2024-06-01T04:00:00Z"),
        factor(D3, null, 0.25, "2024-06-10T04:00:00Z"),
        // Fetched before pitlake knew the split, both unadjusted: no finding. After, the vendor
        // still unadjusted: one. A non-numeric close is not compared.
        vendor(D2, 1, 40.0, "2024-06-09T00:00:00Z"),
        vendor(D2, 2, 40.0, "2024-06-12T00:00:00Z"),
        vendor(D1, 1, null, "2024-06-12T00:00:00Z"));
  }

  private static Row bar(LocalDate session, int index, int version, double close, String at) {
    Row row = row("bar", at);
    row.setField("session_date", session);
    row.setField("session_index", index);
    row.setField("version", version);
    row.setField("close", close);
    row.setField("event_time", session.atStartOfDay(ZoneId.of("America/New_York")).toInstant());
    return row;
  }

  /** A split of {@code from:to}, or a cash dividend where both are 0. */
  private static Row split(
      String vendor, String id, int version, LocalDate ex, double from, double to, String at) {
    Row row = row("action", at);
    row.setField("vendor", vendor);
    row.setField("action_id", id);
    row.setField(
        "action_type", from == 0 ? "cash_dividend" : from < to ? "forward_split" : "reverse_split");
    row.setField("version", version);
    row.setField("ex_date", ex);
    if (from != 0) {
      row.setField("split_from", from);
      row.setField("split_to", to);
    }
    return row;
  }

  private static Row factor(LocalDate ex, LocalDate from, double splitFactor, String at) {
    Row row = row("factor", at);
    row.setField("ex_date", ex);
    row.setField("session_from", from);
    row.setField("split_factor", splitFactor);
    row.setField("total_factor", splitFactor);
    return row;
  }

  private static Row vendor(LocalDate session, int version, Double close, String fetchedAt) {
    Row row = row("vendor", fetchedAt);
    row.setField("session_date", session);
    row.setField("version", version);
    row.setField("close", close);
    return row;
  }

  /**
   * A row of {@code price_dq_inputs} of {@code kind}, known and fetched at {@code at}: every
   * column, NULL until set.
   */
  private static Row row(String kind, String at) {
    Row row = Row.withNames();
    for (String column :
        List.of(
            "symbol",
            "kind",
            "session_date",
            "session_index",
            "version",
            "close",
            "vendor",
            "action_id",
            "action_type",
            "ex_date",
            "split_from",
            "split_to",
            "session_from",
            "split_factor",
            "total_factor",
            "available_at",
            "event_time",
            "ingested_at")) {
      row.setField(column, null);
    }
    row.setField("symbol", "SPLT");
    row.setField("kind", kind);
    row.setField("available_at", Instant.parse(at));
    row.setField("ingested_at", Instant.parse(at));
    return row;
  }
}
