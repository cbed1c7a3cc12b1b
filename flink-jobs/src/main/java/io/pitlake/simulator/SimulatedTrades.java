package io.pitlake.simulator;

import static org.apache.flink.util.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The trades of a symbol's session, derived from its minute bars so that a trade's price lies in
 * its minute's range, and drawn from a seed of the symbol and the minute so that the websocket and
 * the REST endpoint of a simulator, asked at any time, agree trade for trade.
 *
 * <p>Each minute has {@code perMinute} trades at distinct SIP milliseconds, ids counting up from 1
 * in SIP order. A fraction {@code correctionRate} is corrected 5 to 60 s (session time) later, with
 * a new id (after the day's last original), the original's SIP time and another price and size; a
 * fraction {@code cancelRate} is cancelled as late. The websocket sends each trade 5 to 50 ms after
 * its SIP time, and each correction and cancel at its own time; REST serves the settled tape
 * ({@link Day#tape()}): cancelled trades left out, corrected ones replaced by their correction.
 *
 * @param perMinute trades per symbol and minute, 0 (none) to 6,000
 * @param correctionRate fraction of trades corrected later, 0 to 1
 * @param cancelRate fraction of trades cancelled later, 0 to 1
 */
public record SimulatedTrades(int perMinute, double correctionRate, double cancelRate) {

  /** No trades. */
  public static final SimulatedTrades NONE = new SimulatedTrades(0, 0, 0);

  public SimulatedTrades {
    checkArgument(perMinute >= 0 && perMinute <= 6_000, "perMinute %s: use 0 to 6000", perMinute);
    checkArgument(
        correctionRate >= 0 && cancelRate >= 0 && correctionRate + cancelRate <= 1,
        "correctionRate %s and cancelRate %s must be fractions that add up to at most 1",
        correctionRate,
        cancelRate);
  }

  /**
   * A session's trades of one symbol: what the websocket sends, in send order, and the settled
   * tape, in SIP order.
   */
  public record Day(List<TradeEvent> events, List<SimulatedTrade> tape) {

    public static final Day EMPTY = new Day(List.of(), List.of());
  }

  /** The trades of {@code symbol} in the session whose minute bars are {@code minuteBars}. */
  public Day of(String symbol, List<SimulatedBar> minuteBars) {
    if (perMinute == 0 || minuteBars.isEmpty()) {
      return Day.EMPTY;
    }
    List<SimulatedTrade> originals = new ArrayList<>(minuteBars.size() * perMinute);
    long id = 0;
    for (SimulatedBar bar : minuteBars) {
      SplittableRandom random = new SplittableRandom(bar.t() * 31 + symbol.hashCode());
      // Distinct milliseconds of the minute, in order: a stride with a random phase.
      int stride = 60_000 / perMinute;
      for (int k = 0; k < perMinute; k++) {
        long sip = bar.t() + (long) k * stride + random.nextInt(Math.max(1, stride));
        double price = SimulatedMarket.round4(bar.l() + (bar.h() - bar.l()) * random.nextDouble());
        id++;
        originals.add(
            new SimulatedTrade(
                symbol,
                id,
                sip,
                random.nextInt(TradeVenue.EXCHANGES.size()),
                price,
                1 + random.nextInt(50) * (random.nextBoolean() ? 100 : 1),
                random.nextInt(TradeVenue.CONDITIONS.size()),
                1_000_000L + id * 7));
      }
    }
    List<TradeEvent> events = new ArrayList<>(originals.size() + originals.size() / 10);
    Map<Long, SimulatedTrade> corrections = new HashMap<>();
    Map<Long, Boolean> cancelled = new HashMap<>();
    long nextId = id;
    for (SimulatedTrade trade : originals) {
      SplittableRandom random = new SplittableRandom(trade.sipMillis() * 17 + trade.id());
      events.add(
          new TradeEvent(
              TradeEvent.Kind.TRADE, trade, null, trade.sipMillis() + 5 + random.nextInt(46)));
      double draw = random.nextDouble();
      long later = trade.sipMillis() + 5_000 + random.nextInt(55_000);
      if (draw < correctionRate) {
        nextId++;
        SimulatedTrade corrected =
            new SimulatedTrade(
                symbol,
                nextId,
                trade.sipMillis(),
                trade.venue(),
                SimulatedMarket.round4(trade.price() * (random.nextBoolean() ? 1.001 : 0.999)),
                Math.max(1, trade.size() / 2),
                trade.conditions(),
                trade.sequence());
        corrections.put(trade.id(), corrected);
        events.add(new TradeEvent(TradeEvent.Kind.CORRECTION, corrected, trade, later));
      } else if (draw < correctionRate + cancelRate) {
        cancelled.put(trade.id(), true);
        events.add(new TradeEvent(TradeEvent.Kind.CANCEL, trade, null, later));
      }
    }
    events.sort(
        Comparator.comparingLong(TradeEvent::sendMillis)
            .thenComparingLong(event -> event.trade().id()));
    Map<Long, SimulatedTrade> tape = new LinkedHashMap<>();
    for (SimulatedTrade trade : originals) {
      if (!cancelled.containsKey(trade.id())) {
        SimulatedTrade settled = corrections.getOrDefault(trade.id(), trade);
        tape.put(settled.id(), settled);
      }
    }
    return new Day(List.copyOf(events), List.copyOf(tape.values()));
  }
}
