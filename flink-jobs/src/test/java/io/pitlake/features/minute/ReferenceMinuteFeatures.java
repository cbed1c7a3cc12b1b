package io.pitlake.features.minute;

import io.pitlake.time.NyseCalendar;
import io.pitlake.time.TradingSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.assertj.core.api.recursive.comparison.RecursiveComparisonConfiguration;

/**
 * gold.bar_features_minute computed the plain way, for tests: at each instant, every minute's bar
 * in effect (its version with the newest available_at at or before it) over one New York day, and
 * each feature straight from its formula over that map. Shares nothing with {@link SessionMinutes}
 * but {@link MinuteBar} and {@link MinuteFeatures}.
 */
public final class ReferenceMinuteFeatures {

  /** Rows equal up to float rounding of a different summation order. */
  public static final RecursiveComparisonConfiguration CLOSE =
      RecursiveComparisonConfiguration.builder()
          .withComparatorForType(
              (Double a, Double b) -> Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a)) ? 0 : 1,
              Double.class)
          .build();

  private ReferenceMinuteFeatures() {}

  /**
   * The rows the table holds for {@code versions} (one symbol and vendor, one day, revisions within
   * the reach): at each instant, a row for every minute from the earliest one whose values changed.
   */
  public static List<MinuteFeatures> rows(List<MinuteBar> versions) {
    TreeSet<Long> instants = new TreeSet<>();
    versions.forEach(v -> instants.add(v.availableAt()));
    List<MinuteFeatures> rows = new ArrayList<>();
    Map<Long, MinuteBar> before = Map.of();
    for (long at : instants) {
      TreeMap<Long, MinuteBar> now = inEffect(versions, at);
      Long firstChanged = null;
      for (MinuteBar bar : now.values()) {
        MinuteBar old = before.get(bar.start());
        if (old == null || !same(old, bar)) {
          firstChanged = bar.start();
          break;
        }
      }
      if (firstChanged != null) {
        for (MinuteBar bar : now.tailMap(firstChanged, true).values()) {
          rows.add(features(now, bar, at));
        }
      }
      before = now;
    }
    return rows;
  }

  private static boolean same(MinuteBar a, MinuteBar b) {
    return a.open() == b.open()
        && a.high() == b.high()
        && a.low() == b.low()
        && a.close() == b.close()
        && a.volume() == b.volume()
        && java.util.Objects.equals(a.vwap(), b.vwap());
  }

  /**
   * Each minute's newest version known at {@code at}; a version with the same values as the one
   * before it is that one (a re-send carries nothing new, so the row keeps the first's version).
   */
  private static TreeMap<Long, MinuteBar> inEffect(List<MinuteBar> versions, long at) {
    TreeMap<Long, MinuteBar> bars = new TreeMap<>();
    versions.stream()
        .filter(v -> v.availableAt() <= at)
        .sorted(java.util.Comparator.comparingLong(MinuteBar::availableAt))
        .forEach(
            v -> {
              MinuteBar old = bars.get(v.start());
              if (old == null || !same(old, v)) {
                bars.put(v.start(), v);
              }
            });
    return bars;
  }

  private static MinuteFeatures features(TreeMap<Long, MinuteBar> bars, MinuteBar bar, long at) {
    long t = bar.start();
    Optional<TradingSession> session = NyseCalendar.instance().session(bar.day());
    long open = session.map(s -> s.open().toEpochMilli()).orElse(Long.MAX_VALUE);
    long close = session.map(s -> s.close().toEpochMilli()).orElse(Long.MIN_VALUE);
    boolean regular = t >= open && t < close;
    Double sOpen = null;
    Double sHigh = null;
    Double sLow = null;
    Double sClose = null;
    double volume = 0;
    double priceVolume = 0;
    long ingested = 0;
    for (MinuteBar b : bars.values()) {
      if (b.start() >= t - 60 * 60_000 && b.start() <= t) {
        ingested = Math.max(ingested, b.ingestedAt());
      }
      if (b.start() > t || b.start() < open || b.start() >= close) {
        continue;
      }
      sOpen = sOpen == null ? b.open() : sOpen;
      sHigh = sHigh == null ? b.high() : Math.max(sHigh, b.high());
      sLow = sLow == null ? b.low() : Math.min(sLow, b.low());
      sClose = b.close();
      volume += b.volume();
      priceVolume +=
          (b.vwap() != null ? b.vwap() : (b.high() + b.low() + b.close()) / 3) * b.volume();
    }
    Double vwap = volume > 0 ? priceVolume / volume : null;
    return new MinuteFeatures(
        bar.symbol(),
        bar.vendor(),
        t,
        at,
        ingested,
        bar.path(),
        bar.version(),
        regular,
        bar.close(),
        bar.volume(),
        ret(bars, t, 1),
        ret(bars, t, 5),
        ret(bars, t, 15),
        ret(bars, t, 60),
        vol30(bars, t),
        vwap == null ? null : bar.close() / vwap - 1,
        regular && volume > 0 ? bar.volume() / volume : null,
        sOpen,
        sHigh,
        sLow,
        sClose,
        sOpen == null ? null : volume,
        vwap);
  }

  private static Double ret(Map<Long, MinuteBar> bars, long t, int n) {
    MinuteBar then = bars.get(t - n * 60_000L);
    return then == null ? null : bars.get(t).close() / then.close() - 1;
  }

  /** Sample standard deviation, ddof 1, of the 30 log returns ending at t. */
  private static Double vol30(Map<Long, MinuteBar> bars, long t) {
    List<Double> r = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      MinuteBar a = bars.get(t - i * 60_000L);
      MinuteBar b = bars.get(t - (i + 1) * 60_000L);
      if (a == null || b == null) {
        return null;
      }
      r.add(Math.log(a.close() / b.close()));
    }
    double mean = r.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double ss = r.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum();
    return Math.sqrt(ss / 29);
  }
}
