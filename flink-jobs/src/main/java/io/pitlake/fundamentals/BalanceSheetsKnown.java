package io.pitlake.fundamentals;

import io.pitlake.job.keyed.KeyedComputation;
import io.pitlake.job.keyed.KeyedView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;
import javax.annotation.Nullable;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.types.Row;

/**
 * What was known of one balance-sheet date at each instant one of its balances became known: per
 * item the newest known value ({@link FactVersion#newestAt}), for {@code gold.fundamentals_dq}'s
 * balance_sheet_identity check, which compares the three balances of one date as known together.
 *
 * <p>Input ({@code identity_values} in {@code sql/gold/fundamentals_dq.sql}), keyed by vendor, CIK
 * and balance-sheet date: {@code item} is {@code assets}, {@code liabilities}, {@code equity} or
 * {@code equity_with_nci}, the rest are {@code silver.fundamental_facts}' columns. One output row
 * per distinct {@code available_at}; {@code equity} falls back to the equity including
 * noncontrolling interest; {@code event_time} and {@code ingested_at} are the newest among the
 * values known.
 */
public record BalanceSheetsKnown() implements KeyedComputation {

  private static final long serialVersionUID = 1L;

  /** The view {@code sql/gold/fundamentals_dq.sql} reads. */
  public static final KeyedView VIEW =
      new KeyedView(
          "balance_sheets_known",
          "identity_values",
          List.of("vendor", "cik", "period_end"),
          new BalanceSheetsKnown());

  @Override
  public TypeInformation<Row> outputType() {
    return Types.ROW_NAMED(
        new String[] {
          "vendor",
          "cik",
          "period_end",
          "available_at",
          "assets",
          "liabilities",
          "equity",
          "event_time",
          "ingested_at"
        },
        Types.STRING,
        Types.LONG,
        Types.LOCAL_DATE,
        Types.INSTANT,
        Types.DOUBLE,
        Types.DOUBLE,
        Types.DOUBLE,
        Types.INSTANT,
        Types.INSTANT);
  }

  @Override
  public void compute(List<Row> inputs, Consumer<Row> out) {
    Map<String, List<FactVersion>> byItem = new HashMap<>();
    TreeSet<Long> instants = new TreeSet<>();
    for (Row row : inputs) {
      FactVersion v = FactVersion.of(row);
      byItem.computeIfAbsent((String) row.getField("item"), item -> new ArrayList<>()).add(v);
      instants.add(v.availableAt());
    }
    Row first = inputs.get(0);
    for (long instant : instants) {
      Map<String, FactVersion> known = new HashMap<>();
      byItem.forEach(
          (item, versions) ->
              FactVersion.newestAt(versions, instant).ifPresent(v -> known.put(item, v)));
      Double equity = value(known, "equity");
      out.accept(
          Row.of(
              first.getField("vendor"),
              first.getField("cik"),
              first.getField("period_end"),
              Instant.ofEpochMilli(instant),
              value(known, "assets"),
              value(known, "liabilities"),
              equity != null ? equity : value(known, "equity_with_nci"),
              newest(known, FactVersion::eventTime),
              newest(known, FactVersion::ingestedAt)));
    }
  }

  private static @Nullable Double value(Map<String, FactVersion> known, String item) {
    return Optional.ofNullable(known.get(item)).map(FactVersion::value).orElse(null);
  }

  private static Instant newest(
      Map<String, FactVersion> known, java.util.function.ToLongFunction<FactVersion> instant) {
    return Instant.ofEpochMilli(known.values().stream().mapToLong(instant).max().orElseThrow());
  }
}
