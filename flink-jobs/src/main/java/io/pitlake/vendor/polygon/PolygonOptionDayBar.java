package io.pitlake.vendor.polygon;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitlake.time.NyseCalendar;
import io.pitlake.vendor.VendorJson;
import java.time.Instant;
import java.time.LocalDate;

/**
 * One daily bar of one option contract, as {@link PolygonOptionAggsProtocol} emits it: Polygon's
 * aggregate with the contract's {@code ticker} written in. Only the identity is typed here; silver
 * reads the prices from the bronze payload ({@code sql/silver/option_bars_daily.sql}).
 *
 * @param ticker the OCC ticker ({@code O:…})
 * @param eventTime the vendor's {@code t}: 00:00 America/New_York of the session
 */
public record PolygonOptionDayBar(String ticker, Instant eventTime) {

  private static final String WHAT = "Polygon option daily bar";

  public static PolygonOptionDayBar parse(String json) {
    JsonNode bar = VendorJson.object(json, WHAT);
    return new PolygonOptionDayBar(
        VendorJson.requiredText(bar, "ticker", WHAT),
        Instant.ofEpochMilli(VendorJson.requiredInteger(bar, "t", WHAT)));
  }

  /** The New York date of {@code t}: the session the bar aggregates. */
  public LocalDate session() {
    return LocalDate.ofInstant(eventTime, NyseCalendar.ZONE);
  }

  /** As the stock's daily bars: the extended close of the session plus the publication delay. */
  public Instant availableAt(PolygonDailyBarAvailability rule) {
    return rule.availableAt(session());
  }
}
