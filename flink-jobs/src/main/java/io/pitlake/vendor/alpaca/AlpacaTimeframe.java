package io.pitlake.vendor.alpaca;

/** The bar lengths pitlake reads from Alpaca, with Alpaca's {@code timeframe} value. */
public enum AlpacaTimeframe {
  /** Daily bars, labelled 00:00 America/New_York of the session. */
  DAY("1Day"),
  /** Minute bars, labelled by the start of the minute. */
  MINUTE("1Min");

  private final String wireName;

  AlpacaTimeframe(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
