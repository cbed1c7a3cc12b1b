package io.pitlake.source.rest.enumerator;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.source.rest.split.RestSplit;
import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import org.apache.flink.connector.testutils.source.reader.TestingSplitEnumeratorContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RestEnumeratorTest {

  private static final List<RestSplit> SPLITS =
      RestSplit.chunks(
          List.of("AAPL", "MSFT"),
          LocalDate.parse("2023-01-01"),
          LocalDate.parse("2024-12-31"),
          Period.ofYears(1));

  private final TestingSplitEnumeratorContext<RestSplit> context =
      new TestingSplitEnumeratorContext<>(2);

  @Test
  @DisplayName("assigns one split per request in order, then signals the end")
  void assignsOnePerRequestThenEnds() {
    RestEnumerator enumerator = started(new RestEnumState(SPLITS.subList(0, 2), 2));

    enumerator.handleSplitRequest(0, "host");
    enumerator.handleSplitRequest(1, "host");
    enumerator.handleSplitRequest(0, "host");

    assertThat(context.getSplitAssignments().get(0).getAssignedSplits())
        .containsExactly(SPLITS.get(0));
    assertThat(context.getSplitAssignments().get(1).getAssignedSplits())
        .containsExactly(SPLITS.get(1));
    assertThat(context.getSplitAssignments().get(0).hasReceivedNoMoreSplitsSignal()).isTrue();
    assertThat(context.getSplitAssignments().get(1).hasReceivedNoMoreSplitsSignal()).isFalse();
    assertThat(enumerator.snapshotState(1)).isEqualTo(new RestEnumState(List.of(), 2));
  }

  @Test
  @DisplayName("splits added back go first, keeping their time order")
  void splitsAddedBackGoFirst() {
    RestEnumerator enumerator = started(new RestEnumState(SPLITS, SPLITS.size()));
    enumerator.handleSplitRequest(0, "host");
    enumerator.handleSplitRequest(0, "host");

    enumerator.addSplitsBack(List.of(SPLITS.get(0), SPLITS.get(1)), 0);

    assertThat(enumerator.snapshotState(1).pendingSplits()).isEqualTo(SPLITS);
  }

  @Test
  @DisplayName("the snapshot holds the pending splits and the total for progress")
  void snapshotHoldsPendingAndTotal() {
    RestEnumerator enumerator = started(new RestEnumState(SPLITS, SPLITS.size()));
    enumerator.handleSplitRequest(1, "host");

    assertThat(enumerator.snapshotState(7))
        .isEqualTo(new RestEnumState(SPLITS.subList(1, SPLITS.size()), SPLITS.size()));
  }

  private RestEnumerator started(RestEnumState state) {
    RestEnumerator enumerator = new RestEnumerator(context, state);
    context.registerReader(0, "host");
    context.registerReader(1, "host");
    enumerator.start();
    return enumerator;
  }
}
