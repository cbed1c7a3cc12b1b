package io.pitlake.job.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.vendor.polygon.PolygonAggObservation;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class ObservationVersionerTest {

  static final Instant T = Instant.parse("2024-05-15T04:00:00Z");
  static final Instant RULE = Instant.parse("2024-05-16T00:15:00Z");
  static final String HASH_A = "aaaaaaaaaaaaaaaa" + "0".repeat(48);
  static final String HASH_B = "bbbbbbbbbbbbbbbb" + "0".repeat(48);

  @Test
  void storesEachContentOnceAndStampsRevisionsWithWhenTheyWereFirstSeen() throws Exception {
    ObservationHistory stored =
        visitor -> visitor.visit(PolygonAggObservation.key("AAPL", T.toEpochMilli()), HASH_A, 1);
    try (var harness = harness(stored)) {
      Instant later = Instant.parse("2026-01-05T10:00:00Z");
      harness.processElement(observation("AAPL", HASH_A, later), 0);
      harness.processElement(observation("AAPL", HASH_B, later), 0);
      harness.processElement(observation("AAPL", HASH_B, later.plusSeconds(60)), 0);
      harness.processElement(observation("MSFT", HASH_A, later), 0);

      List<PolygonAggObservation> out = harness.extractOutputValues();
      assertThat(out)
          .extracting(o -> o.symbol() + " v" + o.version() + " " + o.availableAt())
          .containsExactly(
              "AAPL v2 " + later, // a revision: knowable only from when it was first seen
              "MSFT v1 " + RULE); // a first version: knowable by the vendor's rule
    }
  }

  @Test
  void aRevisionSeenBeforeTheRuleTimeIsNotAvailableEarlierThanTheRule() throws Exception {
    try (var harness = harness(ObservationHistory.empty())) {
      Instant early = RULE.minusSeconds(3600);
      harness.processElement(observation("AAPL", HASH_A, early), 0);
      harness.processElement(observation("AAPL", HASH_B, early.plusSeconds(1)), 0);

      assertThat(harness.extractOutputValues())
          .extracting(PolygonAggObservation::version, PolygonAggObservation::availableAt)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(1, RULE),
              org.assertj.core.groups.Tuple.tuple(2, RULE));
    }
  }

  /**
   * The race a killed TaskManager exposed: the job restores from a checkpoint whose Iceberg commit
   * the failure interrupted, the committer re-commits it while its own task initializes, and the
   * versioner opens first. Reading the table once, it would not know the checkpoint's rows and
   * store the re-fetched page's bars again as version 1.
   */
  @Test
  void aRestoredVersionerWaitsForTheRestoredCheckpointsCommitBeforeTrustingTheTable()
      throws Exception {
    Instant fetched = Instant.parse("2026-01-05T10:00:00Z");
    OperatorSubtaskState checkpoint;
    try (var before = harness(ObservationHistory.empty())) {
      before.processElement(observation("AAPL", HASH_A, fetched), 0);
      checkpoint = before.snapshot(1L, 1L);
    }
    AtomicInteger reads = new AtomicInteger();
    ObservationHistory committedLate =
        visitor -> {
          if (reads.incrementAndGet() >= 3) {
            visitor.visit(PolygonAggObservation.key("AAPL", T.toEpochMilli()), HASH_A, 1);
          }
        };
    try (var after = harness(committedLate, checkpoint)) {
      after.processElement(observation("AAPL", HASH_A, fetched.plusSeconds(5)), 0);
      assertThat(after.extractOutputValues()).as("the re-fetched bar is known").isEmpty();
    }
    assertThat(reads).hasValue(3);
  }

  @Test
  void aVersionerThatEmittedNothingBeforeTheCheckpointReadsTheTableOnce() throws Exception {
    OperatorSubtaskState checkpoint;
    try (var before = harness(ObservationHistory.empty())) {
      checkpoint = before.snapshot(1L, 1L);
    }
    AtomicInteger reads = new AtomicInteger();
    try (var after = harness(visitor -> reads.incrementAndGet(), checkpoint)) {
      after.processElement(observation("AAPL", HASH_A, Instant.parse("2026-01-05T10:00:00Z")), 0);
      assertThat(after.extractOutputValues())
          .extracting(PolygonAggObservation::version)
          .containsExactly(1);
    }
    assertThat(reads).hasValue(1);
  }

  static KeyedOneInputStreamOperatorTestHarness<
          String, PolygonAggObservation, PolygonAggObservation>
      harness(ObservationHistory history) throws Exception {
    return harness(history, null);
  }

  /** A versioner restored from {@code checkpoint}, or a fresh one if it is null. */
  static KeyedOneInputStreamOperatorTestHarness<
          String, PolygonAggObservation, PolygonAggObservation>
      harness(ObservationHistory history, OperatorSubtaskState checkpoint) throws Exception {
    var harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new ObservationVersioner<PolygonAggObservation>(history)),
            PolygonAggObservation::observationKey,
            Types.STRING);
    harness.setup();
    harness.initializeState(checkpoint);
    harness.open();
    return harness;
  }

  static PolygonAggObservation observation(String symbol, String hash, Instant ingestedAt) {
    return new PolygonAggObservation(
        symbol,
        LocalDate.of(2024, 5, 15),
        T,
        RULE,
        ingestedAt,
        0,
        hash,
        "{}",
        "http://x",
        "s",
        1.0,
        1.0,
        1.0,
        1.0,
        1.0,
        1.0,
        1L,
        null);
  }
}
