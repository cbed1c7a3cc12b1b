package io.pitlake.features;

import io.pitlake.time.NyseCalendar;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import javax.annotation.Nullable;

/**
 * One version of one daily bar as {@code silver.bars_daily} holds it: what the per-symbol engine
 * ({@link BarFeaturesEngine}) consumes. Instants are epoch milliseconds.
 *
 * @param session NYSE session index of the bar
 * @param vwap the vendor's volume-weighted price, if it gave one
 */
public record BarVersion(
    String symbol,
    int session,
    int version,
    double close,
    double volume,
    @Nullable Double vwap,
    long eventTime,
    long availableAt,
    long ingestedAt) {

  /** The columns of {@code silver.bars_daily} a version is read from. */
  static final List<String> SILVER_COLUMNS =
      List.of(
          "symbol",
          "session_date",
          "version",
          "close",
          "volume",
          "vwap",
          "event_time",
          "available_at",
          "ingested_at");

  /**
   * A version from a row of {@link #SILVER_COLUMNS}, however the reader represents it: {@code
   * column} gives a column's value by name, {@code millis} turns an instant column's value into
   * epoch ms.
   */
  public static BarVersion fromSilver(
      Function<String, Object> column, ToLongFunction<Object> millis) {
    return new BarVersion(
        (String) column.apply("symbol"),
        NyseCalendar.instance().sessionIndex((LocalDate) column.apply("session_date")),
        (Integer) column.apply("version"),
        (Double) column.apply("close"),
        (Double) column.apply("volume"),
        (Double) column.apply("vwap"),
        millis.applyAsLong(column.apply("event_time")),
        millis.applyAsLong(column.apply("available_at")),
        millis.applyAsLong(column.apply("ingested_at")));
  }

  /** This version as the life that starts now and lasts while it is the newest. */
  BarLife life() {
    return life(Long.MAX_VALUE);
  }

  private BarLife life(long validTo) {
    return new BarLife(
        session, version, close, volume, vwap, eventTime, ingestedAt, availableAt, validTo);
  }

  /**
   * Each of a symbol's versions over the span it was the newest of its session's: until the first
   * later version's {@code available_at}. A version replaced at or before its own instant never
   * counted and has no life.
   */
  public static List<BarLife> lives(Collection<BarVersion> versions) {
    Map<Integer, List<BarVersion>> bySession = new HashMap<>();
    for (BarVersion v : versions) {
      bySession.computeIfAbsent(v.session(), s -> new ArrayList<>()).add(v);
    }
    List<BarLife> lives = new ArrayList<>(versions.size());
    for (List<BarVersion> ofSession : bySession.values()) {
      ofSession.sort(Comparator.comparingInt(BarVersion::version));
      long validTo = Long.MAX_VALUE;
      for (int i = ofSession.size() - 1; i >= 0; i--) {
        BarVersion v = ofSession.get(i);
        if (v.availableAt() < validTo) {
          lives.add(v.life(validTo));
        }
        validTo = Math.min(validTo, v.availableAt());
      }
    }
    return lives;
  }
}
