package io.pitlake.fundamentals;

import io.pitlake.job.keyed.KeyedComputation;
import io.pitlake.job.keyed.KeyedView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.types.Row;

/**
 * SEC's and FMP's values of one concept and period that were both the newest known at some instant
 * ({@link FactVersion#newestAt}), for {@code gold.fundamentals_dq}'s sec_fmp_disagreement check:
 * one pair per instant a value of either vendor became known once both had one, dated by that
 * instant, which is the later of the two values' {@code available_at}.
 *
 * <p>Input ({@code sec_fmp_values} in {@code sql/gold/fundamentals_dq.sql}): rows of {@code
 * silver.fundamental_facts}, keyed by CIK, taxonomy, concept, unit and period.
 */
public record SecFmpPairsKnown() implements KeyedComputation {

  private static final long serialVersionUID = 1L;

  /** The view {@code sql/gold/fundamentals_dq.sql} reads. */
  public static final KeyedView VIEW =
      new KeyedView(
          "sec_fmp_pairs_known",
          "sec_fmp_values",
          List.of("cik", "taxonomy", "concept", "unit", "period_start", "period_end"),
          new SecFmpPairsKnown());

  @Override
  public TypeInformation<Row> outputType() {
    return Types.ROW_NAMED(
        new String[] {
          "cik",
          "concept",
          "period_start",
          "period_end",
          "available_at",
          "sec_value",
          "sec_accession_number",
          "sec_event_time",
          "fmp_value",
          "fmp_fact_id",
          "ingested_at"
        },
        Types.LONG,
        Types.STRING,
        Types.LOCAL_DATE,
        Types.LOCAL_DATE,
        Types.INSTANT,
        Types.DOUBLE,
        Types.STRING,
        Types.INSTANT,
        Types.DOUBLE,
        Types.STRING,
        Types.INSTANT);
  }

  @Override
  public void compute(List<Row> inputs, Consumer<Row> out) {
    List<FactVersion> sec = new ArrayList<>();
    List<FactVersion> fmp = new ArrayList<>();
    TreeSet<Long> instants = new TreeSet<>();
    for (Row row : inputs) {
      FactVersion v = FactVersion.of(row);
      String vendor = (String) row.getField("vendor");
      if ("sec".equals(vendor)) {
        sec.add(v);
      } else if ("fmp".equals(vendor)) {
        fmp.add(v);
      }
      instants.add(v.availableAt());
    }
    Row first = inputs.get(0);
    for (long instant : instants) {
      Optional<FactVersion> s = FactVersion.newestAt(sec, instant);
      Optional<FactVersion> f = FactVersion.newestAt(fmp, instant);
      if (s.isPresent() && f.isPresent()) {
        out.accept(
            Row.of(
                first.getField("cik"),
                first.getField("concept"),
                first.getField("period_start"),
                first.getField("period_end"),
                Instant.ofEpochMilli(instant),
                s.get().value(),
                s.get().accessionNumber(),
                Instant.ofEpochMilli(s.get().eventTime()),
                f.get().value(),
                f.get().factId(),
                Instant.ofEpochMilli(Math.max(s.get().ingestedAt(), f.get().ingestedAt()))));
      }
    }
  }
}
