package io.pitlake.vendor.fmp;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitlake.vendor.VendorJson;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.annotation.Nullable;

/**
 * One period of one FMP statement ({@link FmpStatementProtocol}): the header fields every statement
 * shares, typed, and its line items as sent.
 *
 * <p>Line items are every numeric field besides the header, in FMP's order, exact. FMP writes 0 for
 * "not reported" (AAPL FY2024 has {@code interestExpense: 0}; fmp.md), so a 0 is kept as 0 here and
 * must not be read as a true zero downstream without that caveat.
 *
 * @param date the fiscal period's end
 * @param cik EDGAR's CIK as FMP writes it, a 10-digit string
 * @param filingDate EDGAR's filing date of the statement's filing
 * @param acceptedDate EDGAR's acceptance time as New York wall clock (FMP gives no zone), if given
 * @param fiscalYear the company's fiscal year, a string in FMP's stable API
 * @param period {@code FY} or {@code Q1}..{@code Q4}
 * @param lineItems the numeric fields, e.g. {@code revenue}, in FMP's order
 */
public record FmpStatementRow(
    String symbol,
    LocalDate date,
    @Nullable String reportedCurrency,
    @Nullable String cik,
    LocalDate filingDate,
    @Nullable LocalDateTime acceptedDate,
    @Nullable String fiscalYear,
    String period,
    Map<String, BigDecimal> lineItems) {

  private static final String WHAT = "FMP statement";

  /** FMP's {@code acceptedDate}: {@code 2024-11-01 06:01:36}. */
  private static final DateTimeFormatter ACCEPTED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private static final Set<String> HEADER =
      Set.of(
          "date",
          "symbol",
          "reportedCurrency",
          "cik",
          "filingDate",
          "acceptedDate",
          "fiscalYear",
          "period");

  public FmpStatementRow {
    lineItems = Collections.unmodifiableMap(new LinkedHashMap<>(lineItems));
  }

  /**
   * Reads one element of {@link FmpStatementProtocol}.
   *
   * @throws IllegalArgumentException naming the field that is missing or malformed
   */
  public static FmpStatementRow parse(String json) {
    JsonNode row = VendorJson.object(json, WHAT);
    Map<String, BigDecimal> lineItems = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = row.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (!HEADER.contains(field.getKey()) && field.getValue().isNumber()) {
        lineItems.put(field.getKey(), field.getValue().decimalValue());
      }
    }
    return new FmpStatementRow(
        VendorJson.requiredText(row, "symbol", WHAT),
        VendorJson.requiredDate(row, "date", WHAT),
        VendorJson.text(row, "reportedCurrency"),
        VendorJson.text(row, "cik"),
        VendorJson.requiredDate(row, "filingDate", WHAT),
        acceptedDate(VendorJson.text(row, "acceptedDate")),
        VendorJson.text(row, "fiscalYear"),
        VendorJson.requiredText(row, "period", WHAT),
        lineItems);
  }

  @Nullable
  private static LocalDateTime acceptedDate(@Nullable String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return LocalDateTime.parse(text, ACCEPTED);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          String.format(
              "%s field acceptedDate is \"%s\", expected YYYY-MM-DD HH:MM:SS", WHAT, text),
          e);
    }
  }

  /** When the statement became knowable under {@code rule}. */
  public Instant availableAt(FmpStatementAvailability rule) {
    return rule.availableAt(filingDate, acceptedDate);
  }
}
