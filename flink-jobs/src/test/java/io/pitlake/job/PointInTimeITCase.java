package io.pitlake.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.simulator.PolygonSimulator;
import io.pitlake.simulator.Revision;
import io.pitlake.table.Layer;
import io.pitlake.table.PitlakeTables;
import io.pitlake.testing.Lake;
import io.pitlake.testing.MutableClock;
import io.pitlake.testing.Runs;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two point-in-time properties on every table with gold rows: batch and streaming give the same
 * gold, and a run on only the inputs known by T gives exactly the full run's gold rows known by T.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PointInTimeITCase {

  @RegisterExtension static final MiniClusterExtension FLINK = Runs.miniCluster();

  static final List<String> SYMBOLS = List.of("AAPL", "MSFT");
  static final LocalDate FROM = LocalDate.of(2024, 1, 1);
  static final LocalDate TO = LocalDate.of(2024, 8, 30);
  static final LocalDate REVISED = LocalDate.of(2024, 5, 15);
  static final Instant REVISION_AT = Instant.parse("2025-03-01T00:00:00Z");

  @TempDir static Path root;

  final MutableClock vendorClock = new MutableClock(Instant.parse("2025-01-02T00:00:00Z"));
  PolygonSimulator simulator;
  Lake full;
  Instant revisionKnownAt;

  /** The full history: a batch backfill, then another after the vendor revised a bar. */
  @BeforeAll
  void backfillWithARevision() throws Exception {
    simulator =
        PolygonSimulator.builder()
            .seed(11)
            .apiKey(Runs.KEY)
            .clock(vendorClock)
            .revision(new Revision("AAPL", REVISED, REVISION_AT))
            .build()
            .start();
    full = new Lake(root.resolve("full"));
    Runs.backfill(full, simulator, SYMBOLS, FROM, TO, RunMode.BATCH);
    vendorClock.set(REVISION_AT.plus(Duration.ofDays(1)));
    Runs.backfill(full, simulator, SYMBOLS, FROM, TO, RunMode.BATCH);
    revisionKnownAt =
        full.rows(PitlakeTables.SILVER_BARS_DAILY).stream()
            .filter(r -> r.get("version").equals(2))
            .map(r -> (Instant) r.get("available_at"))
            .findFirst()
            .orElseThrow();
  }

  @AfterAll
  void stop() throws Exception {
    simulator.close();
    full.close();
  }

  @Test
  @DisplayName("streaming SQL over the same bronze gives silver and gold identical to batch")
  void streamingEqualsBatchOnTheSameInputs() throws Exception {
    try (Lake streaming = new Lake(root.resolve("streaming"))) {
      full.copyBronzeTo(streaming, record -> true);
      Runs.buildSql(streaming, RunMode.STREAMING);

      assertThat(streaming.rows(PitlakeTables.GOLD_BAR_FEATURES_DAILY))
          .hasSizeGreaterThan(300)
          .isEqualTo(full.rows(PitlakeTables.GOLD_BAR_FEATURES_DAILY));
      assertThat(streaming.rows(PitlakeTables.SILVER_BARS_DAILY))
          .hasSizeGreaterThan(300)
          .isEqualTo(full.rows(PitlakeTables.SILVER_BARS_DAILY));
    }
  }

  @Test
  @DisplayName(
      "a streaming backfill that adds a revision to a lake continues its gold exactly as a batch"
          + " rebuild of the same bronze")
  void streamingRunThatAddsToALakeEqualsABatchRebuild() throws Exception {
    Instant after = vendorClock.instant();
    try (Lake streaming = new Lake(root.resolve("streaming-adds"));
        Lake rebuilt = new Lake(root.resolve("streaming-adds-rebuilt"))) {
      vendorClock.set(Instant.parse("2025-01-02T00:00:00Z"));
      Runs.backfill(streaming, simulator, SYMBOLS, FROM, TO, RunMode.STREAMING);
      var goldBefore = streaming.rows(PitlakeTables.GOLD_BAR_FEATURES_DAILY);
      vendorClock.set(after);
      Runs.backfill(streaming, simulator, SYMBOLS, FROM, TO, RunMode.STREAMING);

      // The second run read only its one new bronze row, started from the committed silver bars,
      // and appended the 22 rows the revision creates; nothing was rewritten.
      var gold = streaming.rows(PitlakeTables.GOLD_BAR_FEATURES_DAILY);
      assertThat(gold).hasSize(goldBefore.size() + 22).containsAll(goldBefore);
      assertThat(streaming.summary(PitlakeTables.GOLD_BAR_FEATURES_DAILY))
          .containsEntry("total-delete-files", "0");
      assertEqualsABatchBuildOfItsBronze(streaming, rebuilt);
    } finally {
      vendorClock.set(after);
    }
  }

  @Test
  @DisplayName(
      "a lake fed in four streaming pieces, new sessions each time and a revision with the last,"
          + " equals a batch build of its bronze")
  void streamingPiecesEqualABatchBuildOfTheSameInputs() throws Exception {
    Instant after = vendorClock.instant();
    try (Lake pieces = new Lake(root.resolve("pieces"));
        Lake rebuilt = new Lake(root.resolve("pieces-rebuilt"))) {
      vendorClock.set(Instant.parse("2025-01-02T00:00:00Z"));
      Runs.backfill(pieces, simulator, SYMBOLS, FROM, LocalDate.of(2024, 3, 28), RunMode.STREAMING);
      Runs.backfill(pieces, simulator, SYMBOLS, FROM, LocalDate.of(2024, 5, 31), RunMode.STREAMING);
      Runs.backfill(pieces, simulator, SYMBOLS, FROM, LocalDate.of(2024, 7, 31), RunMode.STREAMING);
      List<Map<String, Object>> beforeRevision = pieces.rows(PitlakeTables.GOLD_BAR_FEATURES_DAILY);
      // The vendor restates AAPL's 2024-05-15 bar; the last piece brings it with August. The
      // revision is known from when it was first fetched (now), after every session fetched with
      // it: a revision before them would make them backdated (the test below).
      vendorClock.set(after);
      Runs.backfill(pieces, simulator, SYMBOLS, FROM, TO, RunMode.STREAMING);

      List<Map<String, Object>> gold = pieces.rows(PitlakeTables.GOLD_BAR_FEATURES_DAILY);
      assertThat(gold).as("no row once written is changed or dropped").containsAll(beforeRevision);
      assertThat(gold)
          .filteredOn(r -> r.get("symbol").equals("AAPL") && r.get("session_date").equals(REVISED))
          .as("the revised session: its first version's row and the revision's")
          .hasSize(2);
      assertThat(pieces.summary(PitlakeTables.GOLD_BAR_FEATURES_DAILY))
          .containsEntry("total-delete-files", "0");
      assertEqualsABatchBuildOfItsBronze(pieces, rebuilt);
    } finally {
      vendorClock.set(after);
    }
  }

  @Test
  @DisplayName(
      "history a streaming run extends backwards is refused by gold with the fix; that rebuild"
          + " then equals a fresh batch build")
  void backdatedHistoryIsRefusedThenRebuiltByTheDocumentedCommand() throws Exception {
    LocalDate split = LocalDate.of(2024, 5, 1);
    try (Lake lake = new Lake(root.resolve("backdated"));
        Lake fresh = new Lake(root.resolve("backdated-fresh"))) {
      Runs.backfill(lake, simulator, SYMBOLS, split, TO, RunMode.STREAMING);
      Runs.backfill(lake, simulator, SYMBOLS, FROM, split.minusDays(1), RunMode.STREAMING);

      // The earlier sessions reach silver, but gold had already published later instants for
      // both symbols: every one of them is refused, with the command that fixes it.
      long earlier =
          lake.rows(PitlakeTables.SILVER_BARS_DAILY).stream()
              .filter(r -> ((LocalDate) r.get("session_date")).isBefore(split))
              .count();
      assertThat(earlier).isGreaterThan(100);
      assertThat(lake.rows(PitlakeTables.SILVER_QUARANTINE))
          .filteredOn(r -> "gold".equals(r.get("stage")))
          .hasSize((int) earlier)
          .allSatisfy(
              r ->
                  assertThat((String) r.get("reason"))
                      .startsWith("backdated")
                      .endsWith("pitlake build --layer gold"));
      assertThat(lake.rows(PitlakeTables.GOLD_BAR_FEATURES_DAILY))
          .noneMatch(r -> ((LocalDate) r.get("session_date")).isBefore(split));

      // `pitlake build --layer gold`: the batch rebuild replaces every stale row.
      Runs.buildSql(lake, RunMode.BATCH, Layer.GOLD);
      assertEqualsABatchBuildOfItsBronze(lake, fresh);
    }
  }

  @Test
  @DisplayName("a whole backfill in streaming mode gives the batch backfill's gold rows")
  void streamingBackfillEqualsBatchBackfill() throws Exception {
    try (Lake batch = new Lake(root.resolve("batch-only"));
        Lake streaming = new Lake(root.resolve("streaming-only"))) {
      Runs.backfill(batch, simulator, SYMBOLS, FROM, TO, RunMode.BATCH);
      Runs.backfill(streaming, simulator, SYMBOLS, FROM, TO, RunMode.STREAMING);

      Set<String> fetchTimes = Set.of("ingested_at");
      assertThat(streaming.rows(PitlakeTables.GOLD_BAR_FEATURES_DAILY, fetchTimes))
          .hasSizeGreaterThan(300)
          .isEqualTo(batch.rows(PitlakeTables.GOLD_BAR_FEATURES_DAILY, fetchTimes));
    }
  }

  @Test
  @DisplayName("a run on the inputs known by T gives exactly the full gold rows known by T")
  void prefixRunEqualsFullRunUpToT() throws Exception {
    List<Instant> cuts =
        List.of(
            Instant.parse("2024-03-28T12:00:00Z"),
            Instant.parse(
                "2024-05-16T00:15:00Z"), // exactly when the revised bar's first version was known
            Instant.parse(
                "2024-08-30T00:00:00Z"), // inside the revision: first version known, revision not
            revisionKnownAt.minusNanos(1000),
            revisionKnownAt);
    List<Map<String, Object>> fullGold = full.rows(PitlakeTables.GOLD_BAR_FEATURES_DAILY);
    int i = 0;
    for (Instant cut : cuts) {
      try (Lake prefix = new Lake(root.resolve("prefix-" + i++))) {
        full.copyBronzeTo(prefix, record -> !Lake.availableAt(record).isAfter(cut));
        Runs.buildSql(prefix, RunMode.BATCH);

        List<Map<String, Object>> expected =
            fullGold.stream().filter(r -> !((Instant) r.get("available_at")).isAfter(cut)).toList();
        assertThat(prefix.rows(PitlakeTables.GOLD_BAR_FEATURES_DAILY))
            .as("gold known by %s", cut)
            .isNotEmpty()
            .isEqualTo(expected);
      }
    }
  }

  /**
   * {@code lake}'s silver and gold equal, row for row, a batch build of a copy of its bronze in
   * {@code fresh}: what a streaming history must come to, whatever pieces it arrived in.
   */
  private static void assertEqualsABatchBuildOfItsBronze(Lake lake, Lake fresh) {
    lake.copyBronzeTo(fresh, record -> true);
    Runs.buildSql(fresh, RunMode.BATCH);
    for (var table :
        List.of(PitlakeTables.SILVER_BARS_DAILY, PitlakeTables.GOLD_BAR_FEATURES_DAILY)) {
      assertThat(lake.rows(table))
          .as(table.name())
          .hasSizeGreaterThan(300)
          .isEqualTo(fresh.rows(table));
    }
  }
}
