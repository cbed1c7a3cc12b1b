package io.pitlake.features;

import io.pitlake.adjustment.FactorSegment;
import io.pitlake.adjustment.ReturnSteps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.Nullable;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.FunctionHint;
import org.apache.flink.table.functions.TableFunction;
import org.apache.flink.types.Row;

/**
 * SQL {@code bar_features(first INT, last INT, lives ARRAY<ROW<...>>)}: the rows of {@link
 * BarFeatures} for target sessions {@code first..last} of one symbol, from an {@code ARRAY_AGG} of
 * its bar lives.
 *
 * <p>Why a function and not joins: rolling windows written as regular joins copy every bar into
 * each of the 21 windows that contain it, and that fan-out was most of a backfill's time. Grouping
 * a symbol's bars into blocks of sessions (each with the {@link BarFeatures#HISTORY} sessions
 * before it) and computing a block in one call reads each bar about 1.3 times. It is still a
 * regular aggregation followed by a pure function, so it gives the same rows in batch and
 * streaming.
 *
 * <p>SQL calls it bar_features ({@code SqlFunctions} registers it). Lives are {@code
 * (session_index, version, close, volume, vwap, event_time, ingested_at, valid_from, valid_to)},
 * {@code valid_to} NULL while a version is the newest. Instants other than {@code available_at}
 * come back as epoch milliseconds.
 *
 * <p>{@code bar_features(first, last, lives, factors)} gives total returns instead ({@link
 * ReturnSteps}): {@code factors} is an {@code ARRAY_AGG} of the symbol's {@code
 * gold.adjustment_factors} rows as {@link FactorSegment#fromRows} reads them, NULL for none.
 */
@FunctionHint(
    output =
        @DataTypeHint(
            "ROW<session_index INT, available_at TIMESTAMP_LTZ(3), event_time_ms BIGINT,"
                + " ingested_at_ms BIGINT, bar_version INT, `close` DOUBLE, volume DOUBLE,"
                + " dollar_volume DOUBLE, ret_1d DOUBLE, ret_5d DOUBLE, ret_21d DOUBLE,"
                + " vol_21d DOUBLE, returns_in_window INT>"))
public class BarFeaturesFunction extends TableFunction<Row> {

  private static final long serialVersionUID = 1L;

  private static final String LIVES =
      "ARRAY<ROW<session_index INT, version INT, `close` DOUBLE, volume DOUBLE, vwap DOUBLE,"
          + " event_time TIMESTAMP_LTZ(3), ingested_at TIMESTAMP_LTZ(3),"
          + " valid_from TIMESTAMP_LTZ(3), valid_to TIMESTAMP_LTZ(3)>>";

  private static final String FACTORS =
      "ARRAY<ROW<ex_date DATE, session_from DATE, available_at TIMESTAMP_LTZ(3),"
          + " split_factor DOUBLE, total_factor DOUBLE, ingested_at TIMESTAMP_LTZ(3)>>";

  public void eval(Integer first, Integer last, @DataTypeHint(LIVES) Row[] lives) {
    emit(first, last, lives, ReturnSteps.NONE);
  }

  public void eval(
      Integer first,
      Integer last,
      @DataTypeHint(LIVES) Row[] lives,
      @Nullable @DataTypeHint(FACTORS) Row[] factors) {
    emit(first, last, lives, ReturnSteps.of(FactorSegment.fromRows(factors)));
  }

  private void emit(Integer first, Integer last, Row[] lives, ReturnSteps steps) {
    List<BarLife> bars = new ArrayList<>(lives.length);
    for (Row life : lives) {
      bars.add(
          new BarLife(
              (Integer) life.getField(0),
              (Integer) life.getField(1),
              (Double) life.getField(2),
              (Double) life.getField(3),
              (Double) life.getField(4),
              millis(life.getField(5)),
              millis(life.getField(6)),
              millis(life.getField(7)),
              life.getField(8) == null ? Long.MAX_VALUE : millis(life.getField(8))));
    }
    for (DailyFeatures f : BarFeatures.compute(bars, first, last, steps)) {
      collect(
          Row.of(
              f.session(),
              Instant.ofEpochMilli(f.availableAt()),
              f.eventTime(),
              f.ingestedAt(),
              f.barVersion(),
              f.close(),
              f.volume(),
              f.dollarVolume(),
              f.ret1d(),
              f.ret5d(),
              f.ret21d(),
              f.vol21d(),
              f.returnsInWindow()));
    }
  }

  private static long millis(@Nullable Object instant) {
    return ((Instant) instant).toEpochMilli();
  }
}
