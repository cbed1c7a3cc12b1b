package io.pitlake.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The engine of a bounded streaming run whose input comes in availability order ({@link
 * OrderedVersionEngine#inArrivalOrder}): the same rows as the engine that applies everything at the
 * end of its input, with state that does not grow with the history replayed.
 */
class BarFeaturesEngineTest {

  private static final int RETAIN = 260;
  private static final long HOUR = RecentBarsTest.HOUR;

  /** The engine's rows and refusals, and its state's size just before its input ended. */
  private record Run(
      List<String> rows, List<String> rejected, long stateBytes, int rowsBeforeEnd) {}

  @Test
  @DisplayName("applied as they arrive, up to the lateness: exactly the end-of-input engine's rows")
  void inArrivalOrderGivesTheEndOfInputRows() throws Exception {
    for (long seed = 1; seed <= 3; seed++) {
      List<BarVersion> versions = RecentBarsTest.versions(1_500, seed, true);
      Duration lateness = Duration.ofHours(5);
      List<BarVersion> arrival = arrivingWithin(versions, lateness, new Random(seed));

      Run atEnd = run(engine(), arrival);
      Run inOrder = run(engine().inArrivalOrder(lateness), arrival);

      assertThat(atEnd.rowsBeforeEnd()).isZero();
      assertThat(inOrder.rowsBeforeEnd())
          .as("seed %d: most rows are emitted while the input still arrives", seed)
          .isGreaterThan(atEnd.rows().size() / 2);
      assertThat(inOrder.rows()).as("seed %d", seed).containsExactlyElementsOf(atEnd.rows());
      // The page of shared revisions at the end reaches sessions older than the engine keeps:
      // refused alike by both, and nothing else.
      assertThat(inOrder.rejected())
          .as("seed %d", seed)
          .containsExactlyElementsOf(atEnd.rejected())
          .allMatch(r -> r.contains("older than the 260 sessions"));
    }
  }

  @Test
  @DisplayName(
      "its state holds the recent sessions, not the history: twice the history, same state")
  void stateDoesNotGrowWithHistory() throws Exception {
    Duration lateness = Duration.ofHours(5);
    List<BarVersion> shorter = RecentBarsTest.versions(1_000, 7, false);
    List<BarVersion> longer = RecentBarsTest.versions(2_000, 7, false);
    Random random = new Random(7);

    long bounded =
        run(engine().inArrivalOrder(lateness), arrivingWithin(shorter, lateness, random))
            .stateBytes();
    long boundedLonger =
        run(engine().inArrivalOrder(lateness), arrivingWithin(longer, lateness, random))
            .stateBytes();
    long pending = run(engine(), arrivingWithin(shorter, lateness, random)).stateBytes();
    long pendingLonger = run(engine(), arrivingWithin(longer, lateness, random)).stateBytes();

    assertThat((double) boundedLonger / bounded).isBetween(0.8, 1.2);
    assertThat((double) pendingLonger / pending)
        .as("the end-of-input engine holds every version until its input ends")
        .isGreaterThan(1.8);
  }

  @Test
  @DisplayName("a version older than what was applied breaks the promise: refused as backdated")
  void aVersionBeyondTheLatenessIsRefused() throws Exception {
    List<BarVersion> versions = new ArrayList<>(RecentBarsTest.versions(300, 11, false));
    versions.sort(Comparator.comparingLong(BarVersion::availableAt));
    BarVersion first = versions.remove(0);
    versions.add(first);

    Run run = run(engine().inArrivalOrder(Duration.ofHours(1)), versions);

    assertThat(run.rejected())
        .singleElement()
        .asString()
        .contains("session " + first.session())
        .contains("backdated")
        .contains("pitlake build --layer gold");
  }

  @Test
  void aLiveEngineCannotAlsoFlushByArrival() {
    assertThatThrownBy(
            () -> new BarFeaturesEngine(RETAIN, 1_000, null).inArrivalOrder(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("processing time");
    assertThatThrownBy(() -> engine().inArrivalOrder(Duration.ofMinutes(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT5M");
  }

  private static BarFeaturesEngine engine() {
    return new BarFeaturesEngine(RETAIN, 0, null);
  }

  /**
   * {@code versions} in an arrival order that keeps the promise: each arrives at most {@code
   * lateness} after a version with a later instant (instants jittered by up to the lateness).
   */
  private static List<BarVersion> arrivingWithin(
      List<BarVersion> versions, Duration lateness, Random random) {
    List<long[]> keyed = new ArrayList<>();
    for (int i = 0; i < versions.size(); i++) {
      long jitter = (long) (random.nextDouble() * lateness.toMillis());
      keyed.add(new long[] {versions.get(i).availableAt() + jitter, i});
    }
    keyed.sort(Comparator.comparingLong((long[] k) -> k[0]));
    return keyed.stream().map(k -> versions.get((int) k[1])).toList();
  }

  private static Run run(OrderedVersionEngine<BarVersion, ?> engine, List<BarVersion> arrival)
      throws Exception {
    try (var harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(engine), BarVersion::symbol, Types.STRING)) {
      harness.open();
      for (BarVersion v : arrival) {
        harness.processElement(v, v.availableAt());
      }
      int before = harness.extractOutputValues().size();
      long state = harness.snapshot(1L, 1L).getStateSize();
      harness.processWatermark(Long.MAX_VALUE);
      List<String> rejected = new ArrayList<>();
      var side = harness.getSideOutput(BarFeaturesEngine.REJECTED);
      if (side != null) {
        for (StreamRecord<OrderedVersionEngine.Rejected<BarVersion>> r : side) {
          BarVersion v = r.getValue().version();
          rejected.add(
              "session " + v.session() + " v" + v.version() + ": " + r.getValue().reason());
        }
      }
      return new Run(
          harness.extractOutputValues().stream().map(Row::toString).toList(),
          rejected,
          state,
          before);
    }
  }
}
