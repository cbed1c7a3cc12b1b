package io.pitlake.vendor.sec;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitlake.vendor.VendorJson;
import java.math.BigDecimal;
import java.time.LocalDate;
import javax.annotation.Nullable;

/**
 * One reported value of one XBRL fact, from an element of {@link SecCompanyFactsProtocol}.
 *
 * <p>The same period of the same concept is reported again and again: as a comparative in later
 * filings (same value, new {@code accn} and {@code filed}), and as a restatement (a different
 * value; SNOW's cash equivalents at 2023-01-31 were 398,346,000 in the 10-K filed 2023-03-29 and
 * 539,390,000 from the 10-Q filed 2023-06-02 on). Each report is one version, identified by (cik,
 * taxonomy, concept, unit, start, end, accn). A point-in-time read keeps the versions available at
 * its instant and takes the latest {@code filed} per (taxonomy, concept, unit, start, end); taking
 * the {@code frame}d or latest value instead would leak the restatement (sec-edgar.md).
 *
 * @param start first day of a duration fact; {@code null} for an instant fact
 * @param end last day of the period, or the instant
 * @param val the value as reported, exact
 * @param accn accession number of the filing that reported it; joins {@link SecFiling}
 * @param fy fiscal year of the <em>filing</em>, not of the value's period
 * @param fp fiscal period of the filing ({@code FY}, {@code Q1}..{@code Q4}), not of the value
 * @param filed the filing's EDGAR filing date
 * @param frame the calendar frame EDGAR gives the last-filed value of a period, if this is it
 */
public record SecFactVersion(
    long cik,
    String taxonomy,
    String concept,
    String unit,
    @Nullable LocalDate start,
    LocalDate end,
    BigDecimal val,
    String accn,
    @Nullable Long fy,
    @Nullable String fp,
    String form,
    LocalDate filed,
    @Nullable String frame) {

  private static final String WHAT = "SEC fact";

  /**
   * Reads one element of {@link SecCompanyFactsProtocol}.
   *
   * @throws IllegalArgumentException naming the field that is missing or malformed
   */
  public static SecFactVersion parse(String json) {
    JsonNode fact = VendorJson.object(json, WHAT);
    return new SecFactVersion(
        VendorJson.requiredInteger(fact, "cik", WHAT),
        VendorJson.requiredText(fact, "taxonomy", WHAT),
        VendorJson.requiredText(fact, "concept", WHAT),
        VendorJson.requiredText(fact, "unit", WHAT),
        VendorJson.date(fact, "start", WHAT),
        VendorJson.requiredDate(fact, "end", WHAT),
        VendorJson.requiredDecimal(fact, "val", WHAT),
        VendorJson.requiredText(fact, "accn", WHAT),
        VendorJson.integer(fact, "fy"),
        VendorJson.text(fact, "fp"),
        VendorJson.requiredText(fact, "form", WHAT),
        VendorJson.requiredDate(fact, "filed", WHAT),
        VendorJson.text(fact, "frame"));
  }

  /** Whether the value is for an instant (a balance) rather than a duration (a flow). */
  public boolean isInstant() {
    return start == null;
  }
}
