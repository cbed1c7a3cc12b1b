package io.pitlake.source.rest.enumerator;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.source.rest.FollowMode;
import io.pitlake.source.rest.split.RestSplit;
import io.pitlake.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
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

  @Test
  @DisplayName("following: a request waits for discovery, each newly published day brings splits")
  void followingDiscoversPublishedDays() {
    MutableClock clock = new MutableClock(Instant.parse("2024-01-03T12:00:00Z"));
    FollowMode follow =
        new FollowMode(
            List.of("MSFT", "AAPL"),
            LocalDate.parse("2024-01-01"),
            Period.ofYears(1),
            Period.ofDays(2),
            now -> LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(1),
            Duration.ofMinutes(1),
            clock);
    RestEnumerator enumerator =
        new RestEnumerator(context, new RestEnumState(List.of(), 0), follow);
    context.registerReader(0, "host");
    enumerator.start();

    enumerator.handleSplitRequest(0, "host");
    assertThat(context.getSplitAssignments()).isEmpty();

    context.triggerAllActions();
    assertThat(context.getSplitAssignments().get(0).getAssignedSplits())
        .containsExactly(
            RestSplit.of("AAPL", LocalDate.parse("2024-01-01"), LocalDate.parse("2024-01-02")));
    assertThat(context.getSplitAssignments().get(0).hasReceivedNoMoreSplitsSignal()).isFalse();
    RestEnumState afterFirst = enumerator.snapshotState(1);
    assertThat(afterFirst.coveredTo()).isEqualTo(LocalDate.parse("2024-01-02"));
    assertThat(afterFirst.pendingSplits())
        .containsExactly(
            RestSplit.of("MSFT", LocalDate.parse("2024-01-01"), LocalDate.parse("2024-01-02")));

    context.triggerAllActions();
    assertThat(enumerator.snapshotState(2)).isEqualTo(afterFirst);

    clock.set(Instant.parse("2024-01-06T12:00:00Z"));
    context.triggerAllActions();
    assertThat(enumerator.snapshotState(3).pendingSplits())
        .containsExactly(
            RestSplit.of("MSFT", LocalDate.parse("2024-01-01"), LocalDate.parse("2024-01-02")),
            RestSplit.of("AAPL", LocalDate.parse("2024-01-01"), LocalDate.parse("2024-01-05")),
            RestSplit.of("MSFT", LocalDate.parse("2024-01-01"), LocalDate.parse("2024-01-05")));
    assertThat(enumerator.snapshotState(3).coveredTo()).isEqualTo(LocalDate.parse("2024-01-05"));
    assertThat(enumerator.snapshotState(3).totalSplits()).isEqualTo(4);
  }

  @Test
  @DisplayName("following, restored: resumes after the covered day, keeping the lookback")
  void followingRestoredResumesAfterCoveredDay() {
    MutableClock clock = new MutableClock(Instant.parse("2024-03-08T12:00:00Z"));
    FollowMode follow =
        new FollowMode(
            List.of("AAPL"),
            LocalDate.parse("2024-01-01"),
            Period.ofYears(1),
            Period.ofDays(3),
            now -> LocalDate.ofInstant(now, ZoneOffset.UTC),
            Duration.ofMinutes(1),
            clock);
    RestEnumerator enumerator =
        new RestEnumerator(
            context, new RestEnumState(List.of(), 7, LocalDate.parse("2024-03-06")), follow);
    enumerator.start();

    context.triggerAllActions();

    assertThat(enumerator.snapshotState(1))
        .isEqualTo(
            new RestEnumState(
                List.of(
                    RestSplit.of(
                        "AAPL", LocalDate.parse("2024-03-04"), LocalDate.parse("2024-03-08"))),
                8,
                LocalDate.parse("2024-03-08")));
  }

  private RestEnumerator started(RestEnumState state) {
    RestEnumerator enumerator = new RestEnumerator(context, state);
    context.registerReader(0, "host");
    context.registerReader(1, "host");
    enumerator.start();
    return enumerator;
  }
}
