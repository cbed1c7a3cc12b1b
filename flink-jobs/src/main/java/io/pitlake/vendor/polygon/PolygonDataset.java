package io.pitlake.vendor.polygon;

/**
 * The Polygon REST datasets besides daily aggregates, each read by {@link PolygonDatasetProtocol},
 * with what a split's key and date range mean for it.
 */
public enum PolygonDataset {
  /**
   * {@code /v2/aggs/grouped/locale/us/market/stocks/{date}}: every ticker's daily bar of one
   * session. Key: ignored (use {@link PolygonDatasetProtocol#ALL_TICKERS}); range: one day.
   */
  GROUPED_DAILY("grouped_daily"),
  /** {@code /v3/reference/splits}. Key: a ticker or {@code *}; range: execution dates. */
  SPLITS("splits"),
  /** {@code /v3/reference/dividends}. Key: a ticker or {@code *}; range: ex-dividend dates. */
  DIVIDENDS("dividends"),
  /** {@code /v2/reference/news}. Key: a ticker or {@code *}; range: publication days (UTC). */
  NEWS("news"),
  /** {@code /v3/reference/tickers/{ticker}?date=}: details as of one day. Range: one day. */
  TICKER_DETAILS("ticker_details"),
  /**
   * {@code /vX/reference/tickers/{id}/events?types=ticker_change}. Key: ticker, CUSIP or composite
   * FIGI; the range is not sent (the endpoint has no date filter).
   */
  TICKER_EVENTS("ticker_events"),
  /** {@code /v2/aggs/ticker/{ticker}/range/1/minute/{from}/{to}}; one split per symbol and day. */
  MINUTE_AGGS("aggs_minute"),
  /**
   * {@code /v2/aggs/ticker/{ticker}/range/1/day/{from}/{to}?adjusted=true}: the vendor's own
   * split-adjusted daily bars, as adjusted at the fetch, to compare with pitlake's adjustment. One
   * split per ticker over the range.
   */
  DAY_AGGS_ADJUSTED("aggs_day_adjusted"),
  /**
   * {@code /v3/reference/options/contracts?underlying_ticker=&as_of=&expired=false}: the option
   * contracts of one underlying listed and not yet expired on one day, as of that day, so a chain
   * that has since expired is still asked for as it stood. Key: the underlying; range: one day.
   */
  OPTIONS_CONTRACTS("options_contracts"),
  /**
   * {@code /v3/trades/{ticker}?timestamp.gte=&timestamp.lte=&order=asc&sort=timestamp}: the trades
   * of one ticker over New York days, for a live feed's gap fill (no bronze table of its own: the
   * trades join the websocket's). Key: a ticker; range: one day.
   */
  TRADES("trades");

  private final String tableName;

  PolygonDataset(String tableName) {
    this.tableName = tableName;
  }

  /** The dataset's name in sources, tables and quarantine ({@code polygon.<name>}). */
  public String datasetName() {
    return tableName;
  }
}
