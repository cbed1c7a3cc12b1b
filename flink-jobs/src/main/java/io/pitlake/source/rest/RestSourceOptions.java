package io.pitlake.source.rest;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Options of the {@link RestSource}; pass them with {@link RestSourceBuilder#setConfiguration}. */
public final class RestSourceOptions {

  public static final ConfigOption<Duration> CONNECT_TIMEOUT =
      ConfigOptions.key("rest.connect-timeout")
          .durationType()
          .defaultValue(Duration.ofSeconds(10))
          .withDescription(
              "How long to wait for a TCP/TLS connection to the vendor. A timeout is retried like"
                  + " any I/O error. Must be positive; the default is 10 s.");

  public static final ConfigOption<Duration> READ_TIMEOUT =
      ConfigOptions.key("rest.read-timeout")
          .durationType()
          .defaultValue(Duration.ofSeconds(30))
          .withDescription(
              "The longest silence between two reads of a response before the request is retried."
                  + " Must be positive; the default is 30 s.");

  public static final ConfigOption<Duration> CALL_TIMEOUT =
      ConfigOptions.key("rest.call-timeout")
          .durationType()
          .defaultValue(Duration.ofMinutes(2))
          .withDescription(
              "The longest a single request may take end to end, including reading a large page."
                  + " Must be positive; the default is 2 min.");

  public static final ConfigOption<Integer> MAX_RETRIES =
      ConfigOptions.key("rest.max-retries")
          .intType()
          .defaultValue(5)
          .withDescription(
              "How often a request is retried after HTTP 429, a 5xx status, a timeout or an I/O"
                  + " error before the job fails. 0 disables retries; the default is 5.");

  public static final ConfigOption<Integer> UNREADABLE_PAGE_RETRIES =
      ConfigOptions.key("rest.unreadable-page-retries")
          .intType()
          .defaultValue(2)
          .withDescription(
              "How often a 2xx page that is not the vendor's JSON (an HTML error page from a CDN,"
                  + " a cut or malformed body) is fetched again, with backoff, before it becomes a"
                  + " failure record in quarantine and ends its split. Such pages are usually"
                  + " transient. 0 quarantines at once; the default is 2.");

  public static final ConfigOption<Duration> BACKOFF_INITIAL =
      ConfigOptions.key("rest.backoff.initial")
          .durationType()
          .defaultValue(Duration.ofMillis(500))
          .withDescription(
              "The backoff cap of the first retry; it doubles per retry up to rest.backoff.max."
                  + " Each wait is drawn uniformly between 0 and the cap (full jitter). Must be"
                  + " positive; the default is 500 ms.");

  public static final ConfigOption<Duration> BACKOFF_MAX =
      ConfigOptions.key("rest.backoff.max")
          .durationType()
          .defaultValue(Duration.ofSeconds(60))
          .withDescription(
              "The largest backoff cap, and the longest Retry-After wait that is honoured (longer"
                  + " values are shortened to it). Must be at least rest.backoff.initial; the"
                  + " default is 60 s, which covers a per-minute vendor limit.");

  public static final ConfigOption<Double> REQUESTS_PER_SECOND =
      ConfigOptions.key("rest.requests-per-second")
          .doubleType()
          .defaultValue(0.0)
          .withDescription(
              "Requests per second the whole source may send, shared as rest.rate-limit-scope"
                  + " says. 0 means unlimited (the default). Polygon's free plan allows 5 requests"
                  + " per minute, i.e. 0.083.");

  public static final ConfigOption<RateLimitScope> RATE_LIMIT_SCOPE =
      ConfigOptions.key("rest.rate-limit-scope")
          .enumType(RateLimitScope.class)
          .defaultValue(RateLimitScope.READER)
          .withDescription(
              "Who shares rest.requests-per-second: READER divides it by the source parallelism"
                  + " (safe on any cluster); PROCESS gives every reader in the JVM one bucket per"
                  + " rest.rate-limit-group at the full rate (exact on one task manager). pitlake's"
                  + " CLI uses PROCESS when it runs its own embedded cluster and this is not set.");

  public static final ConfigOption<String> RATE_LIMIT_GROUP =
      ConfigOptions.key("rest.rate-limit-group")
          .stringType()
          .defaultValue("rest")
          .withDescription(
              "With rest.rate-limit-scope PROCESS, the sources that share one bucket: pitlake"
                  + " names it for the vendor, whose limit covers all of its endpoints.");

  public static final ConfigOption<Integer> MAX_PAGES_PER_SPLIT =
      ConfigOptions.key("rest.max-pages-per-split")
          .intType()
          .defaultValue(1000)
          .withDescription(
              "The most pages one split may fetch. A split that still has a next page after this"
                  + " many ends with a failure record, which guards against a vendor cursor that"
                  + " never ends. Must be positive; the default is 1000.");

  private RestSourceOptions() {}
}
