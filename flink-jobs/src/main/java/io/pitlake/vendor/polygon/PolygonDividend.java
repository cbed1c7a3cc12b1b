package io.pitlake.vendor.polygon;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitlake.vendor.CorporateActionAvailability;
import io.pitlake.vendor.MarketDates;
import io.pitlake.vendor.VendorJson;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import javax.annotation.Nullable;

/**
 * A cash dividend from {@code /v3/reference/dividends}.
 *
 * <p>{@link #availableAt()} is the end of {@code declarationDate} (New York) when Polygon gives it,
 * else the start of the ex-dividend date ({@link CorporateActionAvailability}). {@code id} and
 * {@code currency} are optional: Polygon's SDK mock omits both (polygon.md).
 *
 * @param frequency payments per year: 0 (one-off), 1, 2, 4 or 12
 * @param dividendType CD (regular cash), SC (special cash), LT or ST (long/short-term capital gain)
 */
public record PolygonDividend(
    @Nullable String id,
    String ticker,
    BigDecimal cashAmount,
    @Nullable String currency,
    @Nullable LocalDate declarationDate,
    LocalDate exDividendDate,
    @Nullable LocalDate recordDate,
    @Nullable LocalDate payDate,
    @Nullable Long frequency,
    @Nullable String dividendType) {

  private static final String WHAT = "Polygon dividend";

  public static PolygonDividend parse(String json) {
    JsonNode dividend = VendorJson.object(json, WHAT);
    return new PolygonDividend(
        VendorJson.text(dividend, "id"),
        VendorJson.requiredText(dividend, "ticker", WHAT),
        VendorJson.requiredDecimal(dividend, "cash_amount", WHAT),
        VendorJson.text(dividend, "currency"),
        VendorJson.date(dividend, "declaration_date", WHAT),
        VendorJson.requiredDate(dividend, "ex_dividend_date", WHAT),
        VendorJson.date(dividend, "record_date", WHAT),
        VendorJson.date(dividend, "pay_date", WHAT),
        VendorJson.integer(dividend, "frequency"),
        VendorJson.text(dividend, "dividend_type"));
  }

  /** Whether Polygon marks it special ({@code SC}) rather than recurring. */
  public boolean isSpecial() {
    return "SC".equals(dividendType);
  }

  /** 00:00 New York of the ex-dividend date, the first session the price trades without it. */
  public Instant eventTime() {
    return MarketDates.startOfDay(exDividendDate);
  }

  public Instant availableAt() {
    return CorporateActionAvailability.availableAt(declarationDate, exDividendDate);
  }
}
