package io.pitlake.source.rest.enumerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pitlake.source.rest.split.RestSplit;
import java.io.IOException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RestEnumStateSerializerTest {

  private static final RestEnumState STATE =
      new RestEnumState(
          List.of(
              new RestSplit(
                  "AAPL:2023-01-01:2023-12-31",
                  "AAPL",
                  LocalDate.parse("2023-01-01"),
                  LocalDate.parse("2023-12-31"),
                  "https://api.massive.com/v2/aggs/ticker/AAPL/range/1/day/1672722000000/2023-12-31"
                      + "?cursor=YXA9Mg",
                  1),
              RestSplit.of("MSFT", LocalDate.parse("2023-01-01"), LocalDate.parse("2023-12-31"))),
          5);

  /** {@link #STATE} as version 1 wrote it; must stay readable forever. */
  private static final String STATE_V1 =
      "AAAABQAAAAIAAAABAAAAnQAAABpBQVBMOjIwMjMtMDEtMDE6MjAyMy0xMi0zMQAAAARBQVBMAAAAAAAAS54AAAAAAABN"
          + "CgEAAABeaHR0cHM6Ly9hcGkubWFzc2l2ZS5jb20vdjIvYWdncy90aWNrZXIvQUFQTC9yYW5nZS8xL2RheS8xNjcy"
          + "NzIyMDAwMDAwLzIwMjMtMTItMzE/Y3Vyc29yPVlYQTlNZwAAAAEAAAABAAAAOwAAABpNU0ZUOjIwMjMtMDEtMDE6"
          + "MjAyMy0xMi0zMQAAAARNU0ZUAAAAAAAAS54AAAAAAABNCgAAAAAA";

  private final RestEnumStateSerializer serializer = new RestEnumStateSerializer();

  @Test
  @DisplayName("round-trips pending splits in order and the total")
  void roundTrips() throws IOException {
    assertThat(serializer.deserialize(serializer.getVersion(), serializer.serialize(STATE)))
        .isEqualTo(STATE);
    RestEnumState empty = new RestEnumState(List.of(), 3);
    assertThat(serializer.deserialize(serializer.getVersion(), serializer.serialize(empty)))
        .isEqualTo(empty);
  }

  @Test
  @DisplayName("round-trips the newest day a following source covered")
  void roundTripsCoveredTo() throws IOException {
    RestEnumState following =
        new RestEnumState(STATE.pendingSplits(), 9, LocalDate.parse("2026-11-20"));

    RestEnumState restored =
        serializer.deserialize(serializer.getVersion(), serializer.serialize(following));

    assertThat(restored).isEqualTo(following);
    assertThat(restored.coveredTo()).isEqualTo(LocalDate.parse("2026-11-20"));
  }

  @Test
  @DisplayName("reads the bytes version 1 wrote; version 2 appends only the covered-to flag")
  void readsVersion1() throws IOException {
    byte[] v1 = Base64.getDecoder().decode(STATE_V1);
    assertThat(serializer.deserialize(RestEnumStateSerializer.VERSION_1, v1)).isEqualTo(STATE);
    byte[] v2 = serializer.serialize(STATE);
    assertThat(Arrays.copyOf(v2, v1.length)).isEqualTo(v1);
    assertThat(v2).hasSize(v1.length + 1);
    assertThat(v2[v1.length]).isZero();
  }

  @Test
  @DisplayName("an unknown version names the version found and the highest supported")
  void rejectsUnknownVersion() {
    assertThatThrownBy(() -> serializer.deserialize(3, new byte[0]))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("version 3")
        .hasMessageContaining("versions 1 to 2");
  }
}
