package io.pitlake.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.pitlake.job.ingest.IngestPlan;
import io.pitlake.simulator.PolygonSimulator;
import io.pitlake.simulator.Revision;
import io.pitlake.table.PitlakeTables;
import io.pitlake.testing.Lake;
import io.pitlake.testing.MutableClock;
import io.pitlake.testing.Runs;
import io.pitlake.time.NyseCalendar;
import io.pitlake.vendor.polygon.PolygonDailyBarAvailability;
import io.pitlake.vendor.polygon.PolygonOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live job: the backfill's job in streaming mode with a source that follows the vendor. It must
 * reach the newest published session on its own, keep running, and commit exactly the tables a
 * batch backfill of the same sessions builds (property 1, batch equals streaming, for the job a
 * live strategy reads). And it must do so when its input arrives in pieces: one clock, the job's
 * and the simulator's, that the test moves across sessions, a revision and a split.
 */
class LiveITCase {

  @RegisterExtension static final MiniClusterExtension FLINK = Runs.miniCluster();

  static final List<String> SYMBOLS = List.of("AAPL", "NVDA");
  static final Set<String> FETCH_TIMES = Set.of("ingested_at");
  static final Duration DEADLINE = Duration.ofMinutes(3);

  @TempDir Path root;

  @Test
  @DisplayName("a live run follows to the newest published session and equals a batch backfill")
  void liveRunFollowsTheVendorAndEqualsABatchBackfill() throws Exception {
    Configuration options = Runs.options();
    options.set(BackfillOptions.LIVE_POLL_INTERVAL, Duration.ofSeconds(1));
    LocalDate newest =
        new PolygonDailyBarAvailability(options.get(PolygonOptions.PUBLICATION_DELAY))
            .newestAvailableSession(Instant.now());
    LocalDate from = newest.minusDays(60);
    try (PolygonSimulator simulator =
            PolygonSimulator.builder().seed(5).apiKey(Runs.KEY).build().start();
        Lake batch = new Lake(root.resolve("batch"));
        Lake live = new Lake(root.resolve("live"))) {
      Runs.backfill(batch, simulator, SYMBOLS, from, newest, RunMode.BATCH);
      List<Map<String, Object>> expectedGold = gold(batch);
      assertThat(expectedGold)
          .as("gold rows of the newest published session %s", newest)
          .filteredOn(row -> newest.equals(row.get("session_date")))
          .hasSize(SYMBOLS.size());

      IngestPlan following = Runs.livePlan(live, simulator, SYMBOLS, from, options);
      JobClient job = new Backfill(new Configuration(), line -> {}).startLive(following);
      try {
        List<Map<String, Object>> liveGold = List.of();
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!liveGold.equals(expectedGold) && System.nanoTime() < deadline) {
          Thread.sleep(1_000);
          liveGold = gold(live);
        }
        assertThat(liveGold).isEqualTo(expectedGold);
        assertThat(job.getJobStatus().get())
            .as("a live job does not end when it has caught up")
            .isEqualTo(JobStatus.RUNNING);
      } finally {
        job.cancel().get();
      }
      assertThat(live.rows(PitlakeTables.SILVER_BARS_DAILY, FETCH_TIMES))
          .isEqualTo(batch.rows(PitlakeTables.SILVER_BARS_DAILY, FETCH_TIMES));
      // The same bronze content; only when, how and through which split it was fetched differ.
      Set<String> fetch = Set.of("ingested_at", "request_url", "split_id");
      assertThat(live.rows(PitlakeTables.BRONZE_POLYGON_AGGS, fetch))
          .isNotEmpty()
          .isEqualTo(batch.rows(PitlakeTables.BRONZE_POLYGON_AGGS, fetch));
    }
  }

  /**
   * The instants the test moves the job's and the vendor's clock to, each with the newest session
   * whose bar is out by then (20:00 New York plus the 15-minute publication delay), in the weeks of
   * RSPL's 1-for-10 reverse split (announced 2024-08-01, ex date 2024-08-20 in the catalogue).
   */
  record Step(Instant at, LocalDate newest) {}

  static final LocalDate PIECES_FROM = LocalDate.of(2024, 7, 1);
  static final List<String> INTERLEAVED = List.of("AAPL", "NVDA", "RSPL");
  static final LocalDate REVISED = LocalDate.of(2024, 7, 31);
  static final Instant REVISED_AT = Instant.parse("2024-08-05T12:00:00Z");
  static final LocalDate RSPL_EX_DATE = LocalDate.of(2024, 8, 20);
  static final List<Step> STEPS =
      List.of(
          new Step(Instant.parse("2024-07-30T01:00:00Z"), LocalDate.of(2024, 7, 29)),
          // RSPL's split is announced within this step (2024-08-01).
          new Step(Instant.parse("2024-08-02T01:00:00Z"), LocalDate.of(2024, 8, 1)),
          // AAPL's 2024-07-31 bar was revised at REVISED_AT: only the lookback fetches it again.
          new Step(Instant.parse("2024-08-06T01:00:00Z"), LocalDate.of(2024, 8, 5)),
          // Across RSPL's ex date: its raw price rises tenfold.
          new Step(Instant.parse("2024-08-21T01:00:00Z"), RSPL_EX_DATE),
          new Step(Instant.parse("2024-08-23T01:00:00Z"), LocalDate.of(2024, 8, 22)));

  /** The step at which the revision is out: the batch side must fetch it at the same instant. */
  static final int REVISION_STEP = 2;

  @Test
  @DisplayName(
      "one live job fed in pieces by a clock the test moves (sessions, a revision, a split) ends"
          + " with the bronze, silver and gold of batch builds of the same vendor answers")
  void liveRunFedInPiecesEqualsABatchBuildOfTheSameInputs() throws Exception {
    MutableClock clock = new MutableClock(STEPS.get(0).at());
    Configuration options = Runs.options();
    options.set(BackfillOptions.LIVE_POLL_INTERVAL, Duration.ofMillis(500));
    try (PolygonSimulator simulator =
            PolygonSimulator.builder()
                .seed(5)
                .apiKey(Runs.KEY)
                .clock(clock)
                .revision(new Revision("AAPL", REVISED, REVISED_AT))
                .build()
                .start();
        Lake batch = new Lake(root.resolve("pieces-batch"));
        Lake live = new Lake(root.resolve("pieces-live"))) {
      // The batch side asks the vendor at the instants whose answers differ: before the revision,
      // when it is out (so both sides date it by the same fetch), and at the end.
      for (Step step :
          List.of(
              STEPS.get(REVISION_STEP - 1),
              STEPS.get(REVISION_STEP),
              STEPS.get(STEPS.size() - 1))) {
        clock.set(step.at());
        new Backfill(new Configuration(), line -> {})
            .run(
                Runs.plan(
                    batch,
                    simulator,
                    INTERLEAVED,
                    PIECES_FROM,
                    step.newest(),
                    Runs.options(),
                    clock),
                RunMode.BATCH);
      }

      clock.set(STEPS.get(0).at());
      JobClient job =
          new Backfill(new Configuration(), line -> {})
              .startLive(
                  Runs.plan(live, simulator, INTERLEAVED, PIECES_FROM, null, options, clock));
      try {
        for (int i = 0; i < STEPS.size(); i++) {
          Step step = STEPS.get(i);
          clock.set(step.at());
          int sessions = NyseCalendar.instance().sessions(PIECES_FROM, step.newest()).size();
          int expected = INTERLEAVED.size() * sessions + (i >= REVISION_STEP ? 1 : 0);
          // The next step moves the clock only once this one's bars, and at the revision's step
          // the revision, are committed: each piece is fetched at its own instant.
          awaitUntil(
              () -> live.rows(PitlakeTables.BRONZE_POLYGON_AGGS).size() == expected,
              () ->
                  "bronze rows at "
                      + step
                      + ": "
                      + live.rows(PitlakeTables.BRONZE_POLYGON_AGGS).size()
                      + " of "
                      + expected);
        }
        List<Map<String, Object>> expectedGold = gold(batch);
        awaitUntil(
            () -> gold(live).equals(expectedGold),
            () ->
                "live gold equal to the batch gold; live has "
                    + gold(live).size()
                    + " rows of "
                    + expectedGold.size());
        assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
      } finally {
        job.cancel().get();
      }

      assertThat(live.commitsAddingRows(PitlakeTables.BRONZE_POLYGON_AGGS))
          .as("each piece came in a checkpoint of its own")
          .isGreaterThanOrEqualTo(STEPS.size());
      Set<String> fetch = Set.of("ingested_at", "request_url", "split_id");
      assertThat(live.rows(PitlakeTables.BRONZE_POLYGON_AGGS, fetch))
          .hasSize(
              INTERLEAVED.size()
                      * NyseCalendar.instance()
                          .sessions(PIECES_FROM, STEPS.get(STEPS.size() - 1).newest())
                          .size()
                  + 1)
          .isEqualTo(batch.rows(PitlakeTables.BRONZE_POLYGON_AGGS, fetch));
      for (var table :
          List.of(PitlakeTables.SILVER_BARS_DAILY, PitlakeTables.GOLD_BAR_FEATURES_DAILY)) {
        assertThat(live.rows(table, FETCH_TIMES))
            .as(table.name())
            .isNotEmpty()
            .isEqualTo(batch.rows(table, FETCH_TIMES));
      }
      assertThat(live.rows(PitlakeTables.SILVER_QUARANTINE))
          .as("nothing refused, on either side")
          .isEmpty();
      assertThat(batch.rows(PitlakeTables.SILVER_QUARANTINE)).isEmpty();

      // The revision is in: its second version, known from the instant the live job fetched it.
      Instant revisionFetched = STEPS.get(REVISION_STEP).at();
      assertThat(live.rows(PitlakeTables.SILVER_BARS_DAILY))
          .filteredOn(r -> r.get("symbol").equals("AAPL") && r.get("session_date").equals(REVISED))
          .extracting(r -> r.get("version"), r -> r.get("available_at"), r -> r.get("close"))
          .containsExactlyInAnyOrder(
              tuple(
                  1,
                  Instant.parse("2024-08-01T00:15:00Z"),
                  simulator.bar("AAPL", REVISED, REVISED_AT.minusSeconds(1)).c()),
              tuple(2, revisionFetched, simulator.bar("AAPL", REVISED, REVISED_AT).c()));
      assertThat(gold(live))
          .filteredOn(
              r -> r.get("symbol").equals("AAPL") && r.get("available_at").equals(revisionFetched))
          .as("gold rows the revision made (its session and the 21 that follow it in a window)")
          .isNotEmpty();
      // The split is in: RSPL's raw close rises about tenfold on its ex date, exactly as served.
      LocalDate before = NyseCalendar.instance().previousSession(RSPL_EX_DATE).orElseThrow();
      double jump =
          simulator.bar("RSPL", RSPL_EX_DATE, clock.instant()).c()
              / simulator.bar("RSPL", before, clock.instant()).c();
      assertThat(jump).isGreaterThan(5);
      assertThat(gold(live))
          .filteredOn(
              r -> r.get("symbol").equals("RSPL") && r.get("session_date").equals(RSPL_EX_DATE))
          .singleElement()
          .satisfies(r -> assertThat((Double) r.get("ret_1d")).isCloseTo(jump - 1, within(1e-9)));
    }
  }

  /**
   * Polls {@code done} every 200 ms until it holds, failing with {@code what} after the deadline.
   */
  private static void awaitUntil(BooleanSupplier done, Supplier<String> what)
      throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("gave up after %s waiting for %s", DEADLINE, what.get());
      }
      Thread.sleep(200);
    }
  }

  private static List<Map<String, Object>> gold(Lake lake) {
    return lake.rows(PitlakeTables.GOLD_BAR_FEATURES_DAILY, FETCH_TIMES);
  }
}
