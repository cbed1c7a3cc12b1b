package io.pitlake.fundamentals;

import java.time.LocalDate;
import java.util.Map;
import javax.annotation.Nullable;

/**
 * What was known about one security's curated line items at one knowledge instant: a row of {@code
 * gold.fundamentals_pit}.
 *
 * @param availableAt the knowledge instant, epoch milliseconds
 * @param eventTime the newest period end among the values used, epoch milliseconds
 * @param ingestedAt the newest ingestion among the values known, epoch milliseconds
 * @param accessionNumber a filing that became known at {@code availableAt} (the greatest number)
 * @param fiscalQuarterEnd the latest quarter end of any flow
 * @param balanceSheetDate the latest balance-sheet date
 * @param quarter latest-quarter value per flow
 * @param ttm trailing-twelve-month value per flow
 * @param balance latest-dated value per balance
 * @param revenueTtmYearAgo revenue over the twelve months ending a year before revenue's TTM end
 */
public record FundamentalsSnapshot(
    long availableAt,
    long eventTime,
    long ingestedAt,
    @Nullable String accessionNumber,
    @Nullable String form,
    @Nullable LocalDate fiscalQuarterEnd,
    @Nullable LocalDate balanceSheetDate,
    Map<LineItem, Double> quarter,
    Map<LineItem, Double> ttm,
    Map<LineItem, Double> balance,
    @Nullable Double revenueTtmYearAgo) {

  public FundamentalsSnapshot {
    quarter = Map.copyOf(quarter);
    ttm = Map.copyOf(ttm);
    balance = Map.copyOf(balance);
  }
}
