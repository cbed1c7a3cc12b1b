package io.pitlake.simulator;

import static org.apache.flink.util.Preconditions.checkArgument;

import io.pitlake.time.NyseCalendar;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import javax.annotation.Nullable;

/**
 * Deterministic daily bars for any symbol: a function of (seed, symbol, session) only, whatever
 * range a client asks for, so that two simulators with the same seed, or two overlapping requests,
 * always agree.
 *
 * <p>Each symbol's close follows a geometric random walk from 2000-01-03 with daily log-returns
 * drawn from N(0.0003, 0.02). Every draw comes from a counter-based generator keyed by (seed,
 * symbol, session index, stream), so a bar never depends on the order of requests. The walk itself
 * is sequential, so each symbol's closes are computed once and cached; the cache grows only as far
 * as the latest session requested.
 *
 * <p>Thread-safe: the HTTP server's worker threads share one instance.
 */
final class SimulatedMarket {

  private static final double DRIFT = 0.0003;
  private static final double VOLATILITY = 0.02;

  /**
   * Bounds keep a century-long walk where 4-decimal rounding stays exact and OHLC stays valid; a
   * typical symbol never reaches them before 2030.
   */
  private static final double PRICE_FLOOR = 1.0;

  private static final double PRICE_CEILING = 1e6;

  private static final double MIN_START_PRICE = 20;
  private static final double MAX_START_PRICE = 500;
  private static final double MIN_BASE_VOLUME = 1e6;
  private static final double MAX_BASE_VOLUME = 5e7;
  private static final double EARLY_CLOSE_VOLUME_FACTOR = 0.55;
  private static final int CLOSE_CACHE_CHUNK = 1024;

  private static final long RETURN_STREAM = 1;
  private static final long BAR_STREAM = 2;
  private static final long REVISION_STREAM = 100;
  private static final long SYMBOL_STREAM = 3;

  private final NyseCalendar calendar = NyseCalendar.instance();
  private final long seed;
  private final Map<SymbolDate, List<Instant>> revisionTimes;
  private final Map<String, CloseSeries> series = new ConcurrentHashMap<>();
  private final SimulatedCorporateActions actions;

  SimulatedMarket(long seed, Collection<Revision> revisions) {
    this(seed, revisions, SimulatedCorporateActions.standard());
  }

  /**
   * @param actions the splits and renames that shape the raw prices of their (made-up) symbols;
   *     every other symbol's bars do not depend on them
   */
  SimulatedMarket(long seed, Collection<Revision> revisions, SimulatedCorporateActions actions) {
    this.seed = seed;
    this.actions = actions;
    Map<SymbolDate, List<Instant>> times = new HashMap<>();
    for (Revision revision : revisions) {
      times
          .computeIfAbsent(
              new SymbolDate(revision.symbol(), revision.session()), key -> new ArrayList<>())
          .add(revision.effectiveAt());
    }
    this.revisionTimes = Map.copyOf(times);
  }

  /**
   * Whether the daily bars of {@code session} are out at {@code asOf}: from the end of the window
   * they aggregate (the extended close, 20:00 New York or 17:00 on an early close), as a vendor
   * publishes a bar only once it is final. A live job polling by its clock then sees each session
   * arrive when the vendor's clock passes that instant, not before.
   */
  boolean published(LocalDate session, Instant asOf) {
    return !calendar.extendedClose(session).isAfter(asOf);
  }

  /**
   * The bar of {@code symbol} on {@code session} as served at {@code asOf}: the original, or the
   * latest revision whose {@code effectiveAt} is not after {@code asOf}.
   */
  SimulatedBar bar(String symbol, LocalDate session, Instant asOf) {
    return bar(symbol, session, asOf, null);
  }

  /**
   * The bar as {@link #bar(String, LocalDate, Instant)} serves it, with prices adjusted for the
   * splits effective by {@code adjustedAsOf} ({@code null}: raw, as traded). A renamed symbol
   * continues the price series of its first symbol. Only the corporate-action symbols differ
   * between raw and adjusted.
   */
  SimulatedBar bar(
      String symbol, LocalDate session, Instant asOf, @Nullable LocalDate adjustedAsOf) {
    int index = calendar.sessionIndex(session);
    CloseSeries closes = series.computeIfAbsent(actions.series(symbol), CloseSeries::new);
    SimulatedBar original = originalBar(closes, session, index);
    int revision = effectiveRevisions(symbol, session, asOf);
    SimulatedBar bar = revision == 0 ? original : revise(closes, index, revision, original);
    double factor = actions.priceFactor(symbol, session);
    SimulatedBar raw = factor == 1 ? bar : scale(bar, factor);
    double adjustment =
        adjustedAsOf == null ? 1 : actions.splitAdjustment(symbol, session, adjustedAsOf);
    return adjustment == 1 ? raw : adjust(raw, adjustment);
  }

  /**
   * The raw bar with prices times {@code adjustment} and volume divided by it, unrounded: how a
   * vendor's adjusted series derives from the raw one, so that raw × pitlake's factor reproduces it
   * exactly.
   */
  private static SimulatedBar adjust(SimulatedBar raw, double adjustment) {
    return new SimulatedBar(
        raw.o() * adjustment,
        raw.h() * adjustment,
        raw.l() * adjustment,
        raw.c() * adjustment,
        raw.v() / adjustment,
        raw.vw() * adjustment,
        raw.n(),
        raw.t());
  }

  /** Prices times {@code factor}, volume divided by it: the same trading on another share basis. */
  private static SimulatedBar scale(SimulatedBar bar, double factor) {
    return new SimulatedBar(
        round4(bar.o() * factor),
        round4(bar.h() * factor),
        round4(bar.l() * factor),
        round4(bar.c() * factor),
        Math.max(100, Math.rint(bar.v() / factor)),
        round4(bar.vw() * factor),
        bar.n(),
        bar.t());
  }

  /** The corporate actions this market's prices reflect. */
  SimulatedCorporateActions actions() {
    return actions;
  }

  /**
   * A plausible bar dated on a closed day: the previous session's bar (the first session's before
   * 2000-01-03) moved to 00:00 America/New_York of {@code closedDay}.
   */
  SimulatedBar closedDayBar(String symbol, LocalDate closedDay, Instant asOf) {
    checkArgument(
        !calendar.isSession(closedDay),
        "%s is an NYSE session; a closed-day bar needs a weekend or holiday",
        closedDay);
    LocalDate session = calendar.previousSession(closedDay).orElse(calendar.sessionAt(0));
    SimulatedBar bar = bar(symbol, session, asOf);
    return new SimulatedBar(
        bar.o(),
        bar.h(),
        bar.l(),
        bar.c(),
        bar.v(),
        bar.vw(),
        bar.n(),
        startOfDayMillis(closedDay));
  }

  static long startOfDayMillis(LocalDate date) {
    return date.atStartOfDay(NyseCalendar.ZONE).toInstant().toEpochMilli();
  }

  private SimulatedBar originalBar(CloseSeries closes, LocalDate session, int index) {
    SplittableRandom random = closes.random(index, BAR_STREAM);
    double previousClose = index == 0 ? closes.startPrice : closes.close(index - 1);
    double c = closes.close(index);
    double o = bounded(round4(previousClose * Math.exp(0.005 * gaussian(random))));
    double high = Math.max(o, c) * (1 + 0.001 + 0.008 * Math.abs(gaussian(random)));
    double low = Math.min(o, c) * (1 - Math.min(0.5, 0.001 + 0.008 * Math.abs(gaussian(random))));
    // o and c lie on the 4-decimal grid, so rounding h and l cannot cross them.
    double h = round4(high);
    double l = round4(low);
    double vw = round4(l + (h - l) * (0.25 + 0.5 * random.nextDouble()));
    double volumeFactor =
        calendar.session(session).orElseThrow().earlyClose() ? EARLY_CLOSE_VOLUME_FACTOR : 1;
    double v =
        Math.max(
            100, Math.rint(closes.baseVolume * volumeFactor * Math.exp(0.35 * gaussian(random))));
    return new SimulatedBar(o, h, l, c, v, vw, trades(v), startOfDayMillis(session));
  }

  private SimulatedBar revise(CloseSeries closes, int index, int revision, SimulatedBar original) {
    SplittableRandom random = closes.random(index, REVISION_STREAM + revision);
    double closeChange = (random.nextBoolean() ? 1 : -1) * (0.005 + 0.015 * random.nextDouble());
    double volumeChange = (random.nextBoolean() ? 1 : -1) * (0.02 + 0.08 * random.nextDouble());
    double c = round4(original.c() * (1 + closeChange));
    double v = Math.max(100, Math.rint(original.v() * (1 + volumeChange)));
    return new SimulatedBar(
        original.o(),
        Math.max(original.h(), c),
        Math.min(original.l(), c),
        c,
        v,
        original.vw(),
        trades(v),
        original.t());
  }

  private int effectiveRevisions(String symbol, LocalDate session, Instant asOf) {
    List<Instant> times = revisionTimes.get(new SymbolDate(symbol, session));
    if (times == null) {
      return 0;
    }
    return (int) times.stream().filter(effectiveAt -> !asOf.isBefore(effectiveAt)).count();
  }

  private static int trades(double volume) {
    return (int) Math.max(1, volume / 100);
  }

  private static double bounded(double price) {
    return Math.min(PRICE_CEILING, Math.max(PRICE_FLOOR, price));
  }

  static double round4(double value) {
    return Math.round(value * 10_000) / 10_000.0;
  }

  /** A standard normal draw by Box–Muller, so that values do not depend on the JDK's algorithm. */
  private static double gaussian(SplittableRandom random) {
    double u1 = 1 - random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** The murmur3 64-bit finalizer: spreads every input bit over the output. */
  private static long mix64(long value) {
    long z = value;
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }

  /** FNV-1a over the UTF-8 bytes: stable across JVMs, unlike identity hashes. */
  private static long fnv1a(String text) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
    }
    return hash;
  }

  /** One symbol's cached close series and its fixed parameters. */
  private final class CloseSeries {
    private final long symbolKey;
    private final double startPrice;
    private final double baseVolume;
    private double[] closes = new double[0];

    CloseSeries(String symbol) {
      this.symbolKey = mix64(seed ^ mix64(fnv1a(symbol)));
      SplittableRandom random = random(0, SYMBOL_STREAM);
      this.startPrice =
          round4(MIN_START_PRICE + (MAX_START_PRICE - MIN_START_PRICE) * random.nextDouble());
      this.baseVolume =
          Math.exp(
              Math.log(MIN_BASE_VOLUME)
                  + (Math.log(MAX_BASE_VOLUME) - Math.log(MIN_BASE_VOLUME)) * random.nextDouble());
    }

    SplittableRandom random(int sessionIndex, long stream) {
      return new SplittableRandom(
          mix64(symbolKey + mix64(sessionIndex * 0x9e3779b97f4a7c15L + stream)));
    }

    synchronized double close(int index) {
      if (index >= closes.length) {
        extendTo(index);
      }
      return closes[index];
    }

    private void extendTo(int index) {
      int computed = closes.length;
      int length =
          Math.min(calendar.sessionCount(), Math.max(index + 1, computed + CLOSE_CACHE_CHUNK));
      double[] extended = Arrays.copyOf(closes, length);
      double previous = computed == 0 ? startPrice : extended[computed - 1];
      for (int i = computed; i < length; i++) {
        double logReturn = DRIFT + VOLATILITY * gaussian(random(i, RETURN_STREAM));
        previous = bounded(round4(previous * Math.exp(logReturn)));
        extended[i] = previous;
      }
      closes = extended;
    }
  }
}
