package io.pitlake.vendor.polygon;

import static io.pitlake.vendor.VendorJson.integer;
import static io.pitlake.vendor.VendorJson.number;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitlake.vendor.MinuteBarAvailability;
import io.pitlake.vendor.VendorJson;
import java.time.Instant;
import javax.annotation.Nullable;

/**
 * One minute aggregate of one ticker. Polygon labels it by the start of its window ({@code t}, Unix
 * ms), which is {@link #eventTime()}; windows include pre-market and after-hours, and a minute
 * without trades has no bar.
 *
 * @param symbol the split's ticker (minute aggregates do not repeat it per result)
 */
public record PolygonMinuteBar(
    String symbol,
    Instant eventTime,
    @Nullable Double o,
    @Nullable Double h,
    @Nullable Double l,
    @Nullable Double c,
    @Nullable Double v,
    @Nullable Double vw,
    @Nullable Long n,
    @Nullable Boolean otc) {

  private static final String WHAT = "Polygon minute bar";

  public static PolygonMinuteBar parse(String json, String symbol) {
    JsonNode bar = VendorJson.object(json, WHAT);
    return new PolygonMinuteBar(
        symbol,
        Instant.ofEpochMilli(VendorJson.requiredInteger(bar, "t", WHAT)),
        number(bar, "o"),
        number(bar, "h"),
        number(bar, "l"),
        number(bar, "c"),
        number(bar, "v"),
        number(bar, "vw"),
        integer(bar, "n"),
        VendorJson.bool(bar, "otc"));
  }

  /** Window end plus the publication delay. */
  public Instant availableAt(MinuteBarAvailability availability) {
    return availability.availableAt(eventTime);
  }
}
