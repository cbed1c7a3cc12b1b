package io.pitlake.vendor.polygon;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitlake.vendor.MarketDates;
import io.pitlake.vendor.VendorJson;
import java.time.Instant;
import java.time.LocalDate;

/**
 * One option contract as Polygon listed it on one day ({@code
 * /v3/reference/options/contracts?as_of=}). Only the identity is typed here; silver parses the
 * ticker and reads the terms from the bronze payload ({@code sql/silver/option_contracts.sql}).
 *
 * <p>{@link #eventTime()} is the start of {@code asOf}, New York time, and {@link #availableAt()}
 * its end, the rule of ticker details: the listing as of a day may include series the exchanges
 * added during that day, so only the day's end is sure to know all of them.
 *
 * @param ticker the OCC ticker with Polygon's prefix ({@code O:AAPL211119C00085000})
 * @param asOf the {@code as_of} day the request asked for (the split's day)
 */
public record PolygonOptionContract(String ticker, LocalDate asOf) {

  private static final String WHAT = "Polygon option contract";

  public static PolygonOptionContract parse(String json, LocalDate asOf) {
    JsonNode contract = VendorJson.object(json, WHAT);
    return new PolygonOptionContract(VendorJson.requiredText(contract, "ticker", WHAT), asOf);
  }

  /** {@code ticker|asOf}: the contract as listed on one day, a new key every day. */
  public String key() {
    return ticker + "|" + asOf;
  }

  public Instant eventTime() {
    return MarketDates.startOfDay(asOf);
  }

  public Instant availableAt() {
    return MarketDates.endOfDay(asOf);
  }
}
