package io.pitlake.vendor.alpaca;

import java.util.Locale;

/**
 * The {@code feed} of Alpaca's bars. Alpaca's default depends on the plan (alpaca.md), so pitlake
 * always sends one: the same configuration then reads the same data on every account.
 */
public enum AlpacaFeed {
  /** The consolidated tape of all US exchanges; historical data older than 15 minutes is free. */
  SIP,
  /** IEX only: a few percent of the volume. */
  IEX,
  /** SIP delayed by 15 minutes. */
  DELAYED_SIP,
  OTC,
  BOATS,
  OVERNIGHT;

  /** The value Alpaca expects, e.g. {@code delayed_sip}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
