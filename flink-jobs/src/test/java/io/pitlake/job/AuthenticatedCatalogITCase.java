package io.pitlake.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.job.ingest.IngestPlan;
import io.pitlake.simulator.PolygonSimulator;
import io.pitlake.table.PitlakeTables;
import io.pitlake.table.TableSpec;
import io.pitlake.testing.Lake;
import io.pitlake.testing.LogCapture;
import io.pitlake.testing.Runs;
import io.pitlake.testing.SecretScan;
import io.pitlake.testing.ServedLake;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * pitlake's jobs as clients of an authenticated REST catalog, the way they run on Kubernetes: the
 * writer token in a file named by {@code catalog.token-file}, read by the catalog factory on the
 * JobManager and TaskManagers. The lake they write equals the one written through the embedded
 * catalog, and the token is in none of what the run leaves behind.
 */
class AuthenticatedCatalogITCase {

  @RegisterExtension static final MiniClusterExtension FLINK = Runs.miniCluster();

  static final List<String> SYMBOLS = List.of("AAPL", "MSFT");
  static final LocalDate FROM = LocalDate.of(2024, 1, 1);
  static final LocalDate TO = LocalDate.of(2024, 3, 31);
  static final Set<String> RUN_COLUMNS = Set.of("ingested_at");

  @TempDir Path root;

  @Test
  @DisplayName(
      "a backfill through the authenticated catalog equals one through the embedded catalog, and"
          + " leaves its token in no row, file, property or log")
  void aWriterBackfillThroughTheAuthenticatedCatalogEqualsAnEmbeddedOne() throws Exception {
    try (PolygonSimulator simulator = PolygonSimulator.builder().apiKey(Runs.KEY).build().start();
        Lake expected = new Lake(root.resolve("embedded"));
        Lake actual = new Lake(root.resolve("served"));
        ServedLake served = new ServedLake(actual, root)) {
      Runs.backfill(expected, simulator, SYMBOLS, FROM, TO, RunMode.BATCH);
      IngestPlan embeddedPlan = Runs.plan(actual, simulator, SYMBOLS, FROM, TO);
      IngestPlan plan =
          new IngestPlan(
              served.config(),
              SYMBOLS,
              FROM,
              TO,
              embeddedPlan.baseUrl(),
              embeddedPlan.credentials(),
              embeddedPlan.options());
      String token = served.token();
      LogCapture log;
      try (LogCapture capture = LogCapture.start(token)) {
        log = capture;
        new Backfill(new Configuration(), line -> {}).run(plan, RunMode.BATCH);
      }

      for (TableSpec table :
          List.of(
              PitlakeTables.BRONZE_POLYGON_AGGS,
              PitlakeTables.SILVER_BARS_DAILY,
              PitlakeTables.GOLD_BAR_FEATURES_DAILY)) {
        assertThat(actual.rows(table, RUN_COLUMNS))
            .as(table.name())
            .isNotEmpty()
            .containsExactlyElementsOf(expected.rows(table, RUN_COLUMNS));
      }
      assertThat(actual.rows(PitlakeTables.SILVER_QUARANTINE, RUN_COLUMNS))
          .isEqualTo(expected.rows(PitlakeTables.SILVER_QUARANTINE, RUN_COLUMNS));

      SecretScan.assertNoRowHolds(actual, PitlakeTables.all(), token);
      SecretScan.assertNoFileHolds(root.resolve("served"), token);
      assertThat(log.events()).as("events logged during the run").isGreaterThan(1000);
      assertThat(log.hits()).as("log lines, any logger and level, holding the token").isEmpty();
    }
  }
}
