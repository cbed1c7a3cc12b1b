package io.pitlake.features.minute;

import io.pitlake.features.QuietFlush;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * {@code gold.bar_features_minute} in-stream: each symbol's (and vendor's) minute bar versions,
 * keyed by {@code symbol|vendor}, applied to its {@link SessionMinutes} in availability order.
 *
 * <p>Order, as {@code BarFeaturesEngine}'s: versions wait in {@code pending} until a timer flushes
 * them sorted by {@code available_at}. A bounded run (batch, or a streaming build) flushes once, at
 * the end of its input; a live run {@code flushDelay} after the symbol went quiet (processing
 * time), so a live row waits at most that delay beyond the bar's arrival. Versions the session
 * refuses go to {@link #REJECTED}. Runs on the task thread only.
 */
public final class MinuteFeaturesEngine extends KeyedProcessFunction<String, MinuteBar, Row> {

  private static final long serialVersionUID = 1L;

  /** Versions the engine cannot place, with the reason. */
  public static final OutputTag<Rejected> REJECTED =
      new OutputTag<>("minute-features-rejected", TypeInformation.of(Rejected.class));

  /** A version the engine refused and why. */
  public record Rejected(MinuteBar version, String reason) {}

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

  private final long flushDelayMillis;

  private transient ValueState<byte[]> minutes;
  private transient ListState<MinuteBar> pending;
  private transient ValueState<Long> lastArrival;
  private transient Counter emitted;
  private transient Counter rejected;

  /**
   * @param flushDelayMillis processing time a live run waits before applying what arrived; 0 to
   *     apply everything at the end of the input
   */
  public MinuteFeaturesEngine(long flushDelayMillis) {
    this.flushDelayMillis = flushDelayMillis;
  }

  @Override
  public void open(OpenContext openContext) {
    minutes =
        getRuntimeContext().getState(new ValueStateDescriptor<>("session-minutes", byte[].class));
    pending =
        getRuntimeContext()
            .getListState(
                new ListStateDescriptor<>("pending", TypeInformation.of(MinuteBar.class)));
    lastArrival =
        getRuntimeContext().getState(new ValueStateDescriptor<>("last-arrival", Long.class));
    var group = getRuntimeContext().getMetricGroup().addGroup("minuteFeatures");
    emitted = group.counter("rowsEmitted");
    rejected = group.counter("versionsRejected");
  }

  @Override
  public void processElement(MinuteBar version, Context ctx, Collector<Row> out) throws Exception {
    pending.add(version);
    QuietFlush.arm(ctx.timerService(), lastArrival, flushDelayMillis);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Row> out) throws Exception {
    if (!QuietFlush.due(ctx.timeDomain(), timestamp, lastArrival, flushDelayMillis)) {
      return;
    }
    List<MinuteBar> arrived = new ArrayList<>();
    pending.get().forEach(arrived::add);
    if (arrived.isEmpty()) {
      return;
    }
    pending.clear();
    arrived.sort(Comparator.comparingLong(MinuteBar::availableAt));
    MinuteBar first = arrived.get(0);
    SessionMinutes session =
        SessionMinutes.fromBytes(first.symbol(), first.vendor(), minutes.value());
    QuietFlush.forEachInstant(
        arrived,
        MinuteBar::availableAt,
        (at, atK) ->
            session.apply(
                at,
                atK,
                f -> {
                  out.collect(row(f));
                  emitted.inc();
                },
                (v, reason) -> {
                  ctx.output(REJECTED, new Rejected(v, reason));
                  rejected.inc();
                }));
    minutes.update(session.toBytes());
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
