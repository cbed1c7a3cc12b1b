package io.pitlake.adjustment;

import io.pitlake.vendor.MarketDates;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.Nullable;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.FunctionHint;
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
 * cash_amount, previous_close, ingested_at)}; {@code known_to} is NULL while a version is the
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

  public void eval(
      @DataTypeHint(
              "ARRAY<ROW<action_id STRING, version INT, ex_date DATE,"
                  + " known_from TIMESTAMP_LTZ(3), known_to TIMESTAMP_LTZ(3), split_from DOUBLE,"
                  + " split_to DOUBLE, cash_amount DOUBLE, previous_close DOUBLE,"
                  + " ingested_at TIMESTAMP_LTZ(3)>>")
          Row[] rows) {
    List<ActionLife> lives = new ArrayList<>(rows.length);
    for (Row row : rows) {
      long knownFrom = millis(row.getField(3));
      long knownTo = row.getField(4) == null ? Long.MAX_VALUE : millis(row.getField(4));
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
                (Double) row.getField(8),
                millis(row.getField(9))));
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

  private static long millis(@Nullable Object instant) {
    return ((Instant) instant).toEpochMilli();
  }
}
