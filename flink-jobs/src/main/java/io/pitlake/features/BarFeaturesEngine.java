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
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.types.Row;
import org.apache.flink.util.OutputTag;

/**
 * gold.bar_features_daily as an {@link OrderedVersionEngine}: the versions of one symbol's bars
 * applied in availability order to its {@link RecentBars}. A version whose instant is not after the
 * newest instant already published for its symbol cannot be placed without changing rows already
 * written: it is emitted to {@link #REJECTED} with the reason, for a batch rebuild to include; so
 * is one older than the sessions a streaming run keeps.
 */
public final class BarFeaturesEngine extends OrderedVersionEngine<BarVersion, RecentBars> {

  private static final long serialVersionUID = 1L;

  /** Versions this engine cannot place: backdated, or older than the sessions it keeps. */
  public static final OutputTag<Rejected<BarVersion>> REJECTED =
      new OutputTag<>(
          "bar-features-rejected", TypeInformation.of(new TypeHint<Rejected<BarVersion>>() {}));

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
  private final @Nullable SilverBarsHistory history;

  /** Each symbol's state as the committed silver table leaves it, until its first flush here. */
  private transient Map<String, byte[]> seeds;

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
    super(BarVersion.class, "recent-bars", "barFeatures", REJECTED, flushDelayMillis);
    this.retain = retain;
    this.history = history;
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    super.open(openContext);
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
          forEachInstant(versions, (at, known) -> recent.apply(at, known, retain, v -> {}));
          seeded.put(symbol, recent.toBytes());
        });
    return seeded;
  }

  @Override
  protected Comparator<BarVersion> applyOrder() {
    return APPLY_ORDER;
  }

  @Override
  protected long availableAt(BarVersion version) {
    return version.availableAt();
  }

  @Override
  protected RecentBars restore(String symbol, BarVersion first, @Nullable byte[] stored) {
    return RecentBars.fromBytes(stored != null ? stored : seeds.remove(symbol));
  }

  @Override
  protected byte[] store(RecentBars recent) {
    return recent.toBytes();
  }

  @Override
  protected void apply(
      RecentBars recent, String symbol, long at, List<BarVersion> known, Output<BarVersion> out) {
    if (at <= recent.published()) {
      String reason =
          String.format(
              "backdated: available_at %s is not after %s, the newest instant gold already"
                  + " published for %s; rebuild gold with pitlake build --layer gold",
              Instant.ofEpochMilli(at), Instant.ofEpochMilli(recent.published()), symbol);
      known.forEach(v -> out.reject(v, reason));
      return;
    }
    for (DailyFeatures f : recent.apply(at, known, retain, v -> out.reject(v, tooOld(symbol)))) {
      out.emit(row(symbol, f));
    }
  }

  private String tooOld(String symbol) {
    return String.format(
        "older than the %d sessions the streaming engine keeps for %s;"
            + " rebuild gold with pitlake build --layer gold",
        retain, symbol);
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
