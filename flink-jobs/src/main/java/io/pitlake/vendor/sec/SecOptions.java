package io.pitlake.vendor.sec;

import static org.apache.flink.util.Preconditions.checkArgument;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;

/**
 * SEC EDGAR settings ({@code sec.*}).
 *
 * <p>EDGAR takes no key, but it refuses requests (HTTP 403) that do not name the requester in the
 * User-Agent, and it allows at most 10 requests per second per user across all machines
 * (sec-edgar.md, E2/E3). Both are therefore configuration, not code: {@link #userAgent} and {@link
 * #requestsPerSecond} read them with checks whose messages name the option and the fix.
 */
public final class SecOptions {

  /** SEC's published ceiling per user or IP, across all machines. */
  public static final double MAX_REQUESTS_PER_SECOND = 10.0;

  public static final ConfigOption<String> BASE_URL =
      ConfigOptions.key("sec.base-url")
          .stringType()
          .defaultValue("https://data.sec.gov")
          .withDescription(
              "Host of EDGAR's JSON APIs (submissions, companyfacts). Point it at a proxy or the"
                  + " SEC simulator.");

  public static final ConfigOption<String> FILES_BASE_URL =
      ConfigOptions.key("sec.files-base-url")
          .stringType()
          .defaultValue("https://www.sec.gov")
          .withDescription(
              "Host of EDGAR's files, which serves files/company_tickers.json (a different host"
                  + " from sec.base-url).");

  public static final ConfigOption<String> USER_AGENT =
      ConfigOptions.key("sec.user-agent")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Required. The User-Agent sent with every EDGAR request: your organisation and a"
                  + " contact e-mail, e.g. 'Acme Research admin@acme.com'. SEC answers HTTP 403 to"
                  + " requests without one and may block the IP.");

  public static final ConfigOption<Double> REQUESTS_PER_SECOND =
      ConfigOptions.key("sec.requests-per-second")
          .doubleType()
          .defaultValue(8.0)
          .withDescription(
              "Requests per second for all EDGAR sources together; SEC allows at most 10 per"
                  + " user across all machines and throttles an IP that exceeds it for 10 minutes."
                  + " The default 8 leaves headroom. Use it as rest.requests-per-second of the SEC"
                  + " source, and share it if several SEC sources run at once.");

  public static final ConfigOption<Duration> PUBLICATION_DELAY =
      ConfigOptions.key("sec.publication-delay")
          .durationType()
          .defaultValue(Duration.ofMinutes(1))
          .withDescription(
              "Margin after a filing's EDGAR acceptance time until its data counts as available:"
                  + " available_at = acceptance (America/New_York) + this delay. Filings without an"
                  + " acceptance time use the open of the first NYSE session after their filing"
                  + " date instead.");

  private SecOptions() {}

  /**
   * The configured User-Agent.
   *
   * @throws IllegalArgumentException naming {@code sec.user-agent} and the fix if it is missing or
   *     unusable
   */
  public static String userAgent(Configuration config) {
    return checkUserAgent(config.get(USER_AGENT));
  }

  /**
   * {@code userAgent} if SEC can accept it: printable ASCII (it becomes an HTTP header) with a
   * contact e-mail, as SEC's example {@code Sample Company Name AdminContact@example.com} has.
   */
  public static String checkUserAgent(String userAgent) {
    checkArgument(
        userAgent != null && !userAgent.isBlank(),
        "%s is not set: set it to your organisation and a contact e-mail, e.g. %s: \"Acme"
            + " Research admin@acme.com\" (SEC EDGAR refuses requests without a User-Agent)",
        USER_AGENT.key(),
        USER_AGENT.key());
    String trimmed = userAgent.strip();
    checkArgument(
        trimmed.chars().allMatch(c -> c >= 0x20 && c < 0x7f),
        "%s must be printable ASCII (it is sent as an HTTP header): remove other characters",
        USER_AGENT.key());
    checkArgument(
        trimmed.contains("@"),
        "%s '%s' has no contact e-mail: SEC asks for your organisation and an e-mail, e.g."
            + " \"Acme Research admin@acme.com\"",
        USER_AGENT.key(),
        trimmed);
    return trimmed;
  }

  /**
   * The configured request rate.
   *
   * @throws IllegalArgumentException naming {@code sec.requests-per-second} unless it is in (0, 10]
   */
  public static double requestsPerSecond(Configuration config) {
    double rate = config.get(REQUESTS_PER_SECOND);
    checkArgument(
        rate > 0 && rate <= MAX_REQUESTS_PER_SECOND,
        "%s is %s: set a rate above 0 and at most %s (SEC's limit per user across all machines)",
        REQUESTS_PER_SECOND.key(),
        rate,
        MAX_REQUESTS_PER_SECOND);
    return rate;
  }
}
