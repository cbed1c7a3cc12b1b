package io.pitlake.source.rest.reader;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.source.rest.AuthStyle;
import io.pitlake.source.rest.Credentials;
import io.pitlake.source.rest.RateLimitScope;
import io.pitlake.source.rest.RestSourceOptions;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RestConnectionTest {

  @Test
  @DisplayName("PROCESS: the readers of a vendor draw on one bucket at the vendor's full rate")
  void processScopeSharesOneBucketAtTheFullRate() {
    Configuration config = limited(RateLimitScope.PROCESS, "connection-test-process");
    try (RestConnection a = connection(config);
        RestConnection b = connection(config)) {
      assertThat(a.reserveRequest()).isLessThan(Duration.ofMillis(100));
      // 2 requests per second in total: each reservation is 500 ms after the previous one,
      // whichever reader makes it.
      assertThat(b.reserveRequest()).isBetween(Duration.ofMillis(400), Duration.ofMillis(500));
      assertThat(a.reserveRequest()).isBetween(Duration.ofMillis(900), Duration.ofMillis(1000));
    }
  }

  @Test
  @DisplayName("READER: each reader has its own bucket at the rate divided by the parallelism")
  void readerScopeDividesTheRate() {
    Configuration config = limited(RateLimitScope.READER, "connection-test-reader");
    try (RestConnection a = connection(config);
        RestConnection b = connection(config)) {
      assertThat(a.reserveRequest()).isLessThan(Duration.ofMillis(100));
      assertThat(b.reserveRequest()).isLessThan(Duration.ofMillis(100));
      // 2 per second over 2 readers: 1 per second each.
      assertThat(a.reserveRequest()).isBetween(Duration.ofMillis(900), Duration.ofMillis(1000));
    }
  }

  private static Configuration limited(RateLimitScope scope, String group) {
    Configuration config = new Configuration();
    config.set(RestSourceOptions.REQUESTS_PER_SECOND, 2.0);
    config.set(RestSourceOptions.RATE_LIMIT_SCOPE, scope);
    config.set(RestSourceOptions.RATE_LIMIT_GROUP, group);
    return config;
  }

  /** A reader's connection in a source of parallelism 2. */
  private static RestConnection connection(Configuration config) {
    return new RestConnection(AuthStyle.bearerHeader(), Credentials.none(), config, 2);
  }
}
