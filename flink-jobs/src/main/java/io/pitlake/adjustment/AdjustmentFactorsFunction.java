package io.pitlake.adjustment;

import io.pitlake.vendor.MarketDates;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.FunctionHint;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.TableFunction;
import org.apache.flink.types.Row;

/**
 * SQL {@code pitlake_adjustment_factors(lives ARRAY<ROW<...>>)}: the rows of {@link
 * AdjustmentFactors} for one symbol, from an {@code ARRAY_AGG} of its action lives.
 *
 * <p>Why a function: the factors of one instant are a running product over the actions in effect,
 * ordered by ex date, which regular joins would express only as a fan-out of every action to every
 * instant and ex date. A symbol has tens of actions, so one call per symbol is cheap, and as a pure
 * function of the aggregated set it gives the same rows in batch and streaming.
 *
 * <p>Lives are {@code (action_id, version, ex_date, known_from, known_to, split_from, split_to,
 * cash_amount, previous_close, previous_ingested_at, ex_close, ex_available_at, ex_ingested_at,
 * ingested_at)}: a dividend comes with both closes it may divide by, and the job's {@link
 * AdjustmentOptions#DIVIDEND_METHOD} (a global job parameter, so one SQL file serves both methods)
 * picks one. An {@link DividendMethod#EX_CLOSE} dividend starts adjusting no earlier than its ex
 * date's bar is known, and not at all before. {@code known_to} is NULL while a version is the
 * newest. Instants other than {@code available_at} come back as epoch milliseconds.
 */
@FunctionHint(
    output =
        @DataTypeHint(
            "ROW<ex_date DATE, available_at TIMESTAMP_LTZ(3), superseded_at_ms BIGINT,"
                + " session_from DATE, split_factor DOUBLE, total_factor DOUBLE, actions INT,"
                + " event_time_ms BIGINT, ingested_at_ms BIGINT>"))
public class AdjustmentFactorsFunction extends TableFunction<Row> {

  private static final long serialVersionUID = 1L;

  private transient DividendMethod method;

  @Override
  public void open(FunctionContext context) {
    method = dividendMethod(context);
  }

  public void eval(
      @DataTypeHint(
              "ARRAY<ROW<action_id STRING, version INT, ex_date DATE,"
                  + " known_from TIMESTAMP_LTZ(3), known_to TIMESTAMP_LTZ(3), split_from DOUBLE,"
                  + " split_to DOUBLE, cash_amount DOUBLE, previous_close DOUBLE,"
                  + " previous_ingested_at TIMESTAMP_LTZ(3), ex_close DOUBLE,"
                  + " ex_available_at TIMESTAMP_LTZ(3), ex_ingested_at TIMESTAMP_LTZ(3),"
                  + " ingested_at TIMESTAMP_LTZ(3)>>")
          Row[] rows) {
    List<ActionLife> lives = new ArrayList<>(rows.length);
    for (Row row : rows) {
      boolean dividend = row.getField(7) != null;
      boolean exClose = dividend && method == DividendMethod.EX_CLOSE;
      if (exClose && row.getField(10) == null) {
        continue; // close(e) is not known yet: an ex-close factor cannot start
      }
      long knownFrom =
          exClose
              ? Math.max(millis(row.getField(3)), millis(row.getField(11)))
              : millis(row.getField(3));
      long knownTo = row.getField(4) == null ? Long.MAX_VALUE : millis(row.getField(4));
      Object closeIngestedAt = row.getField(exClose ? 12 : 9);
      long ingestedAt =
          closeIngestedAt == null
              ? millis(row.getField(13))
              : Math.max(millis(row.getField(13)), millis(closeIngestedAt));
      if (knownFrom < knownTo) {
        lives.add(
            ActionLife.of(
                (String) row.getField(0),
                (Integer) row.getField(1),
                (LocalDate) row.getField(2),
                knownFrom,
                knownTo,
                (Double) row.getField(5),
                (Double) row.getField(6),
                (Double) row.getField(7),
                method,
                (Double) row.getField(exClose ? 10 : 8),
                ingestedAt));
      }
    }
    for (FactorSegment s : AdjustmentFactors.compute(lives)) {
      collect(
          Row.of(
              s.exDate(),
              Instant.ofEpochMilli(s.availableAt()),
              s.supersededAt() == Long.MAX_VALUE ? null : s.supersededAt(),
              s.sessionFrom(),
              s.splitFactor(),
              s.totalFactor(),
              s.actions(),
              MarketDates.startOfDay(s.exDate()).toEpochMilli(),
              s.ingestedAt()));
    }
  }

  /** The job's dividend method, set by {@code SqlEnvironments} as a global job parameter. */
  static DividendMethod dividendMethod(FunctionContext context) {
    String key = AdjustmentOptions.DIVIDEND_METHOD.key();
    String value =
        context.getJobParameter(key, AdjustmentOptions.DIVIDEND_METHOD.defaultValue().toString());
    return Configuration.fromMap(Map.of(key, value)).get(AdjustmentOptions.DIVIDEND_METHOD);
  }

  private static long millis(@Nullable Object instant) {
    return ((Instant) instant).toEpochMilli();
  }
}
