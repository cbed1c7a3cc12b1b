package io.pitlake.source.rest;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import javax.annotation.Nullable;

/**
 * One element of a vendor page, exactly as delivered, or one page that could not be read.
 *
 * <p>The REST source stays vendor-neutral: it emits the raw JSON text of each element of a page and
 * leaves typing, validation and the availability rule to the vendor package downstream. A page that
 * fails (malformed JSON, an HTML error page with status 200) is not lost: it is emitted once with
 * {@code failure} set and the whole body as {@code payload}, so the job can quarantine it.
 *
 * @param splitId the split that produced the element
 * @param key the split's key (for price data the vendor ticker)
 * @param splitFrom the split's first day: the day a one-day request asked for (a grouped daily
 *     page, ticker details as of a date), which the elements themselves may not name
 * @param requestUrl the request URL with every credential redacted
 * @param payload the element's JSON text, or the raw body of a failed page
 * @param fetchedAt when the response was received
 * @param failure {@code null} for a good element, otherwise why the page was rejected
 */
public record FetchedRecord(
    String splitId,
    String key,
    LocalDate splitFrom,
    String requestUrl,
    String payload,
    Instant fetchedAt,
    @Nullable String failure)
    implements Serializable {

  public boolean isFailure() {
    return failure != null;
  }
}
