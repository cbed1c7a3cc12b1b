package io.pitlake.source.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pitlake.source.rest.split.RestSplit;
import io.pitlake.vendor.polygon.PolygonAggsProtocol;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RestSourceBuilderTest {

  private static final List<RestSplit> SPLITS =
      RestSplit.chunks(
          List.of("AAPL"),
          LocalDate.parse("2023-01-01"),
          LocalDate.parse("2023-12-31"),
          Period.ofYears(1));

  @Test
  @DisplayName("builds a bounded, serializable source from complete settings")
  void buildsBoundedSource() throws IOException {
    RestSource source = complete().build();

    assertThat(source.getBoundedness()).isEqualTo(Boundedness.BOUNDED);
    assertThat(source.getProducedType().getTypeClass()).isEqualTo(FetchedRecord.class);
    ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream());
    out.writeObject(source);
  }

  @Test
  @DisplayName("a missing protocol names setProtocol")
  void requiresProtocol() {
    assertThatThrownBy(() -> complete().setProtocol(null).build())
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("protocol is required")
        .hasMessageContaining("setProtocol");
  }

  @Test
  @DisplayName("a missing base URL names the vendor's base-url key")
  void requiresBaseUrl() {
    assertThatThrownBy(() -> complete().setBaseUrl(null).build())
        .hasMessageContaining("baseUrl is required: set polygon.base-url");
  }

  @Test
  @DisplayName("a base URL that is not http(s) names the value and the key")
  void rejectsNonHttpBaseUrl() {
    assertThatThrownBy(() -> complete().setBaseUrl("ftp://x").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("baseUrl 'ftp://x' is not an http(s) URL: set polygon.base-url");
  }

  @Test
  @DisplayName("a key in the base URL is refused, and not repeated in the message")
  void rejectsKeyInBaseUrl() {
    assertThatThrownBy(() -> complete().setBaseUrl("https://h/?apiKey=s3cr3t").build())
        .hasMessageContaining("must not have a query")
        .hasMessageContaining("apiKey=REDACTED")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t"));
  }

  @Test
  @DisplayName("a clock that cannot travel with the source is refused, naming the fix")
  void requiresSerializableClock() {
    Clock unserializable =
        new Clock() {
          @Override
          public ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return Instant.EPOCH;
          }
        };
    assertThatThrownBy(() -> complete().setClock(unserializable).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "is not serializable: pass Clock.systemUTC() or a serializable clock");
  }

  @Test
  @DisplayName("missing credentials suggest the vendor's environment variable")
  void requiresCredentials() {
    assertThatThrownBy(() -> complete().setCredentials(null).build())
        .hasMessageContaining("credentials are required")
        .hasMessageContaining("Credentials.fromEnv(\"POLYGON_API_KEY\")");
  }

  @Test
  @DisplayName("no splits, or a split listed twice, are refused")
  void rejectsBadSplits() {
    assertThatThrownBy(() -> complete().setSplits(null).build())
        .hasMessageContaining("splits are required");
    assertThatThrownBy(() -> complete().setSplits(List.of()).build())
        .hasMessageContaining("splits is empty");
    assertThatThrownBy(() -> complete().setSplits(List.of(SPLITS.get(0), SPLITS.get(0))).build())
        .hasMessageContaining("split id AAPL:2023-01-01:2023-12-31 appears twice");
  }

  @Test
  @DisplayName("invalid options are named by key with the fix")
  void rejectsInvalidOptions() {
    assertThatThrownBy(() -> withOption(RestSourceOptions.READ_TIMEOUT, Duration.ZERO))
        .hasMessageContaining("rest.read-timeout is PT0S: set a positive duration");
    assertThatThrownBy(() -> withOption(RestSourceOptions.MAX_RETRIES, -1))
        .hasMessageContaining("rest.max-retries is -1: set it to 0 or more");
    assertThatThrownBy(() -> withOption(RestSourceOptions.REQUESTS_PER_SECOND, -2.0))
        .hasMessageContaining("rest.requests-per-second is -2.0: set a rate >= 0");
    assertThatThrownBy(() -> withOption(RestSourceOptions.MAX_PAGES_PER_SPLIT, 0))
        .hasMessageContaining("rest.max-pages-per-split is 0: set it to 1 or more");
    assertThatThrownBy(() -> withOption(RestSourceOptions.BACKOFF_MAX, Duration.ofMillis(10)))
        .hasMessageContaining("rest.backoff.max (PT0.01S) is shorter than rest.backoff.initial")
        .hasMessageContaining("raise rest.backoff.max");
  }

  private static <T> RestSource withOption(ConfigOption<T> option, T value) {
    Configuration config = new Configuration();
    config.set(option, value);
    return complete().setConfiguration(config).build();
  }

  private static RestSourceBuilder complete() {
    return RestSource.builder()
        .setBaseUrl("https://api.massive.com")
        .setProtocol(new PolygonAggsProtocol())
        .setCredentials(Credentials.fromEnv("POLYGON_API_KEY"))
        .setSplits(SPLITS);
  }
}
