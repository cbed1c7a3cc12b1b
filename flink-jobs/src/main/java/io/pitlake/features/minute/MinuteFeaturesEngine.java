package io.pitlake.features.minute;

import io.pitlake.features.OrderedVersionEngine;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import javax.annotation.Nullable;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.types.Row;
import org.apache.flink.util.OutputTag;

/**
 * {@code gold.bar_features_minute} in-stream, as an {@link OrderedVersionEngine}: each symbol's
 * (and vendor's) minute bar versions, keyed by {@code symbol|vendor}, applied to its {@link
 * SessionMinutes} in availability order. Versions the session refuses go to {@link #REJECTED}.
 */
public final class MinuteFeaturesEngine extends OrderedVersionEngine<MinuteBar, SessionMinutes> {

  private static final long serialVersionUID = 1L;

  /** Versions the engine cannot place, with the reason. */
  public static final OutputTag<Rejected<MinuteBar>> REJECTED =
      new OutputTag<>(
          "minute-features-rejected", TypeInformation.of(new TypeHint<Rejected<MinuteBar>>() {}));

  /** The gold row type, in {@code gold.bar_features_minute}'s column order. */
  public static final TypeInformation<Row> ROW_TYPE =
      Types.ROW_NAMED(
          new String[] {
            "symbol",
            "vendor",
            "event_time",
            "available_at",
            "ingested_at",
            "path",
            "bar_version",
            "regular_session",
            "close",
            "volume",
            "ret_1m",
            "ret_5m",
            "ret_15m",
            "ret_60m",
            "vol_30m",
            "vwap_dev",
            "volume_share",
            "session_open",
            "session_high",
            "session_low",
            "session_close",
            "session_volume",
            "session_vwap"
          },
          Types.STRING,
          Types.STRING,
          Types.INSTANT,
          Types.INSTANT,
          Types.INSTANT,
          Types.STRING,
          Types.INT,
          Types.BOOLEAN,
          Types.DOUBLE,
          Types.DOUBLE,
          Types.DOUBLE,
          Types.DOUBLE,
          Types.DOUBLE,
          Types.DOUBLE,
          Types.DOUBLE,
          Types.DOUBLE,
          Types.DOUBLE,
          Types.DOUBLE,
          Types.DOUBLE,
          Types.DOUBLE,
          Types.DOUBLE,
          Types.DOUBLE,
          Types.DOUBLE);

  /**
   * @param flushDelayMillis processing time a live run waits before applying what arrived; 0 to
   *     apply everything at the end of the input
   */
  public MinuteFeaturesEngine(long flushDelayMillis) {
    super(MinuteBar.class, "session-minutes", "minuteFeatures", REJECTED, flushDelayMillis);
  }

  @Override
  protected Comparator<MinuteBar> applyOrder() {
    return Comparator.comparingLong(MinuteBar::availableAt);
  }

  @Override
  protected long availableAt(MinuteBar version) {
    return version.availableAt();
  }

  @Override
  protected SessionMinutes restore(String key, MinuteBar first, @Nullable byte[] stored) {
    return SessionMinutes.fromBytes(first.symbol(), first.vendor(), stored);
  }

  @Override
  protected byte[] store(SessionMinutes session) {
    return session.toBytes();
  }

  @Override
  protected void apply(
      SessionMinutes session, String key, long at, List<MinuteBar> known, Output<MinuteBar> out) {
    session.apply(at, known, f -> out.emit(row(f)), out::reject);
  }

  private static Row row(MinuteFeatures f) {
    return Row.of(
        f.symbol(),
        f.vendor(),
        Instant.ofEpochMilli(f.eventTime()),
        Instant.ofEpochMilli(f.availableAt()),
        Instant.ofEpochMilli(f.ingestedAt()),
        f.path(),
        f.barVersion(),
        f.regularSession(),
        f.close(),
        f.volume(),
        f.ret1m(),
        f.ret5m(),
        f.ret15m(),
        f.ret60m(),
        f.vol30m(),
        f.vwapDev(),
        f.volumeShare(),
        f.sessionOpen(),
        f.sessionHigh(),
        f.sessionLow(),
        f.sessionClose(),
        f.sessionVolume(),
        f.sessionVwap());
  }
}
