package io.pitlake.fundamentals;

import io.pitlake.job.keyed.KeyedComputation;
import io.pitlake.job.keyed.KeyedView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.types.Row;

/**
 * Each bronze SEC companyfacts row of one accession number with its filing's acceptance: the
 * earliest {@code available_at} among that accession's {@code bronze.sec_submissions} rows, null
 * when none is known. {@code sql/silver/fundamental_facts.sql} dates a version-1 fact by it.
 *
 * <p>Why a keyed view: the lookup is a left join of facts with submissions, which in streaming
 * retracts the fact's row without acceptance when the submission arrives after it. Computed once
 * per accession after both inputs ended, each fact is written once, with its final date.
 *
 * <p>Input ({@code sec_facts_and_filings}): bronze rows with a {@code kind} of {@code fact} or
 * {@code filing} and the {@code accession_number} they belong to; a filing row carries only its
 * {@code available_at}. Output: every fact row's bronze columns plus {@code accepted_available_at}.
 */
public record FactAcceptance() implements KeyedComputation {

  private static final long serialVersionUID = 1L;

  /** The view {@code sql/silver/fundamental_facts.sql} reads. */
  public static final KeyedView VIEW =
      new KeyedView(
          "sec_facts_accepted",
          "sec_facts_and_filings",
          List.of("accession_number"),
          new FactAcceptance());

  private static final String[] FACT_COLUMNS = {
    "vendor",
    "dataset",
    "observation_key",
    "version",
    "event_time",
    "available_at",
    "ingested_at",
    "payload_hash",
    "request_url",
    "payload"
  };

  @Override
  public TypeInformation<Row> outputType() {
    String[] names = new String[FACT_COLUMNS.length + 1];
    System.arraycopy(FACT_COLUMNS, 0, names, 0, FACT_COLUMNS.length);
    names[FACT_COLUMNS.length] = "accepted_available_at";
    return Types.ROW_NAMED(
        names,
        Types.STRING,
        Types.STRING,
        Types.STRING,
        Types.INT,
        Types.INSTANT,
        Types.INSTANT,
        Types.INSTANT,
        Types.STRING,
        Types.STRING,
        Types.STRING,
        Types.INSTANT);
  }

  @Override
  public void compute(List<Row> inputs, Consumer<Row> out) {
    Instant accepted = null;
    List<Row> facts = new ArrayList<>();
    for (Row row : inputs) {
      if ("filing".equals(row.getField("kind"))) {
        Instant at = (Instant) row.getField("available_at");
        accepted = accepted == null || at.isBefore(accepted) ? at : accepted;
      } else {
        facts.add(row);
      }
    }
    for (Row fact : facts) {
      Row row = new Row(FACT_COLUMNS.length + 1);
      for (int i = 0; i < FACT_COLUMNS.length; i++) {
        row.setField(i, fact.getField(FACT_COLUMNS[i]));
      }
      row.setField(FACT_COLUMNS.length, accepted);
      out.accept(row);
    }
  }
}
