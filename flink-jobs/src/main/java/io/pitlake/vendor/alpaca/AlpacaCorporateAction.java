package io.pitlake.vendor.alpaca;

import static org.apache.flink.util.Preconditions.checkArgument;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitlake.vendor.CorporateActionAvailability;
import io.pitlake.vendor.MarketDates;
import io.pitlake.vendor.VendorJson;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import javax.annotation.Nullable;

/**
 * One Alpaca corporate action, an element of {@link AlpacaCorporateActionsProtocol}. The types
 * differ in their fields, so every type-specific field is optional; {@code type} says which apply.
 *
 * <p>Alpaca gives no announcement date, so {@link #availableAt()} is the start of {@link
 * #effectiveDate()} ({@link CorporateActionAvailability}).
 *
 * @param type Alpaca's singular type, e.g. {@code forward_split}, {@code cash_dividend}, {@code
 *     name_change}
 * @param symbol the row's {@code symbol}; for a name change the new symbol
 * @param oldSymbol a name change's previous symbol
 * @param oldRate splits: old shares, e.g. 1 in a 2-for-1
 * @param newRate splits: new shares, e.g. 2 in a 2-for-1
 * @param rate cash dividends: amount per share
 * @param mergerEffectiveDate mergers: Alpaca's {@code effective_date}
 */
public record AlpacaCorporateAction(
    String type,
    String id,
    String symbol,
    @Nullable String oldSymbol,
    @Nullable String cusip,
    @Nullable LocalDate exDate,
    @Nullable LocalDate recordDate,
    @Nullable LocalDate payableDate,
    @Nullable LocalDate processDate,
    @Nullable LocalDate mergerEffectiveDate,
    @Nullable BigDecimal oldRate,
    @Nullable BigDecimal newRate,
    @Nullable BigDecimal rate,
    @Nullable Boolean special,
    @Nullable Boolean foreign) {

  private static final String WHAT = "Alpaca corporate action";

  public AlpacaCorporateAction {
    checkArgument(
        exDate != null || mergerEffectiveDate != null || processDate != null,
        "%s %s has none of ex_date, effective_date, process_date: it cannot be dated",
        WHAT,
        id);
  }

  public static AlpacaCorporateAction parse(String json) {
    JsonNode row = VendorJson.object(json, WHAT);
    String type = VendorJson.requiredText(row, AlpacaCorporateActionsProtocol.TYPE_FIELD, WHAT);
    String symbol =
        row.hasNonNull("symbol")
            ? VendorJson.text(row, "symbol")
            : row.hasNonNull("new_symbol")
                ? VendorJson.text(row, "new_symbol")
                : VendorJson.requiredText(row, "acquirer_symbol", WHAT);
    return new AlpacaCorporateAction(
        type,
        VendorJson.requiredText(row, "id", WHAT),
        symbol,
        VendorJson.text(row, "old_symbol"),
        VendorJson.text(row, "cusip"),
        VendorJson.date(row, "ex_date", WHAT),
        VendorJson.date(row, "record_date", WHAT),
        VendorJson.date(row, "payable_date", WHAT),
        VendorJson.date(row, "process_date", WHAT),
        VendorJson.date(row, "effective_date", WHAT),
        VendorJson.decimal(row, "old_rate"),
        VendorJson.decimal(row, "new_rate"),
        VendorJson.decimal(row, "rate"),
        VendorJson.bool(row, "special"),
        VendorJson.bool(row, "foreign"));
  }

  /**
   * The first day the action affects prices or the ticker: {@code ex_date} (splits, dividends),
   * else {@code effective_date} (mergers), else {@code process_date} (name changes, removals).
   */
  public LocalDate effectiveDate() {
    return exDate != null
        ? exDate
        : mergerEffectiveDate != null ? mergerEffectiveDate : processDate;
  }

  /** 00:00 New York of {@link #effectiveDate()}. */
  public Instant eventTime() {
    return MarketDates.startOfDay(effectiveDate());
  }

  public Instant availableAt() {
    return CorporateActionAvailability.availableAt(null, effectiveDate());
  }
}
