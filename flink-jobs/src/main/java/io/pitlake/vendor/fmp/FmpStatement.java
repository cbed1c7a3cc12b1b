package io.pitlake.vendor.fmp;

/**
 * The three financial statements FMP serves under {@code /stable}, one JSON array of periods per
 * symbol, newest first (fmp.md, F1). They share the header fields that {@link FmpStatementRow}
 * reads; their line items differ.
 */
public enum FmpStatement {
  INCOME("income-statement"),
  BALANCE_SHEET("balance-sheet-statement"),
  CASH_FLOW("cash-flow-statement");

  private final String endpoint;

  FmpStatement(String endpoint) {
    this.endpoint = endpoint;
  }

  /** The path segment below {@code /stable}, e.g. {@code income-statement}. */
  public String endpoint() {
    return endpoint;
  }

  /** The dataset name for tables and metrics, e.g. {@code income_statement}. */
  public String datasetName() {
    return endpoint.replace('-', '_');
  }
}
