package io.pitlake.features.minute;

import io.pitlake.time.NyseCalendar;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import javax.annotation.Nullable;

/**
 * One version of one minute bar as {@code silver.minute_bars} holds it: what {@link SessionMinutes}
 * applies. Instants are epoch milliseconds; {@code start} is the window start.
 *
 * @param path what brought the version: {@code websocket} or {@code rest}
 * @param vwap the vendor's volume-weighted price of the minute, if it gave one
 */
public record MinuteBar(
    String symbol,
    String vendor,
    String path,
    long start,
    int version,
    double open,
    double high,
    double low,
    double close,
    double volume,
    @Nullable Double vwap,
    long availableAt,
    long ingestedAt) {

  /** The columns of {@code silver.minute_bars} a version is read from. */
  public static final List<String> SILVER_COLUMNS =
      List.of(
          "symbol",
          "vendor",
          "path",
          "event_time",
          "version",
          "open",
          "high",
          "low",
          "close",
          "volume",
          "vwap",
          "available_at",
          "ingested_at");

  /**
   * A version from a row of {@link #SILVER_COLUMNS}: {@code column} gives a column's value by name,
   * {@code millis} turns an instant column's value into epoch ms.
   */
  public static MinuteBar fromSilver(
      Function<String, Object> column, ToLongFunction<Object> millis) {
    return new MinuteBar(
        (String) column.apply("symbol"),
        (String) column.apply("vendor"),
        (String) column.apply("path"),
        millis.applyAsLong(column.apply("event_time")),
        (Integer) column.apply("version"),
        (Double) column.apply("open"),
        (Double) column.apply("high"),
        (Double) column.apply("low"),
        (Double) column.apply("close"),
        (Double) column.apply("volume"),
        (Double) column.apply("vwap"),
        millis.applyAsLong(column.apply("available_at")),
        millis.applyAsLong(column.apply("ingested_at")));
  }

  /** The New York date of the bar's start: the session (or closed day) it belongs to. */
  public LocalDate day() {
    return Instant.ofEpochMilli(start).atZone(NyseCalendar.ZONE).toLocalDate();
  }

  /** The price the minute's volume traded at: the vendor's VWAP, else (high + low + close) / 3. */
  double price() {
    return vwap != null ? vwap : (high + low + close) / 3;
  }

  /** Whether {@code other} carries the same prices and volume (a re-send or the other path's). */
  boolean sameValues(MinuteBar other) {
    return open == other.open
        && high == other.high
        && low == other.low
        && close == other.close
        && volume == other.volume
        && java.util.Objects.equals(vwap, other.vwap);
  }
}
