package io.pitlake.features;

import io.pitlake.time.NyseCalendar;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * gold.bar_features_daily as an ordered, per-symbol computation with bounded state: the versions of
 * one symbol's bars, applied in availability order ({@link RecentBars}), each instant emitting
 * exactly the feature rows that become valid then. Its output is insert-only: a row once emitted is
 * never changed, so the table is written with plain appends in both runtime modes.
 *
 * <p>Order. Versions wait in {@code pending} until a timer flushes them sorted by {@code
 * available_at}, so versions that arrive out of order within a flush (one fetched page, two
 * channels) are applied in the right order, and versions of one instant are applied together. In
 * batch every timer fires at the end of the input: one flush per symbol, over its whole history
 * (pitlake's batch runs do not sort keyed inputs, so every symbol's versions wait until then). In a
 * streaming run the flush comes {@code flushDelay} after a version arrives (processing time), and
 * at the end of a bounded input (its final watermark fires the event-time timers). A version whose
 * instant is not after the newest instant already published for its symbol cannot be placed without
 * changing rows already written: it is emitted to {@link #REJECTED} with the reason, for a batch
 * rebuild to include.
 *
 * <p>Runs on the task thread only.
 */
public final class BarFeaturesEngine extends KeyedProcessFunction<String, BarVersion, Row> {

  private static final long serialVersionUID = 1L;

  /** Versions this engine cannot place: backdated, or older than the sessions it keeps. */
  public static final OutputTag<Rejected> REJECTED =
      new OutputTag<>("bar-features-rejected", TypeInformation.of(Rejected.class));

  /** A version the engine refused and why. */
  public record Rejected(BarVersion version, String reason) {}

  /** The gold row type, in {@code gold.bar_features_daily}'s column order. */
  public static final TypeInformation<Row> ROW_TYPE =
      Types.ROW_NAMED(
          new String[] {
            "symbol",
            "session_date",
            "available_at",
            "session_index",
            "event_time",
            "ingested_at",
            "bar_version",
            "close",
            "volume",
            "dollar_volume",
            "ret_1d",
            "ret_5d",
            "ret_21d",
            "vol_21d",
            "returns_in_window"
          },
          Types.STRING,
          Types.LOCAL_DATE,
          Types.INSTANT,
          Types.INT,
          Types.INSTANT,
          Types.INSTANT,
          Types.INT,
          Types.DOUBLE,
          Types.DOUBLE,
          Types.DOUBLE,
          Types.DOUBLE,
          Types.DOUBLE,
          Types.DOUBLE,
          Types.DOUBLE,
          Types.INT);

  private static final Comparator<BarVersion> APPLY_ORDER =
      Comparator.comparingLong(BarVersion::availableAt)
          .thenComparingInt(BarVersion::session)
          .thenComparingInt(BarVersion::version);

  private final int retain;
  private final long flushDelayMillis;
  private final @Nullable SilverBarsHistory history;

  /** Each symbol's state as the committed silver table leaves it, until its first flush here. */
  private transient Map<String, byte[]> seeds;

  private transient ValueState<byte[]> bars;
  private transient ListState<BarVersion> pending;
  private transient ValueState<Long> lastArrival;
  private transient Counter emitted;
  private transient Counter rejected;

  /**
   * @param retain sessions kept before each symbol's newest ({@link Integer#MAX_VALUE}: all, as a
   *     batch rebuild does)
   * @param flushDelayMillis processing time a live run waits before applying what arrived; 0 to
   *     apply everything at the end of the input (batch: of each key's input)
   * @param history where a streaming run that adds to a lake starts from (read when the operator
   *     opens, like the versioner's memory; a restored job uses its checkpointed state instead);
   *     null when the run builds the table from nothing
   */
  public BarFeaturesEngine(int retain, long flushDelayMillis, @Nullable SilverBarsHistory history) {
    this.retain = retain;
    this.flushDelayMillis = flushDelayMillis;
    this.history = history;
  }

  @Override
  public void open(OpenContext openContext) throws IOException {
    bars = getRuntimeContext().getState(new ValueStateDescriptor<>("recent-bars", byte[].class));
    pending =
        getRuntimeContext()
            .getListState(
                new ListStateDescriptor<>("pending", TypeInformation.of(BarVersion.class)));
    lastArrival =
        getRuntimeContext().getState(new ValueStateDescriptor<>("last-arrival", Long.class));
    var group = getRuntimeContext().getMetricGroup().addGroup("barFeatures");
    emitted = group.counter("rowsEmitted");
    rejected = group.counter("versionsRejected");
    seeds = history == null ? new HashMap<>() : seeds(history);
  }

  /** The committed versions of this subtask's symbols, applied in order; their rows exist. */
  private Map<String, byte[]> seeds(SilverBarsHistory committed) throws IOException {
    var task = getRuntimeContext().getTaskInfo();
    Map<String, List<BarVersion>> bySymbol = new HashMap<>();
    committed.forEach(
        v -> {
          if (KeyGroupRangeAssignment.assignKeyToParallelOperator(
                  v.symbol(),
                  task.getMaxNumberOfParallelSubtasks(),
                  task.getNumberOfParallelSubtasks())
              == task.getIndexOfThisSubtask()) {
            bySymbol.computeIfAbsent(v.symbol(), s -> new ArrayList<>()).add(v);
          }
        });
    Map<String, byte[]> seeded = new HashMap<>();
    bySymbol.forEach(
        (symbol, versions) -> {
          versions.sort(APPLY_ORDER);
          RecentBars recent = RecentBars.empty();
          QuietFlush.forEachInstant(
              versions, BarVersion::availableAt, (k, atK) -> recent.apply(k, atK, retain, v -> {}));
          seeded.put(symbol, recent.toBytes());
        });
    return seeded;
  }

  @Override
  public void processElement(BarVersion version, Context ctx, Collector<Row> out) throws Exception {
    pending.add(version);
    QuietFlush.arm(ctx.timerService(), lastArrival, flushDelayMillis);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Row> out) throws Exception {
    if (!QuietFlush.due(ctx.timeDomain(), timestamp, lastArrival, flushDelayMillis)) {
      return;
    }
    List<BarVersion> arrived = new ArrayList<>();
    pending.get().forEach(arrived::add);
    if (arrived.isEmpty()) {
      return;
    }
    pending.clear();
    arrived.sort(APPLY_ORDER);
    String symbol = ctx.getCurrentKey();
    byte[] stored = bars.value();
    RecentBars recent = RecentBars.fromBytes(stored != null ? stored : seeds.remove(symbol));
    QuietFlush.forEachInstant(
        arrived,
        BarVersion::availableAt,
        (k, atK) -> {
          if (k <= recent.published()) {
            String reason =
                String.format(
                    "backdated: available_at %s is not after %s, the newest instant gold already"
                        + " published for %s; rebuild gold with pitlake build --layer gold",
                    Instant.ofEpochMilli(k), Instant.ofEpochMilli(recent.published()), symbol);
            atK.forEach(v -> reject(ctx, v, reason));
            return;
          }
          for (DailyFeatures f :
              recent.apply(
                  k,
                  atK,
                  retain,
                  v ->
                      reject(
                          ctx,
                          v,
                          String.format(
                              "older than the %d sessions the streaming engine keeps for %s;"
                                  + " rebuild gold with pitlake build --layer gold",
                              retain, symbol)))) {
            out.collect(row(symbol, f));
            emitted.inc();
          }
        });
    bars.update(recent.toBytes());
  }

  private void reject(OnTimerContext ctx, BarVersion version, String reason) {
    ctx.output(REJECTED, new Rejected(version, reason));
    rejected.inc();
  }

  private static Row row(String symbol, DailyFeatures f) {
    return Row.of(
        symbol,
        NyseCalendar.instance().sessionAt(f.session()),
        Instant.ofEpochMilli(f.availableAt()),
        f.session(),
        Instant.ofEpochMilli(f.eventTime()),
        Instant.ofEpochMilli(f.ingestedAt()),
        f.barVersion(),
        f.close(),
        f.volume(),
        f.dollarVolume(),
        f.ret1d(),
        f.ret5d(),
        f.ret21d(),
        f.vol21d(),
        f.returnsInWindow());
  }
}
