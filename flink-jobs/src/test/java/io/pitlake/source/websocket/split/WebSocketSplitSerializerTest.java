package io.pitlake.source.websocket.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pitlake.source.websocket.enumerator.WebSocketEnumState;
import io.pitlake.source.websocket.enumerator.WebSocketEnumStateSerializer;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebSocketSplitSerializerTest {

  @Test
  void aSplitWithHighWaterMarksSurvivesACheckpoint() throws IOException {
    WebSocketSplit split =
        WebSocketSplit.of(
                "polygon:stocks:AM", "wss://socket.example/stocks", List.of("AM.AAPL", "AM.MSFT"))
            .withHighWaterMarks(Map.of("AM.AAPL", 1709303400000L, "AM.MSFT", 1709303460000L));
    WebSocketSplitSerializer serializer = new WebSocketSplitSerializer();
    assertThat(serializer.deserialize(serializer.getVersion(), serializer.serialize(split)))
        .isEqualTo(split);
    assertThatThrownBy(() -> serializer.deserialize(9, serializer.serialize(split)))
        .hasMessageContaining("version 9");
  }

  @Test
  void theEnumeratorStateKeepsReturnedSplitsWithTheirMarks() throws IOException {
    WebSocketEnumState state =
        new WebSocketEnumState(
            List.of(
                WebSocketSplit.of("a", "ws://127.0.0.1:1/stocks", List.of("AM.X"))
                    .withHighWaterMarks(Map.of("AM.X", 5L)),
                WebSocketSplit.of("b", "ws://127.0.0.1:1/stocks", List.of("AM.Y"))));
    WebSocketEnumStateSerializer serializer = new WebSocketEnumStateSerializer();
    assertThat(serializer.deserialize(serializer.getVersion(), serializer.serialize(state)))
        .isEqualTo(state);
  }

  @Test
  void theStateAdvancesEachMarkToTheNewestEventTime() {
    WebSocketSplitState state =
        new WebSocketSplitState(WebSocketSplit.of("a", "ws://h/stocks", List.of("AM.X")));
    state.received("AM.X", 120L);
    state.received("AM.X", 60L);
    state.received("AM.Y", 60L);
    assertThat(state.toSplit().highWaterMarks())
        .containsExactly(Map.entry("AM.X", 120L), Map.entry("AM.Y", 60L));
  }
}
