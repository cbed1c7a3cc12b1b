package io.pitlake.features;

import static org.apache.flink.util.Preconditions.checkArgument;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.annotation.Nullable;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * A table computed as an ordered, per-key computation with bounded state: the versions of one key's
 * input (a symbol's daily bars, a symbol and vendor's minute bars) applied in availability order to
 * the key's state, each instant emitting exactly the rows that become valid then. Its output is
 * insert-only: a row once emitted is never changed, so the table is written with plain appends in
 * both runtime modes. A subclass says how its state is stored and what one instant does to it.
 *
 * <p>Order. Versions wait in {@code pending} until a flush, which applies them sorted by {@link
 * #applyOrder}, instant by instant, so versions that arrive out of order within a flush (one
 * fetched page, two channels) are applied in the right order and versions of one instant together.
 * A bounded run (batch, or a streaming build) flushes once per key, at the end of its input: its
 * final watermark fires an event-time timer at {@link #END_OF_INPUT} (pitlake's batch runs do not
 * sort keyed inputs, so every key's versions wait until then). A bounded streaming run whose input
 * reaches the engine in each key's availability order, up to a lateness (a backfill's own fetch:
 * {@link #inArrivalOrder}), also flushes every {@link #FLUSH_EVERY} arrivals of a key the versions
 * that are more than the lateness older than the key's newest: no later arrival can precede them,
 * so the result is the end-of-input flush's, and the key's state holds its recent versions, not its
 * history (docs/performance.md, "Bounded state of a streaming run"). A live run flushes once the
 * key has been quiet for {@code flushDelay} (processing time), so the versions of one page or one
 * frame, which arrive together, are never split between two flushes, and a live row waits at most
 * that delay beyond its input's arrival. Versions the state cannot place go to the subclass's side
 * output with the reason, for {@code silver.quarantine} and a batch rebuild.
 *
 * <p>Runs on the task thread only.
 *
 * @param <V> a version of the input
 * @param <S> a key's state between flushes, kept as bytes in Flink's keyed state
 */
public abstract class OrderedVersionEngine<V, S> extends KeyedProcessFunction<String, V, Row> {

  private static final long serialVersionUID = 1L;

  /** The final watermark's time: a timer there fires when a bounded input ends. */
  static final long END_OF_INPUT = Long.MAX_VALUE;

  /**
   * Arrivals of a key between two flushes of a run {@link #inArrivalOrder}: a flush reads and
   * writes the key's whole state (a symbol's recent sessions, ~16 KB), so flushing per arrival
   * would cost that per version; every 64 costs a few hundred bytes per version and keeps at most
   * 64 versions waiting beyond those within the lateness.
   */
  static final int FLUSH_EVERY = 64;

  /** A lateness meaning "flush only at the end of the input or after the flush delay". */
  private static final long NO_LATENESS = -1;

  /** A version the engine refused and why. */
  public record Rejected<V>(V version, String reason) {}

  /** Where one instant's rows and refusals go. */
  protected interface Output<V> {
    void emit(Row row);

    void reject(V version, String reason);
  }

  private final Class<V> versionType;
  private final String stateName;
  private final String metricGroup;
  private final OutputTag<Rejected<V>> rejectedTag;
  private final long flushDelayMillis;
  private long latenessMillis = NO_LATENESS;

  private transient ValueState<byte[]> state;
  private transient ListState<V> pending;
  private transient ValueState<Long> lastArrival;
  private transient ValueState<Long> newest;
  private transient ValueState<Integer> arrivals;
  private transient Counter emitted;
  private transient Counter rejected;

  /**
   * @param versionType the input's class (its versions wait in list state)
   * @param stateName the name of the key's state: a restored job finds it by this name, so it never
   *     changes
   * @param metricGroup the group of the {@code rowsEmitted} and {@code versionsRejected} counters
   * @param rejectedTag the side output of refused versions
   * @param flushDelayMillis processing time a live run waits before applying what arrived; 0 to
   *     apply everything at the end of the input (batch: of each key's input)
   */
  protected OrderedVersionEngine(
      Class<V> versionType,
      String stateName,
      String metricGroup,
      OutputTag<Rejected<V>> rejectedTag,
      long flushDelayMillis) {
    this.versionType = versionType;
    this.stateName = stateName;
    this.metricGroup = metricGroup;
    this.rejectedTag = rejectedTag;
    this.flushDelayMillis = flushDelayMillis;
  }

  /**
   * Declares that a bounded streaming run's input reaches this engine in each key's availability
   * order, but for versions at most {@code lateness} older than one that arrived before them, so it
   * may flush what is older than that before its input ends. A version that breaks the promise is
   * refused as backdated, as in a live run: only a caller that knows its input's order (one fetch
   * per symbol, in time order, through one channel) may say so.
   *
   * @return this engine
   */
  public OrderedVersionEngine<V, S> inArrivalOrder(Duration lateness) {
    checkArgument(
        lateness != null && !lateness.isNegative(),
        "lateness %s must be zero or positive, e.g. PT5M (ingest.watermark.out-of-orderness)",
        lateness);
    checkArgument(
        flushDelayMillis == 0,
        "a live run (flush delay %s ms) flushes by processing time; arrival order is for bounded"
            + " runs",
        flushDelayMillis);
    this.latenessMillis = lateness.toMillis();
    return this;
  }

  /** The order in which one flush applies its versions; the first key is {@link #availableAt}. */
  protected abstract Comparator<V> applyOrder();

  /** The instant {@code version} became known. */
  protected abstract long availableAt(V version);

  /**
   * The key's state, from what the last flush stored, or as the key starts when it stored nothing.
   *
   * @param first the first version of this flush (for a key's fields)
   */
  protected abstract S restore(String key, V first, @Nullable byte[] stored) throws IOException;

  /** The key's state as bytes, to restore at the next flush. */
  protected abstract byte[] store(S keyState);

  /** Applies the versions known at instant {@code at} to the key's state. */
  protected abstract void apply(S keyState, String key, long at, List<V> known, Output<V> out);

  @Override
  public void open(OpenContext openContext) throws Exception {
    state = getRuntimeContext().getState(new ValueStateDescriptor<>(stateName, byte[].class));
    pending =
        getRuntimeContext()
            .getListState(new ListStateDescriptor<>("pending", TypeInformation.of(versionType)));
    lastArrival =
        getRuntimeContext().getState(new ValueStateDescriptor<>("last-arrival", Long.class));
    newest = getRuntimeContext().getState(new ValueStateDescriptor<>("newest-arrival", Long.class));
    arrivals = getRuntimeContext().getState(new ValueStateDescriptor<>("arrivals", Integer.class));
    var group = getRuntimeContext().getMetricGroup().addGroup(metricGroup);
    emitted = group.counter("rowsEmitted");
    rejected = group.counter("versionsRejected");
  }

  @Override
  public void processElement(V version, Context ctx, Collector<Row> out) throws Exception {
    pending.add(version);
    arm(ctx.timerService());
    if (latenessMillis != NO_LATENESS) {
      flushBehind(version, ctx, out);
    }
  }

  /**
   * In a run {@link #inArrivalOrder}: every {@link #FLUSH_EVERY} arrivals of the key, applies the
   * waiting versions more than the lateness older than its newest arrival, and keeps the rest.
   */
  private void flushBehind(V version, Context ctx, Collector<Row> out) throws Exception {
    Long seen = newest.value();
    long newestAt = Math.max(seen == null ? Long.MIN_VALUE : seen, availableAt(version));
    newest.update(newestAt);
    Integer count = arrivals.value();
    int arrived = count == null ? 1 : count + 1;
    if (arrived < FLUSH_EVERY) {
      arrivals.update(arrived);
      return;
    }
    arrivals.clear();
    List<V> due = new ArrayList<>();
    List<V> held = new ArrayList<>();
    for (V waiting : pending.get()) {
      (availableAt(waiting) < newestAt - latenessMillis ? due : held).add(waiting);
    }
    if (!due.isEmpty()) {
      pending.update(held);
      flush(due, ctx, out);
    }
  }

  /**
   * Sets the timers for a version arriving now: one at the end of the input, and with a positive
   * delay one the delay from now, rounded up to 100 ms (at most a few per key and delay).
   */
  private void arm(TimerService timers) throws IOException {
    timers.registerEventTimeTimer(END_OF_INPUT);
    if (flushDelayMillis > 0) {
      long now = timers.currentProcessingTime();
      lastArrival.update(now);
      timers.registerProcessingTimeTimer((now + flushDelayMillis) / 100 * 100 + 100);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Row> out) throws Exception {
    if (!due(ctx.timeDomain(), timestamp)) {
      return;
    }
    List<V> arrived = new ArrayList<>();
    pending.get().forEach(arrived::add);
    if (arrived.isEmpty()) {
      return;
    }
    pending.clear();
    flush(arrived, ctx, out);
  }

  /** Applies {@code arrived} to the key's state in {@link #applyOrder}, instant by instant. */
  private void flush(List<V> arrived, Context ctx, Collector<Row> out) throws IOException {
    arrived.sort(applyOrder());
    String key = ctx.getCurrentKey();
    S keyState = restore(key, arrived.get(0), state.value());
    Output<V> output =
        new Output<>() {
          @Override
          public void emit(Row row) {
            out.collect(row);
            emitted.inc();
          }

          @Override
          public void reject(V version, String reason) {
            ctx.output(rejectedTag, new Rejected<>(version, reason));
            rejected.inc();
          }
        };
    forEachInstant(arrived, (at, known) -> apply(keyState, key, at, known, output));
    state.update(store(keyState));
  }

  /**
   * Whether the timer at {@code timestamp} flushes: not a processing-time one set before a later
   * arrival (a later timer flushes then).
   */
  private boolean due(TimeDomain domain, long timestamp) throws IOException {
    Long last = lastArrival.value();
    return domain != TimeDomain.PROCESSING_TIME
        || last == null
        || timestamp >= last + flushDelayMillis;
  }

  /**
   * Calls {@code action} with each instant of {@code sorted} (sorted by {@link #availableAt}) and
   * its versions, in order.
   */
  protected final void forEachInstant(List<V> sorted, InstantAction<V> action) {
    int i = 0;
    while (i < sorted.size()) {
      long at = availableAt(sorted.get(i));
      int end = i;
      while (end < sorted.size() && availableAt(sorted.get(end)) == at) {
        end++;
      }
      action.accept(at, sorted.subList(i, end));
      i = end;
    }
  }

  /** What {@link #forEachInstant} does with one instant's versions. */
  @FunctionalInterface
  protected interface InstantAction<V> {
    void accept(long at, List<V> known);
  }
}
