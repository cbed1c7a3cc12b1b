package io.pitlake.vendor.fmp;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

import io.pitlake.vendor.sec.SecFilingAvailability;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import javax.annotation.Nullable;

/**
 * When an FMP statement became knowable: its {@code acceptedDate} (EDGAR's acceptance time, which
 * FMP gives without a zone and which is New York time like all EDGAR acceptance times) plus {@code
 * fmp.statements.publication-delay}; without it, the open of the first NYSE session after {@code
 * filingDate}. It is the EDGAR rule of {@link SecFilingAvailability} applied to FMP's copy of
 * EDGAR's dates, with FMP's own margin, since FMP does not document how long after EDGAR it serves
 * a statement (fmp.md, INF).
 *
 * <p>Caveat: FMP keeps one row per (symbol, period) and may overwrite it with restated values while
 * keeping the first filing's dates, so a revised row is dated too early. Prefer SEC companyfacts
 * for strict point-in-time values (fmp.md).
 */
public final class FmpStatementAvailability implements Serializable {

  private static final long serialVersionUID = 1L;

  private final SecFilingAvailability rule;

  /**
   * @param publicationDelay the value of {@code fmp.statements.publication-delay}, not negative
   */
  public FmpStatementAvailability(Duration publicationDelay) {
    checkNotNull(publicationDelay, "publication delay must not be null");
    checkArgument(
        !publicationDelay.isNegative(),
        "%s must not be negative, got %s: set it to 0 or more",
        FmpOptions.PUBLICATION_DELAY.key(),
        publicationDelay);
    this.rule = new SecFilingAvailability(publicationDelay);
  }

  /**
   * @param filingDate FMP's {@code filingDate}
   * @param acceptedDate FMP's {@code acceptedDate} as New York wall clock, or {@code null}
   */
  public Instant availableAt(LocalDate filingDate, @Nullable LocalDateTime acceptedDate) {
    return rule.availableAt(filingDate, acceptedDate);
  }
}
