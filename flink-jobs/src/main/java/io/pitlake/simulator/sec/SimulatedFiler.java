package io.pitlake.simulator.sec;

import java.util.List;

/**
 * A filer the SEC simulator knows: its submissions (newest first) and its XBRL facts.
 *
 * @param facts empty for a filer listed in company_tickers.json only
 */
public record SimulatedFiler(
    long cik,
    String ticker,
    String name,
    String fiscalYearEnd,
    List<SimulatedFiling> filings,
    List<SimulatedFact> facts) {

  public SimulatedFiler {
    filings = List.copyOf(filings);
    facts = List.copyOf(facts);
  }

  /** EDGAR's {@code CIK##########}. */
  public String fileStem() {
    return String.format("CIK%010d", cik);
  }
}
