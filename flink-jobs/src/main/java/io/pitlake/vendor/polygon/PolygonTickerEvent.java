package io.pitlake.vendor.polygon;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitlake.vendor.CorporateActionAvailability;
import io.pitlake.vendor.MarketDates;
import io.pitlake.vendor.VendorJson;
import java.time.Instant;
import java.time.LocalDate;
import javax.annotation.Nullable;

/**
 * One event of a company's ticker history ({@code /vX/reference/tickers/{id}/events}): from {@code
 * date} on, the company trades as {@code ticker} (FB became META). The company's identifiers come
 * from the enclosing result, copied into each element by {@link PolygonDatasetProtocol}.
 *
 * <p>Polygon dates the change, not its announcement, so {@link #availableAt()} is the start of
 * {@code date} ({@link CorporateActionAvailability}): a rename is published before the first
 * session under the new ticker.
 */
public record PolygonTickerEvent(
    @Nullable String compositeFigi,
    @Nullable String cik,
    @Nullable String name,
    String type,
    LocalDate date,
    @Nullable String ticker) {

  private static final String WHAT = "Polygon ticker event";

  public static PolygonTickerEvent parse(String json) {
    JsonNode event = VendorJson.object(json, WHAT);
    String type = VendorJson.requiredText(event, "type", WHAT);
    return new PolygonTickerEvent(
        VendorJson.text(event, "composite_figi"),
        VendorJson.text(event, "cik"),
        VendorJson.text(event, "name"),
        type,
        VendorJson.requiredDate(event, "date", WHAT),
        VendorJson.text(event.path(type), "ticker"));
  }

  public Instant eventTime() {
    return MarketDates.startOfDay(date);
  }

  public Instant availableAt() {
    return CorporateActionAvailability.availableAt(null, date);
  }
}
