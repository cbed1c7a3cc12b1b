package io.pitlake.source.websocket.enumerator;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.source.websocket.split.WebSocketSplit;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.mocks.MockSplitEnumeratorContext;
import org.junit.jupiter.api.Test;

class WebSocketEnumeratorTest {

  private static final WebSocketSplit AM =
      WebSocketSplit.of("polygon:stocks:AM", "ws://127.0.0.1:1/stocks", List.of("AM.AAPL"));

  @Test
  void theFirstReaderToAskGetsEveryConnectionAndTheRestNothing() throws Exception {
    MockSplitEnumeratorContext<WebSocketSplit> context = new MockSplitEnumeratorContext<>(2);
    WebSocketSplit second =
        WebSocketSplit.of("polygon:stocks:A", "ws://127.0.0.1:1/stocks", List.of("A.AAPL"));
    try (WebSocketEnumerator enumerator =
        new WebSocketEnumerator(context, new WebSocketEnumState(List.of(AM, second)))) {
      enumerator.start();
      context.registerReader(new ReaderInfo(0, "localhost"));
      context.registerReader(new ReaderInfo(1, "localhost"));
      enumerator.handleSplitRequest(1, "localhost");
      enumerator.handleSplitRequest(0, "localhost");
      assertThat(context.getSplitsAssignmentSequence()).hasSize(2);
      assertThat(context.getSplitsAssignmentSequence().get(0).assignment())
          .containsOnlyKeys(1)
          .containsEntry(1, List.of(AM));
      assertThat(enumerator.snapshotState(1).pendingSplits()).isEmpty();
    }
  }

  @Test
  void aFailedReadersSplitsComeBackWithTheirMarksAndAreCheckpointed() throws Exception {
    MockSplitEnumeratorContext<WebSocketSplit> context = new MockSplitEnumeratorContext<>(1);
    try (WebSocketEnumerator enumerator =
        new WebSocketEnumerator(context, new WebSocketEnumState(List.of(AM)))) {
      context.registerReader(new ReaderInfo(0, "localhost"));
      enumerator.handleSplitRequest(0, "localhost");
      WebSocketSplit checkpointed = AM.withHighWaterMarks(Map.of("AM.AAPL", 1709303400000L));
      enumerator.addSplitsBack(List.of(checkpointed), 0);
      assertThat(enumerator.snapshotState(2).pendingSplits()).containsExactly(checkpointed);
      enumerator.handleSplitRequest(0, "localhost");
      assertThat(context.getSplitsAssignmentSequence().get(1).assignment().get(0))
          .containsExactly(checkpointed);
    }
  }
}
