package io.pitlake.vendor.polygon;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitlake.vendor.CorporateActionAvailability;
import io.pitlake.vendor.MarketDates;
import io.pitlake.vendor.VendorJson;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.LocalDate;
import javax.annotation.Nullable;

/**
 * A stock split from {@code /v3/reference/splits}: {@code split_to} new shares for every {@code
 * split_from} old ones, effective at the open of {@code executionDate}.
 *
 * <p>Polygon gives no announcement date for splits, so {@link #availableAt()} is the start of the
 * execution date ({@link CorporateActionAvailability}).
 */
public record PolygonSplit(
    @Nullable String id,
    String ticker,
    LocalDate executionDate,
    BigDecimal splitFrom,
    BigDecimal splitTo) {

  private static final String WHAT = "Polygon split";

  public static PolygonSplit parse(String json) {
    JsonNode split = VendorJson.object(json, WHAT);
    return new PolygonSplit(
        VendorJson.text(split, "id"),
        VendorJson.requiredText(split, "ticker", WHAT),
        VendorJson.requiredDate(split, "execution_date", WHAT),
        VendorJson.requiredDecimal(split, "split_from", WHAT),
        VendorJson.requiredDecimal(split, "split_to", WHAT));
  }

  /** Fewer shares after than before: {@code split_from > split_to}. */
  public boolean isReverse() {
    return splitFrom.compareTo(splitTo) > 0;
  }

  /** New shares per old share: 4 for a 4-for-1, 0.1 for a 1-for-10. */
  public BigDecimal ratio() {
    return splitTo.divide(splitFrom, MathContext.DECIMAL64);
  }

  /** 00:00 New York of the execution date. */
  public Instant eventTime() {
    return MarketDates.startOfDay(executionDate);
  }

  public Instant availableAt() {
    return CorporateActionAvailability.availableAt(null, executionDate);
  }
}
