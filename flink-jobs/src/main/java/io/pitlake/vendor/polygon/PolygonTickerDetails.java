package io.pitlake.vendor.polygon;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitlake.vendor.MarketDates;
import io.pitlake.vendor.VendorJson;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import javax.annotation.Nullable;

/**
 * A ticker's details as of one day ({@code /v3/reference/tickers/{ticker}?date=}).
 *
 * <p>Polygon's answer describes the ticker as of {@code asOf}; {@link #eventTime()} is that day's
 * start. It may draw on anything published that day (an after-close filing changes the shares
 * outstanding), so {@link #availableAt()} is the end of {@code asOf}, New York time. That Polygon
 * uses nothing published later is the vendor's claim, not verified (polygon.md, INF).
 *
 * @param asOf the {@code date} the request asked for
 * @param delistedUtc when the ticker was delisted, for an inactive one
 */
public record PolygonTickerDetails(
    String ticker,
    LocalDate asOf,
    @Nullable String name,
    @Nullable Boolean active,
    @Nullable LocalDate listDate,
    @Nullable Instant delistedUtc,
    @Nullable String cik,
    @Nullable String compositeFigi,
    @Nullable String shareClassFigi,
    @Nullable String primaryExchange,
    @Nullable String type,
    @Nullable BigDecimal marketCap,
    @Nullable BigDecimal shareClassSharesOutstanding,
    @Nullable BigDecimal weightedSharesOutstanding) {

  private static final String WHAT = "Polygon ticker details";

  public static PolygonTickerDetails parse(String json, LocalDate asOf) {
    JsonNode details = VendorJson.object(json, WHAT);
    return new PolygonTickerDetails(
        VendorJson.requiredText(details, "ticker", WHAT),
        asOf,
        VendorJson.text(details, "name"),
        VendorJson.bool(details, "active"),
        VendorJson.date(details, "list_date", WHAT),
        VendorJson.instant(details, "delisted_utc", WHAT),
        VendorJson.text(details, "cik"),
        VendorJson.text(details, "composite_figi"),
        VendorJson.text(details, "share_class_figi"),
        VendorJson.text(details, "primary_exchange"),
        VendorJson.text(details, "type"),
        VendorJson.decimal(details, "market_cap"),
        VendorJson.decimal(details, "share_class_shares_outstanding"),
        VendorJson.decimal(details, "weighted_shares_outstanding"));
  }

  public Instant eventTime() {
    return MarketDates.startOfDay(asOf);
  }

  public Instant availableAt() {
    return MarketDates.endOfDay(asOf);
  }
}
