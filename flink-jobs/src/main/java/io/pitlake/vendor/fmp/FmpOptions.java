package io.pitlake.vendor.fmp;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Financial Modeling Prep settings ({@code fmp.*}). */
public final class FmpOptions {

  private FmpOptions() {}

  public static final ConfigOption<String> BASE_URL =
      ConfigOptions.key("fmp.base-url")
          .stringType()
          .defaultValue("https://financialmodelingprep.com")
          .withDescription(
              "FMP host; pitlake requests its /stable endpoints below it. Do not point it at"
                  + " /api/v3: FMP closed those legacy endpoints to keys created after 2025-08-31.");

  public static final ConfigOption<String> API_KEY_ENV =
      ConfigOptions.key("fmp.api-key-env")
          .stringType()
          .defaultValue("FMP_API_KEY")
          .withDescription(
              "Name of the environment variable holding the API key. The key is sent as the"
                  + " apikey query parameter, which pitlake redacts from logs, records and"
                  + " checkpoints.");

  public static final ConfigOption<String> API_KEY_FILE =
      ConfigOptions.key("fmp.api-key-file")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "File holding the API key (first line), used instead of the environment variable"
                  + " when set, e.g. a mounted Kubernetes Secret.");

  public static final ConfigOption<String> STATEMENT_PERIOD =
      ConfigOptions.key("fmp.statements.period")
          .stringType()
          .defaultValue("annual")
          .withDescription(
              "Which statements to fetch: annual (the default), quarter, FY or Q1..Q4 (FMP's"
                  + " period parameter).");

  public static final ConfigOption<Integer> STATEMENT_LIMIT =
      ConfigOptions.key("fmp.statements.limit")
          .intType()
          .defaultValue(1000)
          .withDescription(
              "Periods per symbol, newest first (FMP's limit parameter, 1..1000). FMP's"
                  + " statements have no paging and no date filter, so this bounds the history.");

  public static final ConfigOption<Double> REQUESTS_PER_SECOND =
      ConfigOptions.key("fmp.requests-per-second")
          .doubleType()
          .defaultValue(4.0)
          .withDescription(
              "Requests per second for all FMP sources together. FMP's Starter plan allows 300"
                  + " per minute (5/s); the free plan 250 per day. The default 4 leaves headroom on"
                  + " Starter. Use it as rest.requests-per-second of the FMP source.");

  public static final ConfigOption<Duration> PUBLICATION_DELAY =
      ConfigOptions.key("fmp.statements.publication-delay")
          .durationType()
          .defaultValue(Duration.ofHours(1))
          .withDescription(
              "Margin after a statement's EDGAR acceptance time (acceptedDate, New York) until FMP"
                  + " is assumed to serve it: available_at = acceptedDate + this delay. FMP does"
                  + " not document its latency. Statements without acceptedDate use the open of"
                  + " the first NYSE session after filingDate.");
}
