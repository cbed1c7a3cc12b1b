package io.pitlake.job.ingest;

import io.pitlake.time.NyseCalendar;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keeps each trade, correction and cancel of a symbol once, by its identity ({@link
 * WsTrade#identity}, whose SHA-256 is the element's {@code payload_hash}), whichever path brought
 * it first: the websocket, or a REST gap fill that fetched it again. Trades are immutable events
 * with ids, so they are not versioned by content: every row is version 1, available when it was
 * received.
 *
 * <p>Why keyed state and not the versioner's table-seeded memory: the state is checkpointed with
 * the sink's files, so after a restore it holds exactly what the committed table holds of this run,
 * whether or not Iceberg's committer has re-committed the last checkpoint yet. Earlier runs' trades
 * are read from the table when the task opens ({@link TradeHistory}).
 *
 * <p>Why a copy on the heap as well: the state backend (RocksDB) costs a native call and a
 * serialization per access, and two reads and a write per trade made this the costliest step of the
 * live trades path (bench/README.md, "trades.sh"). So each symbol's identities are read from the
 * keyed state once, when the task first sees the symbol, and kept on the heap by day; a trade is
 * then checked on the heap and only a new one is written to the keyed state, which stays the
 * checkpointed record. The heap holds what the state holds, about 60 bytes a trade.
 *
 * <p>Bounded: ids are unique per symbol and day, and a gap fill reaches back minutes, not days, so
 * when a symbol's first trade of a newer day arrives the identities older than {@value
 * #RETAINED_DAYS} days before it are dropped (four days cover a weekend and a holiday), and the
 * table is read from as far back. Runs on the task thread.
 */
public final class TradeDeduplicator
    extends KeyedProcessFunction<String, WsObservation, WsObservation> {

  private static final long serialVersionUID = 1L;

  /** Days before a symbol's newest trade whose identities are still kept. */
  static final int RETAINED_DAYS = 4;

  private final TradeHistory history;
  private final Clock clock;

  /** Identity prefixes the table held for this subtask's symbols when it opened. */
  private transient Set<Long> committed;

  /** Per symbol, identity prefix to the New York day of the trade: the checkpointed record. */
  private transient MapState<Long, Long> seen;

  /**
   * Per symbol seen since the task opened, {@link #seen} on the heap: identity prefixes by New York
   * day (epoch day), the newest day last.
   */
  private transient Map<String, NavigableMap<Long, Set<Long>>> remembered;

  private transient Counter stored;
  private transient Counter duplicates;

  /**
   * @param clock where "recent" starts when the table is read: the plan's clock
   */
  public TradeDeduplicator(TradeHistory history, Clock clock) {
    this.history = history;
    this.clock = clock;
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    Predicate<String> mine = SubtaskKeys.of(getRuntimeContext());
    committed = new HashSet<>();
    LocalDate since =
        LocalDate.ofInstant(clock.instant(), NyseCalendar.ZONE).minusDays(RETAINED_DAYS);
    history.forEach(
        since,
        (symbol, hash) -> {
          if (mine.test(symbol)) {
            committed.add(prefix(hash));
          }
        });
    seen =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("trades-seen", Types.LONG, Types.LONG));
    remembered = new HashMap<>();
    var group = getRuntimeContext().getMetricGroup().addGroup("trades");
    stored = group.counter("newTrades");
    duplicates = group.counter("duplicateTrades");
  }

  @Override
  public void processElement(WsObservation trade, Context ctx, Collector<WsObservation> out)
      throws Exception {
    NavigableMap<Long, Set<Long>> days = remembered.get(ctx.getCurrentKey());
    if (days == null) {
      days = fromState();
      remembered.put(ctx.getCurrentKey(), days);
    }
    long identity = prefix(trade.payloadHash());
    long day = trade.sessionDate().toEpochDay();
    if (committed.contains(identity) || days.getOrDefault(day, Set.of()).contains(identity)) {
      duplicates.inc();
      return;
    }
    if (days.isEmpty() || day > days.lastKey()) {
      forgetBefore(days, day - RETAINED_DAYS);
    }
    days.computeIfAbsent(day, d -> new HashSet<>()).add(identity);
    seen.put(identity, day);
    stored.inc();
    out.collect(trade.withVersion(1, trade.receivedAt()));
  }

  /** The current symbol's identities in the keyed state (restored, or none), by day. */
  private NavigableMap<Long, Set<Long>> fromState() throws Exception {
    NavigableMap<Long, Set<Long>> days = new TreeMap<>();
    for (Map.Entry<Long, Long> entry : seen.entries()) {
      days.computeIfAbsent(entry.getValue(), d -> new HashSet<>()).add(entry.getKey());
    }
    return days;
  }

  private void forgetBefore(NavigableMap<Long, Set<Long>> days, long day) throws Exception {
    Map<Long, Set<Long>> older = days.headMap(day, false);
    for (Set<Long> identities : older.values()) {
      for (Long identity : identities) {
        seen.remove(identity);
      }
    }
    older.clear();
  }

  /** The first 64 bits of a SHA-256 in hex: collisions among a few days' trades are negligible. */
  private static long prefix(String hexHash) {
    return HexFormat.fromHexDigitsToLong(hexHash, 0, 16);
  }
}
