package io.pitlake.vendor.polygon;

import static io.pitlake.vendor.VendorJson.integer;
import static io.pitlake.vendor.VendorJson.number;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitlake.vendor.MarketDates;
import io.pitlake.vendor.VendorJson;
import java.time.Instant;
import java.time.LocalDate;
import javax.annotation.Nullable;

/**
 * One ticker's daily bar from the grouped-daily endpoint.
 *
 * <p>Grouped daily's {@code t} is the <em>end</em> of the window (16:00 New York in Polygon's
 * example), unlike range aggregates, whose {@code t} is the session's 00:00 (polygon.md). The bar
 * is therefore dated by the requested {@code session}, and {@link #eventTime()} is that session's
 * 00:00 New York, the same instant a range aggregate of the same bar carries, so both join on
 * (symbol, event_time). {@code t} is kept as {@code windowEnd}.
 *
 * @param symbol the vendor's {@code T}
 * @param session the date the request asked for
 * @param windowEnd the vendor's {@code t}, if any
 */
public record PolygonGroupedBar(
    String symbol,
    LocalDate session,
    @Nullable Instant windowEnd,
    @Nullable Double o,
    @Nullable Double h,
    @Nullable Double l,
    @Nullable Double c,
    @Nullable Double v,
    @Nullable Double vw,
    @Nullable Long n,
    @Nullable Boolean otc) {

  private static final String WHAT = "Polygon grouped daily bar";

  /** Reads one element of the page for {@code session}. */
  public static PolygonGroupedBar parse(String json, LocalDate session) {
    JsonNode bar = VendorJson.object(json, WHAT);
    Long t = integer(bar, "t");
    return new PolygonGroupedBar(
        VendorJson.requiredText(bar, "T", WHAT),
        session,
        t == null ? null : Instant.ofEpochMilli(t),
        number(bar, "o"),
        number(bar, "h"),
        number(bar, "l"),
        number(bar, "c"),
        number(bar, "v"),
        number(bar, "vw"),
        integer(bar, "n"),
        VendorJson.bool(bar, "otc"));
  }

  /** 00:00 America/New_York of the session, as for range aggregates. */
  public Instant eventTime() {
    return MarketDates.startOfDay(session);
  }

  /** The rule of daily range aggregates: the bar also covers after-hours trading. */
  public Instant availableAt(PolygonDailyBarAvailability availability) {
    return availability.availableAt(session);
  }
}
