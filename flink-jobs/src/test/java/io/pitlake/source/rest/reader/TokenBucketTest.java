package io.pitlake.source.rest.reader;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

  @Test
  @DisplayName("spaces requests at the rate and never bursts after an idle spell")
  void spacesRequests() {
    TokenBucket bucket = new TokenBucket(4.0, nanos::get);

    assertThat(bucket.reserve()).isEqualTo(Duration.ZERO);
    assertThat(bucket.reserve()).isEqualTo(Duration.ofMillis(250));
    assertThat(bucket.reserve()).isEqualTo(Duration.ofMillis(500));

    nanos.addAndGet(Duration.ofSeconds(10).toNanos());
    assertThat(bucket.reserve()).isEqualTo(Duration.ZERO);
    assertThat(bucket.reserve()).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  @DisplayName("a shared bucket is one per group and rate in the JVM")
  void sharedBucketsAreOnePerGroupAndRate() {
    TokenBucket sec = TokenBucket.shared("token-bucket-test-sec", 8.0);
    assertThat(TokenBucket.shared("token-bucket-test-sec", 8.0)).isSameAs(sec);
    assertThat(TokenBucket.shared("token-bucket-test-fmp", 8.0)).isNotSameAs(sec);
    assertThat(TokenBucket.shared("token-bucket-test-sec", 4.0)).isNotSameAs(sec);
  }

  @Test
  @DisplayName("a rate of 0 never waits")
  void zeroIsUnlimited() {
    TokenBucket bucket = new TokenBucket(0.0, nanos::get);
    for (int i = 0; i < 5; i++) {
      assertThat(bucket.reserve()).isEqualTo(Duration.ZERO);
    }
  }
}
