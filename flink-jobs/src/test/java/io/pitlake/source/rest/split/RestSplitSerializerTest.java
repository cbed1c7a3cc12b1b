package io.pitlake.source.rest.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.LocalDate;
import java.util.Base64;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RestSplitSerializerTest {

  private static final RestSplit IN_PROGRESS =
      new RestSplit(
          "AAPL:2023-01-01:2023-12-31",
          "AAPL",
          LocalDate.parse("2023-01-01"),
          LocalDate.parse("2023-12-31"),
          "https://api.massive.com/v2/aggs/ticker/AAPL/range/1/day/1672722000000/2023-12-31"
              + "?cursor=YXA9Mg",
          1);
  private static final RestSplit NOT_STARTED =
      RestSplit.of("MSFT", LocalDate.parse("2023-01-01"), LocalDate.parse("2023-12-31"));

  /** {@link #IN_PROGRESS} as version 1 wrote it; must stay readable forever. */
  private static final String IN_PROGRESS_V1 =
      "AAAAGkFBUEw6MjAyMy0wMS0wMToyMDIzLTEyLTMxAAAABEFBUEwAAAAAAABLngAAAAAAAE0KAQAAAF5odHRwczovL2"
          + "FwaS5tYXNzaXZlLmNvbS92Mi9hZ2dzL3RpY2tlci9BQVBML3JhbmdlLzEvZGF5LzE2NzI3MjIwMDAwMDAvMjAy"
          + "My0xMi0zMT9jdXJzb3I9WVhBOU1nAAAAAQ==";

  /** {@link #NOT_STARTED} as version 1 wrote it. */
  private static final String NOT_STARTED_V1 =
      "AAAAGk1TRlQ6MjAyMy0wMS0wMToyMDIzLTEyLTMxAAAABE1TRlQAAAAAAABLngAAAAAAAE0KAAAAAAA=";

  private final RestSplitSerializer serializer = new RestSplitSerializer();

  @Test
  @DisplayName("round-trips splits with and without a cursor")
  void roundTrips() throws IOException {
    for (RestSplit split : new RestSplit[] {IN_PROGRESS, NOT_STARTED}) {
      assertThat(serializer.deserialize(serializer.getVersion(), serializer.serialize(split)))
          .isEqualTo(split);
    }
  }

  @Test
  @DisplayName("reads the bytes version 1 wrote")
  void readsVersion1() throws IOException {
    assertThat(serializer.deserialize(RestSplitSerializer.VERSION_1, decode(IN_PROGRESS_V1)))
        .isEqualTo(IN_PROGRESS);
    assertThat(serializer.deserialize(RestSplitSerializer.VERSION_1, decode(NOT_STARTED_V1)))
        .isEqualTo(NOT_STARTED);
  }

  @Test
  @DisplayName("the current version still writes the version 1 bytes")
  void currentVersionIsVersion1() throws IOException {
    assertThat(serializer.getVersion()).isEqualTo(RestSplitSerializer.VERSION_1);
    assertThat(serializer.serialize(IN_PROGRESS)).isEqualTo(decode(IN_PROGRESS_V1));
  }

  @Test
  @DisplayName("an unknown version names the version found and the highest supported")
  void rejectsUnknownVersion() {
    assertThatThrownBy(() -> serializer.deserialize(7, decode(NOT_STARTED_V1)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("version 7")
        .hasMessageContaining("versions 1 to 1");
  }

  private static byte[] decode(String base64) {
    return Base64.getDecoder().decode(base64);
  }
}
