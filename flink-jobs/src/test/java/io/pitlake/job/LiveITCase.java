package io.pitlake.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.job.ingest.IngestPlan;
import io.pitlake.simulator.PolygonSimulator;
import io.pitlake.table.PitlakeTables;
import io.pitlake.testing.Lake;
import io.pitlake.testing.Runs;
import io.pitlake.vendor.polygon.PolygonDailyBarAvailability;
import io.pitlake.vendor.polygon.PolygonOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * live strategy reads).
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

  private static List<Map<String, Object>> gold(Lake lake) {
    return lake.rows(PitlakeTables.GOLD_BAR_FEATURES_DAILY, FETCH_TIMES);
  }
}
