package io.pitlake.fundamentals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.pitlake.job.keyed.KeyedComputation;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The fundamentals' keyed computations give the rows their SQL used to, and the same rows for their
 * input in any order, ties at one instant included (batch = streaming depends on it).
 */
class FundamentalsKeyedViewsTest {

  private static final Instant T1 = Instant.parse("2024-05-01T20:11:00Z");
  private static final Instant T2 = Instant.parse("2024-08-01T20:11:00Z");
  private static final Instant T3 = Instant.parse("2024-09-01T20:11:00Z");
  private static final LocalDate Q2 = LocalDate.parse("2024-06-30");

  @Test
  @DisplayName("a fact gets its accession's earliest acceptance, or none without a submission")
  void factsGetTheirFilingsEarliestAcceptance() {
    List<Row> accepted =
        rows(
            new FactAcceptance(),
            List.of(
                named(Map.of("kind", "filing", "available_at", T2)),
                named(Map.of("kind", "fact", "observation_key", "f1", "available_at", T3)),
                named(Map.of("kind", "filing", "available_at", T1))));
    assertThat(accepted)
        .singleElement()
        .satisfies(r -> assertThat(r.getField("accepted_available_at")).isEqualTo(T1));
    assertThat(
            rows(
                new FactAcceptance(),
                List.of(
                    named(Map.of("kind", "fact", "observation_key", "f1", "available_at", T3)))))
        .singleElement()
        .satisfies(r -> assertThat(r.getField("accepted_available_at")).isNull());
  }

  @Test
  @DisplayName(
      "a balance sheet as known at each instant: the newest value per item, ties by fact_id")
  void balanceSheetsKnownAtEachInstant() {
    List<Row> input =
        List.of(
            fact("a1", 1, 10_000, T1, "assets"),
            fact("l1", 1, 6_000, T1, "liabilities"),
            fact("e1", 1, 4_000, T1, "equity"),
            fact("e2", 1, 4_100, T2, "equity"),
            fact("e3", 1, 3_900, T2, "equity"));
    List<Row> known = rows(new BalanceSheetsKnown(), input);

    assertThat(known)
        .extracting(r -> r.getField("available_at"), r -> r.getField("equity"))
        .containsExactly(tuple(T1, 4_000d), tuple(T2, 3_900d));
    assertSameInAnyOrder(new BalanceSheetsKnown(), input);
  }

  @Test
  @DisplayName("SEC and FMP are paired at each instant either changed, once both exist")
  void secAndFmpPairedAtEachInstantOnceBothExist() {
    List<Row> input =
        List.of(
            vendorFact("sec", "s1", 100, T1),
            vendorFact("fmp", "f1", 105, T2),
            vendorFact("sec", "s2", 105, T3));
    List<Row> pairs = rows(new SecFmpPairsKnown(), input);

    assertThat(pairs)
        .extracting(
            r -> r.getField("available_at"),
            r -> r.getField("sec_value"),
            r -> r.getField("fmp_value"))
        .containsExactly(tuple(T2, 100d, 105d), tuple(T3, 105d, 105d));
    assertSameInAnyOrder(new SecFmpPairsKnown(), input);
  }

  @Test
  @DisplayName("snapshots are the same for any order of values, ties at one instant included")
  void snapshotsDoNotDependOnTheInputsOrder() {
    List<Row> input =
        List.of(
            curated("total_assets", 10_000, T1),
            curated("total_assets", 11_000, T1),
            curated("total_liabilities", 6_000, T1),
            curated("total_assets", 12_000, T2));
    List<Row> snapshots = rows(new FundamentalsSnapshots(), input);

    assertThat(snapshots)
        .extracting(r -> r.getField("available_at"), r -> r.getField("total_assets"))
        .containsExactly(tuple(T1, 11_000d), tuple(T2, 12_000d));
    assertSameInAnyOrder(new FundamentalsSnapshots(), input);
  }

  /** Every rotation and the reverse of {@code input} give the same rows. */
  private static void assertSameInAnyOrder(KeyedComputation computation, List<Row> input) {
    List<String> expected = strings(rows(computation, input));
    List<Row> order = new ArrayList<>(input);
    for (int i = 0; i < input.size(); i++) {
      Collections.rotate(order, 1);
      assertThat(strings(rows(computation, order))).as("order %s", order).isEqualTo(expected);
      List<Row> reversed = new ArrayList<>(order);
      Collections.reverse(reversed);
      assertThat(strings(rows(computation, reversed))).as("order %s", reversed).isEqualTo(expected);
    }
  }

  private static List<String> strings(List<Row> rows) {
    return rows.stream().map(Row::toString).sorted().toList();
  }

  private static List<Row> rows(KeyedComputation computation, List<Row> input) {
    List<Row> out = new ArrayList<>();
    computation.compute(input, out::add);
    return out.stream().map(r -> named(computation, r)).toList();
  }

  /** {@code row} with the field names of the computation's output type, for reading by name. */
  private static Row named(KeyedComputation computation, Row row) {
    String[] names = ((RowTypeInfo) computation.outputType()).getFieldNames();
    Row named = Row.withNames();
    for (int i = 0; i < names.length; i++) {
      named.setField(names[i], row.getField(i));
    }
    return named;
  }

  private static Row named(Map<String, Object> fields) {
    Row row = Row.withNames();
    fields.forEach(row::setField);
    return row;
  }

  private static Row fact(String factId, int version, double value, Instant at, String item) {
    Row row = base(factId, version, value, at);
    row.setField("vendor", "sec");
    row.setField("period_end", Q2);
    row.setField("item", item);
    return row;
  }

  private static Row vendorFact(String vendor, String factId, double value, Instant at) {
    Row row = base(factId, 1, value, at);
    row.setField("vendor", vendor);
    row.setField("taxonomy", "us-gaap");
    row.setField("concept", "Revenues");
    row.setField("unit", "USD");
    row.setField("period_start", LocalDate.parse("2024-04-01"));
    row.setField("period_end", Q2);
    return row;
  }

  private static Row base(String factId, int version, double value, Instant at) {
    Row row = Row.withNames();
    row.setField("cik", 1L);
    row.setField("fact_id", factId);
    row.setField("version", version);
    row.setField("value", value);
    row.setField("event_time", Instant.parse("2024-06-30T04:00:00Z"));
    row.setField("available_at", at);
    row.setField("ingested_at", at);
    row.setField("accession_number", "acc-" + factId);
    return row;
  }

  private static Row curated(String item, double value, Instant at) {
    Row row = Row.withNames();
    row.setField("vendor", "sec");
    row.setField("cik", 1L);
    row.setField("item", item);
    row.setField("priority", 1);
    row.setField("period_start", null);
    row.setField("period_end", Q2);
    row.setField("value", value);
    row.setField("available_at", at);
    row.setField("ingested_at", at);
    row.setField("accession_number", "acc-1");
    row.setField("form", "10-Q");
    return row;
  }
}
