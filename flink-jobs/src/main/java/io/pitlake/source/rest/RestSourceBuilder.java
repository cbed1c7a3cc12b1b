package io.pitlake.source.rest;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

import io.pitlake.source.rest.split.RestSplit;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import okhttp3.HttpUrl;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * Builds a {@link RestSource}; {@link #build()} checks everything it can before the job is
 * submitted, with messages that name the setting and the fix.
 */
public class RestSourceBuilder {

  private String baseUrl;
  private PageProtocol protocol;
  private Credentials credentials;
  private List<RestSplit> splits;
  private FollowMode follow;
  private Clock clock = Clock.systemUTC();
  private final Configuration configuration = new Configuration();

  RestSourceBuilder() {}

  /** The vendor's base URL, or a proxy, staging host or simulator standing in for it. */
  public RestSourceBuilder setBaseUrl(String baseUrl) {
    this.baseUrl = baseUrl;
    return this;
  }

  public RestSourceBuilder setProtocol(PageProtocol protocol) {
    this.protocol = protocol;
    return this;
  }

  /** Where the key comes from; {@link Credentials#none()} for an API without one. */
  public RestSourceBuilder setCredentials(Credentials credentials) {
    this.credentials = credentials;
    return this;
  }

  /** The splits in hand-out order; see {@link RestSplit#chunks}. */
  public RestSourceBuilder setSplits(List<RestSplit> splits) {
    this.splits = splits;
    return this;
  }

  /**
   * Makes the source unbounded: instead of fixed splits it fetches each day as the vendor publishes
   * it. Replaces {@link #setSplits}.
   */
  public RestSourceBuilder setFollow(FollowMode follow) {
    this.follow = follow;
    return this;
  }

  /**
   * Stamps each page's receipt ({@link FetchedRecord#fetchedAt()}, which dates a revision): the
   * system clock unless the job runs on a clock of its own, as a test that moves time does. It is
   * serialized with the source.
   */
  public RestSourceBuilder setClock(Clock clock) {
    this.clock = clock;
    return this;
  }

  /** {@link RestSourceOptions} to use; unset options keep their defaults. */
  public RestSourceBuilder setConfiguration(Configuration configuration) {
    this.configuration.addAll(configuration);
    return this;
  }

  public RestSource build() {
    sanityCheck();
    return new RestSource(
        baseUrl,
        protocol,
        credentials,
        follow == null ? splits : List.of(),
        follow,
        new Configuration(configuration),
        clock);
  }

  private void sanityCheck() {
    checkNotNull(
        protocol, "protocol is required: call setProtocol(..) with the vendor's PageProtocol");
    String baseUrlKey = protocol.name() + ".base-url";
    checkNotNull(baseUrl, "baseUrl is required: set %s", baseUrlKey);
    HttpUrl parsed = HttpUrl.parse(baseUrl);
    checkArgument(
        parsed != null, "baseUrl '%s' is not an http(s) URL: set %s", baseUrl, baseUrlKey);
    checkArgument(
        parsed.query() == null,
        "baseUrl '%s' must not have a query (keys go through setCredentials): set %s",
        Redaction.redact(baseUrl),
        baseUrlKey);
    checkArgument(
        clock instanceof Serializable,
        "clock %s is not serializable: pass Clock.systemUTC() or a serializable clock",
        clock);
    checkNotNull(
        credentials,
        "credentials are required: call setCredentials(Credentials.fromEnv(\"%s_API_KEY\")),"
            + " Credentials.fromFile(..), or Credentials.none() for an open API",
        protocol.name().toUpperCase(Locale.ROOT));
    checkArgument(
        splits == null || follow == null,
        "set either splits (a bounded run) or follow (a live run), not both");
    checkArgument(
        splits != null || follow != null,
        "splits are required: call setSplits(RestSplit.chunks(..)), or setFollow(..) for a live"
            + " run");
    checkArgument(
        follow != null || !splits.isEmpty(),
        "splits is empty: pass at least one key to RestSplit.chunks(..)");
    Set<String> ids = new HashSet<>();
    for (RestSplit split : follow == null ? splits : List.<RestSplit>of()) {
      checkArgument(
          ids.add(split.splitId()),
          "split id %s appears twice: each key and date range must be listed once",
          split.splitId());
    }
    checkPositive(RestSourceOptions.CONNECT_TIMEOUT);
    checkPositive(RestSourceOptions.READ_TIMEOUT);
    checkPositive(RestSourceOptions.CALL_TIMEOUT);
    checkPositive(RestSourceOptions.BACKOFF_INITIAL);
    Duration initial = configuration.get(RestSourceOptions.BACKOFF_INITIAL);
    Duration max = configuration.get(RestSourceOptions.BACKOFF_MAX);
    checkArgument(
        max.compareTo(initial) >= 0,
        "%s (%s) is shorter than %s (%s): raise %s",
        RestSourceOptions.BACKOFF_MAX.key(),
        max,
        RestSourceOptions.BACKOFF_INITIAL.key(),
        initial,
        RestSourceOptions.BACKOFF_MAX.key());
    int retries = configuration.get(RestSourceOptions.MAX_RETRIES);
    checkArgument(
        retries >= 0,
        "%s is %s: set it to 0 or more",
        RestSourceOptions.MAX_RETRIES.key(),
        retries);
    double rate = configuration.get(RestSourceOptions.REQUESTS_PER_SECOND);
    checkArgument(
        rate >= 0 && Double.isFinite(rate),
        "%s is %s: set a rate >= 0 (0 means unlimited)",
        RestSourceOptions.REQUESTS_PER_SECOND.key(),
        rate);
    int maxPages = configuration.get(RestSourceOptions.MAX_PAGES_PER_SPLIT);
    checkArgument(
        maxPages > 0,
        "%s is %s: set it to 1 or more",
        RestSourceOptions.MAX_PAGES_PER_SPLIT.key(),
        maxPages);
  }

  private void checkPositive(ConfigOption<Duration> option) {
    Duration value = configuration.get(option);
    checkArgument(
        !value.isNegative() && !value.isZero(),
        "%s is %s: set a positive duration such as 10 s",
        option.key(),
        value);
  }
}
