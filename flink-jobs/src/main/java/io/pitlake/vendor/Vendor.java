package io.pitlake.vendor;

/**
 * The market-data vendors pitlake reads, with the character each one writes between a ticker's root
 * and its share class ({@code BRK.B} at Polygon and Alpaca, {@code BRK-B} at FMP and SEC EDGAR's
 * {@code company_tickers.json}).
 */
public enum Vendor {
  POLYGON('.'),
  ALPACA('.'),
  FMP('-'),
  SEC('-');

  private final char classSeparator;

  Vendor(char classSeparator) {
    this.classSeparator = classSeparator;
  }

  /** What separates root and share class in this vendor's tickers. */
  public char classSeparator() {
    return classSeparator;
  }
}
