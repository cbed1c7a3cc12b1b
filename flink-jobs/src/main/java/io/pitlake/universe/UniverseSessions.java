package io.pitlake.universe;

import io.pitlake.job.keyed.KeyedComputation;
import io.pitlake.job.keyed.KeyedView;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.types.Row;

/**
 * The sessions {@code gold.universe_daily} holds, from {@code silver.bars_daily}: one row per
 * session the lake has a bar of, with the instant its first bar became known ({@code
 * sql/gold/universe_daily.sql}).
 *
 * <p>Why: a universe row is stated once its session happened and the lake knew it did, a fact of
 * the inputs rather than of the clock, so a build on the inputs known by T writes exactly the full
 * build's rows known by T. The earliest bar of a session is a minimum over rows, which retracts in
 * streaming as SQL; computed here once per session from all its rows, it only inserts.
 */
public record UniverseSessions() implements KeyedComputation {

  /** The view the SQL file reads, keyed by the session. */
  public static final KeyedView VIEW =
      new KeyedView(
          "universe_sessions", "universe_bars", List.of("session_date"), new UniverseSessions());

  /** Earliest known, then earliest fetched: a total order, so input order changes nothing. */
  private static final Comparator<Row> FIRST =
      Comparator.<Row, Instant>comparing(r -> (Instant) r.getField("available_at"))
          .thenComparing(r -> (Instant) r.getField("ingested_at"));

  @Override
  public TypeInformation<Row> outputType() {
    return Types.ROW_NAMED(
        new String[] {"session_date", "first_known", "session_ingested_at"},
        Types.LOCAL_DATE,
        Types.INSTANT,
        Types.INSTANT);
  }

  @Override
  public void compute(List<Row> inputs, Consumer<Row> out) {
    Row first = inputs.stream().min(FIRST).orElseThrow();
    out.accept(
        Row.of(
            first.getField("session_date"),
            first.getField("available_at"),
            first.getField("ingested_at")));
  }
}
