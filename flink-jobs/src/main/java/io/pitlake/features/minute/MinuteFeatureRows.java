package io.pitlake.features.minute;

import io.pitlake.features.FeatureOptions;
import io.pitlake.features.OrderedVersionEngine;
import java.time.Instant;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;

/**
 * Puts {@link MinuteFeaturesEngine} between {@code sql/gold/bar_features_minute.sql}'s input view
 * ({@link #INPUT}, {@code silver.minute_bars}' columns in {@link MinuteBar#SILVER_COLUMNS}) and its
 * inserts: the versions keyed by symbol and vendor, through the engine, back as the views {@link
 * #ROWS} (the table's rows) and {@link #REJECTS} (versions refused, for {@code silver.quarantine}).
 * In a live job the input view reads silver's in-stream query, so the rows are computed in-stream.
 */
public final class MinuteFeatureRows {

  /** The view of the gold rows. */
  public static final String ROWS = "minute_feature_rows";

  /** The view of the refused versions. */
  public static final String REJECTS = "minute_feature_rejects";

  /** The view the SQL file defines over silver.minute_bars. */
  public static final String INPUT = "minute_feature_inputs";

  private MinuteFeatureRows() {}

  /**
   * Registers both views in {@code tableEnv}.
   *
   * @param unbounded a live run, which applies what arrived every flush delay; a bounded run
   *     applies everything at the end of its input
   */
  public static void register(
      StreamTableEnvironment tableEnv, boolean unbounded, Configuration options) {
    Table input =
        tableEnv.sqlQuery(
            String.format(
                "SELECT `%s` FROM %s", String.join("`, `", MinuteBar.SILVER_COLUMNS), INPUT));
    DataStream<MinuteBar> versions =
        tableEnv
            .toDataStream(input)
            .map(row -> MinuteBar.fromSilver(row::getField, t -> ((Instant) t).toEpochMilli()))
            .returns(MinuteBar.class)
            .name("silver-minute-versions")
            .assignTimestampsAndWatermarks(
                // No watermarks: the engine orders each key's versions itself; a bounded run's
                // final watermark fires its flush.
                WatermarkStrategy.<MinuteBar>noWatermarks()
                    .withTimestampAssigner((v, previous) -> v.availableAt()))
            .name("minute-versions-by-available-at");
    SingleOutputStreamOperator<Row> rows =
        versions
            .keyBy(v -> v.symbol() + "|" + v.vendor())
            .process(
                new MinuteFeaturesEngine(
                    unbounded ? options.get(FeatureOptions.STREAMING_FLUSH_DELAY).toMillis() : 0))
            .returns(MinuteFeaturesEngine.ROW_TYPE)
            .name("minute-features")
            .uid("minute-features");
    tableEnv.createTemporaryView(ROWS, tableEnv.fromDataStream(rows));
    DataStream<Row> rejects =
        rows.getSideOutput(MinuteFeaturesEngine.REJECTED)
            .map(MinuteFeatureRows::reject)
            .returns(
                Types.ROW_NAMED(
                    new String[] {
                      "symbol",
                      "vendor",
                      "path",
                      "version",
                      "event_time",
                      "available_at",
                      "ingested_at",
                      "reason"
                    },
                    Types.STRING,
                    Types.STRING,
                    Types.STRING,
                    Types.INT,
                    Types.INSTANT,
                    Types.INSTANT,
                    Types.INSTANT,
                    Types.STRING))
            .name("minute-features-rejects");
    tableEnv.createTemporaryView(REJECTS, tableEnv.fromDataStream(rejects));
  }

  private static Row reject(OrderedVersionEngine.Rejected<MinuteBar> rejected) {
    MinuteBar v = rejected.version();
    return Row.of(
        v.symbol(),
        v.vendor(),
        v.path(),
        v.version(),
        Instant.ofEpochMilli(v.start()),
        Instant.ofEpochMilli(v.availableAt()),
        Instant.ofEpochMilli(v.ingestedAt()),
        rejected.reason());
  }
}
