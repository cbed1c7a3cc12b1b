package io.pitlake.adjustment;

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
 * SQL {@code pitlake_adjusted_bars(bars ARRAY<ROW<...>>, factors ARRAY<ROW<...>>)}: the rows of
 * {@link AdjustedBars} for a block of one symbol's bar lives under all of the symbol's rows of
 * {@code gold.adjustment_factors} ({@code factors} NULL: the symbol has none, every factor is 1).
 *
 * <p>Why a function: a session's factor at T is the segment that covers it at T, a range lookup
 * that regular joins would do as a fan-out of every bar to every segment of its symbol. Grouping a
 * symbol's bars into blocks of sessions keeps each call small, and a pure function of the two
 * aggregated sets gives the same rows in batch and streaming.
 *
 * <p>Bars are {@code (session_index, session_date, version, open, high, low, close, volume,
 * event_time, ingested_at, valid_from, valid_to)}; factors are {@code (ex_date, session_from,
 * available_at, superseded_at, split_factor, total_factor, ingested_at)}. NULL {@code valid_to} and
 * {@code superseded_at} mean "still current". Instants other than {@code available_at} come back as
 * epoch milliseconds.
 */
@FunctionHint(
    output =
        @DataTypeHint(
            "ROW<session_index INT, session_date DATE, available_at TIMESTAMP_LTZ(3),"
                + " superseded_at_ms BIGINT, bar_version INT, `open` DOUBLE, high DOUBLE,"
                + " low DOUBLE, `close` DOUBLE, volume DOUBLE, split_factor DOUBLE,"
                + " total_factor DOUBLE, split_adj_open DOUBLE, split_adj_high DOUBLE,"
                + " split_adj_low DOUBLE, split_adj_close DOUBLE, split_adj_volume DOUBLE,"
                + " total_adj_open DOUBLE, total_adj_high DOUBLE, total_adj_low DOUBLE,"
                + " total_adj_close DOUBLE, event_time_ms BIGINT, ingested_at_ms BIGINT>"))
public class AdjustedBarsFunction extends TableFunction<Row> {

  private static final long serialVersionUID = 1L;

  public void eval(
      @DataTypeHint(
              "ARRAY<ROW<session_index INT, session_date DATE, version INT, `open` DOUBLE,"
                  + " high DOUBLE, low DOUBLE, `close` DOUBLE, volume DOUBLE,"
                  + " event_time TIMESTAMP_LTZ(3), ingested_at TIMESTAMP_LTZ(3),"
                  + " valid_from TIMESTAMP_LTZ(3), valid_to TIMESTAMP_LTZ(3)>>")
          Row[] bars,
      @Nullable
          @DataTypeHint(
              "ARRAY<ROW<ex_date DATE, session_from DATE, available_at TIMESTAMP_LTZ(3),"
                  + " superseded_at TIMESTAMP_LTZ(3), split_factor DOUBLE, total_factor DOUBLE,"
                  + " ingested_at TIMESTAMP_LTZ(3)>>")
          Row[] factors) {
    List<RawBarLife> lives = new ArrayList<>(bars.length);
    for (Row bar : bars) {
      lives.add(
          new RawBarLife(
              (Integer) bar.getField(0),
              (LocalDate) bar.getField(1),
              (Integer) bar.getField(2),
              (Double) bar.getField(3),
              (Double) bar.getField(4),
              (Double) bar.getField(5),
              (Double) bar.getField(6),
              (Double) bar.getField(7),
              millis(bar.getField(8)),
              millis(bar.getField(9)),
              millis(bar.getField(10)),
              bar.getField(11) == null ? Long.MAX_VALUE : millis(bar.getField(11))));
    }
    for (AdjustedBar row : AdjustedBars.compute(lives, FactorSegment.fromRows(factors))) {
      RawBarLife bar = row.bar();
      collect(
          Row.of(
              bar.sessionIndex(),
              bar.sessionDate(),
              Instant.ofEpochMilli(row.availableAt()),
              row.supersededAt() == Long.MAX_VALUE ? null : row.supersededAt(),
              bar.version(),
              bar.open(),
              bar.high(),
              bar.low(),
              bar.close(),
              bar.volume(),
              row.splitFactor(),
              row.totalFactor(),
              row.splitAdjusted(bar.open()),
              row.splitAdjusted(bar.high()),
              row.splitAdjusted(bar.low()),
              row.splitAdjusted(bar.close()),
              row.splitAdjustedVolume(),
              row.totalAdjusted(bar.open()),
              row.totalAdjusted(bar.high()),
              row.totalAdjusted(bar.low()),
              row.totalAdjusted(bar.close()),
              bar.eventTime(),
              row.ingestedAt()));
    }
  }

  private static long millis(@Nullable Object instant) {
    return ((Instant) instant).toEpochMilli();
  }
}
