package io.pitlake.vendor.sec;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitlake.vendor.VendorJson;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import javax.annotation.Nullable;

/**
 * One EDGAR filing from a submissions element ({@link SecSubmissionsProtocol}): what silver needs
 * to date the facts a filing reported, joined on {@code accessionNumber} = a fact's {@code accn}.
 *
 * @param cik the filer
 * @param accessionNumber EDGAR's id of the filing, e.g. {@code 0000950170-22-000796}
 * @param form e.g. {@code 10-K}, {@code 10-K/A}, {@code 8-K}
 * @param filingDate EDGAR's filing date; a filing accepted after the 17:30 cut-off is dated on the
 *     next business day
 * @param reportDate the period the filing reports on, if EDGAR gives one
 * @param acceptanceDateTime EDGAR's acceptance time as New York wall clock (EDGAR's trailing {@code
 *     Z} is not UTC; see {@link SecFilingAvailability}), if given
 */
public record SecFiling(
    long cik,
    String accessionNumber,
    String form,
    LocalDate filingDate,
    @Nullable LocalDate reportDate,
    @Nullable LocalDateTime acceptanceDateTime) {

  private static final String WHAT = "SEC filing";

  /**
   * Reads one element of {@link SecSubmissionsProtocol}.
   *
   * @throws IllegalArgumentException naming the field that is missing or malformed
   */
  public static SecFiling parse(String json) {
    JsonNode filing = VendorJson.object(json, WHAT);
    String acceptance = VendorJson.text(filing, "acceptanceDateTime");
    LocalDateTime accepted;
    try {
      accepted =
          acceptance == null || acceptance.isBlank()
              ? null
              : SecFilingAvailability.acceptanceWallClock(acceptance);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(WHAT + " field " + e.getMessage(), e);
    }
    return new SecFiling(
        VendorJson.requiredInteger(filing, "cik", WHAT),
        VendorJson.requiredText(filing, "accessionNumber", WHAT),
        VendorJson.requiredText(filing, "form", WHAT),
        VendorJson.requiredDate(filing, "filingDate", WHAT),
        VendorJson.date(filing, "reportDate", WHAT),
        accepted);
  }

  /** Whether the form amends an earlier filing ({@code 10-K/A}, {@code 10-Q/A}, ...). */
  public boolean isAmendment() {
    return form.endsWith("/A");
  }

  /** When the filing's content became knowable under {@code rule}. */
  public Instant availableAt(SecFilingAvailability rule) {
    return rule.availableAt(filingDate, acceptanceDateTime);
  }
}
