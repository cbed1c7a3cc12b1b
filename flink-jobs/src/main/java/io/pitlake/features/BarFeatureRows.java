package io.pitlake.features;

import io.pitlake.time.NyseCalendar;
import java.time.Duration;
import java.time.Instant;
import javax.annotation.Nullable;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;

/**
 * Puts {@link BarFeaturesEngine} between {@code silver.bars_daily} and the SQL that writes {@code
 * gold.bar_features_daily}: the table's versions, keyed by symbol and stamped with their {@code
 * available_at}, through the engine, back as two views the SQL file reads: {@code bar_feature_rows}
 * (the table's rows) and {@code bar_feature_rejects} (versions the engine refused, for {@code
 * silver.quarantine}).
 */
public final class BarFeatureRows {

  /** The view of the gold rows. */
  public static final String ROWS = "bar_feature_rows";

  /** The view of the refused versions, in the columns quarantine needs. */
  public static final String REJECTS = "bar_feature_rejects";

  /** The one table both views read. */
  public static final String INPUT = "silver.bars_daily";

  private BarFeatureRows() {}

  /**
   * Registers both views in {@code tableEnv}, reading {@code silver.bars_daily} as the environment
   * resolves it now (the job's own silver rows where a view shadows the table).
   *
   * @param batch a batch run: one flush per symbol over its whole history, every session kept
   * @param unbounded a live run, which applies what arrived every flush delay; a bounded streaming
   *     run applies everything at the end of its input, whatever order it arrived in
   * @param history committed silver a streaming run adds to; null when the run builds from nothing
   * @param arrivalLateness for a bounded streaming run whose silver versions arrive in each
   *     symbol's availability order up to this lateness (a backfill's own fetch), so the engine may
   *     apply them before its input ends ({@link OrderedVersionEngine#inArrivalOrder}); null when
   *     their order is unknown (a build reading silver's files)
   */
  public static void register(
      StreamTableEnvironment tableEnv,
      boolean batch,
      boolean unbounded,
      Configuration options,
      @Nullable SilverBarsHistory history,
      @Nullable Duration arrivalLateness) {
    Table silver =
        tableEnv.sqlQuery(
            String.format(
                "SELECT `%s` FROM %s", String.join("`, `", BarVersion.SILVER_COLUMNS), INPUT));
    DataStream<BarVersion> versions =
        tableEnv
            .toDataStream(silver)
            .map(row -> BarVersion.fromSilver(row::getField, t -> ((Instant) t).toEpochMilli()))
            .returns(BarVersion.class)
            .name("silver-bar-versions")
            .assignTimestampsAndWatermarks(
                // No watermarks: a bounded run's final one fires the engine's event-time timers;
                // the ordering is the engine's own (per symbol), never a global clock.
                WatermarkStrategy.<BarVersion>noWatermarks()
                    .withTimestampAssigner((v, previous) -> v.availableAt()))
            .name("bar-versions-by-available-at");
    BarFeaturesEngine engine =
        new BarFeaturesEngine(
            batch ? Integer.MAX_VALUE : options.get(FeatureOptions.STREAMING_RETAIN_SESSIONS),
            unbounded ? options.get(FeatureOptions.STREAMING_FLUSH_DELAY).toMillis() : 0,
            history);
    if (arrivalLateness != null && !batch && !unbounded) {
      engine.inArrivalOrder(arrivalLateness);
    }
    SingleOutputStreamOperator<Row> rows =
        versions
            .keyBy(BarVersion::symbol)
            .process(engine)
            .returns(BarFeaturesEngine.ROW_TYPE)
            .name("bar-features")
            .uid("bar-features");
    tableEnv.createTemporaryView(ROWS, tableEnv.fromDataStream(rows));
    DataStream<Row> rejects =
        rows.getSideOutput(BarFeaturesEngine.REJECTED)
            .map(BarFeatureRows::reject)
            .returns(
                Types.ROW_NAMED(
                    new String[] {
                      "symbol",
                      "session_date",
                      "version",
                      "event_time",
                      "available_at",
                      "ingested_at",
                      "reason"
                    },
                    Types.STRING,
                    Types.LOCAL_DATE,
                    Types.INT,
                    Types.INSTANT,
                    Types.INSTANT,
                    Types.INSTANT,
                    Types.STRING))
            .name("bar-features-rejects");
    tableEnv.createTemporaryView(REJECTS, tableEnv.fromDataStream(rejects));
  }

  private static Row reject(OrderedVersionEngine.Rejected<BarVersion> rejected) {
    BarVersion v = rejected.version();
    return Row.of(
        v.symbol(),
        NyseCalendar.instance().sessionAt(v.session()),
        v.version(),
        Instant.ofEpochMilli(v.eventTime()),
        Instant.ofEpochMilli(v.availableAt()),
        Instant.ofEpochMilli(v.ingestedAt()),
        rejected.reason());
  }
}
