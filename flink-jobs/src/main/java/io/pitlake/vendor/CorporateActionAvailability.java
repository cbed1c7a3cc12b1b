package io.pitlake.vendor;

import static org.apache.flink.util.Preconditions.checkNotNull;

import java.time.Instant;
import java.time.LocalDate;
import javax.annotation.Nullable;

/**
 * When a corporate action (split, dividend, rename, delisting) became knowable.
 *
 * <ul>
 *   <li>With an announcement date (Polygon's dividend {@code declaration_date}): the end of that
 *       New York day. The date has no time, and a declaration can come after the close, so the
 *       start of the day could be before the news existed.
 *   <li>Without one (Polygon splits, every Alpaca corporate action): the start of the day the
 *       action takes effect ({@code execution_date}, {@code ex_date}, a rename's {@code
 *       process_date}). Exchanges publish an action before the first session it affects, so that
 *       instant is never too early; it is usually later than the real announcement, which only
 *       makes a backtest know less, never more.
 * </ul>
 */
public final class CorporateActionAvailability {

  private CorporateActionAvailability() {}

  /**
   * @param announced the announcement date, if the vendor gives one
   * @param effective the first day the action affects prices or the ticker
   */
  public static Instant availableAt(@Nullable LocalDate announced, LocalDate effective) {
    checkNotNull(effective, "effective date must not be null: pass the ex or execution date");
    return announced != null ? MarketDates.endOfDay(announced) : MarketDates.startOfDay(effective);
  }
}
