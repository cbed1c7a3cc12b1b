package io.pitlake.vendor.sec;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitlake.vendor.VendorJson;

/**
 * One entry of {@code company_tickers.json} ({@link SecCompanyTickersProtocol}): today's ticker of
 * a filer, for turning a ticker list into the CIKs EDGAR's other endpoints need. Today's only: use
 * it to plan a backfill, not as ticker history.
 *
 * @param cik EDGAR's {@code cik_str}, a JSON number despite its name
 */
public record SecCompanyTicker(long cik, String ticker, String title) {

  private static final String WHAT = "SEC company ticker";

  /**
   * Reads one element of {@link SecCompanyTickersProtocol}.
   *
   * @throws IllegalArgumentException naming the field that is missing or malformed
   */
  public static SecCompanyTicker parse(String json) {
    JsonNode entry = VendorJson.object(json, WHAT);
    return new SecCompanyTicker(
        VendorJson.requiredInteger(entry, "cik_str", WHAT),
        VendorJson.requiredText(entry, "ticker", WHAT),
        VendorJson.requiredText(entry, "title", WHAT));
  }
}
