package io.pitlake.fundamentals;

import java.util.Locale;

/**
 * The curated line items of {@code gold.fundamentals_pit}. A flow (revenue, income, cash flow) is
 * reported for a period and yields a latest-quarter and a trailing-twelve-month value; a balance
 * (assets, shares) is reported at an instant and yields its latest-dated value. Which XBRL concepts
 * feed an item is SQL's business ({@code sql/gold/fundamentals_pit.sql}); this type only says how
 * an item is aggregated.
 */
public enum LineItem {
  REVENUE(true),
  NET_INCOME(true),
  EPS_DILUTED(true),
  OPERATING_CASH_FLOW(true),
  TOTAL_ASSETS(false),
  TOTAL_LIABILITIES(false),
  STOCKHOLDERS_EQUITY(false),
  CASH(false),
  CASH_EQUIVALENTS(false),
  SHARES_OUTSTANDING(false);

  private final boolean flow;

  LineItem(boolean flow) {
    this.flow = flow;
  }

  /** Whether the item is reported over a period (true) or at an instant (false). */
  public boolean flow() {
    return flow;
  }

  /** Whether the item's date is a balance-sheet date (shares outstanding is a cover-page date). */
  boolean balanceSheet() {
    return !flow && this != SHARES_OUTSTANDING;
  }

  /**
   * The item named as in SQL, e.g. {@code net_income}.
   *
   * @throws IllegalArgumentException naming the items there are
   */
  public static LineItem of(String name) {
    try {
      return valueOf(name.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          String.format(
              "'%s' is not a curated line item: use one of %s (lower case)",
              name, java.util.Arrays.toString(values())),
          e);
    }
  }
}
