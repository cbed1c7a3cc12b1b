package io.pitlake.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.catalog.CatalogConfig;
import io.pitlake.catalog.Catalogs;
import io.pitlake.catalog.rest.CatalogAuth;
import io.pitlake.catalog.rest.CatalogClients;
import io.pitlake.catalog.rest.RestCatalogServer;
import io.pitlake.job.ingest.IngestPlan;
import io.pitlake.simulator.PolygonSimulator;
import io.pitlake.table.PitlakeTables;
import io.pitlake.table.TableSpec;
import io.pitlake.testing.Lake;
import io.pitlake.testing.Runs;
import io.pitlake.testing.SecretScan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.catalog.Catalog;
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
  static final Path TEST_LOG = Path.of("target", "test-logs", "flink-jobs.log");

  @TempDir Path root;

  @Test
  @DisplayName(
      "a backfill through the authenticated catalog equals one through the embedded catalog, and"
          + " leaves its token in no row, file, property or log")
  void aWriterBackfillThroughTheAuthenticatedCatalogEqualsAnEmbeddedOne() throws Exception {
    String token = "writer-" + HexFormat.of().formatHex(randomBytes());
    Path clients = root.resolve("clients");
    Files.createDirectories(clients.resolve("writer"));
    Files.writeString(clients.resolve("writer/flink"), token + "\n");
    Path tokenFile = root.resolve("catalog-token");
    Files.writeString(tokenFile, token + "\n");

    try (PolygonSimulator simulator = PolygonSimulator.builder().apiKey(Runs.KEY).build().start();
        Lake expected = new Lake(root.resolve("embedded"));
        Lake actual = new Lake(root.resolve("served"))) {
      Runs.backfill(expected, simulator, SYMBOLS, FROM, TO, RunMode.BATCH);

      Catalog servedCatalog = Catalogs.create(actual.config());
      try (RestCatalogServer server =
          RestCatalogServer.start(
              servedCatalog, "127.0.0.1", 0, 4, CatalogAuth.tokens(CatalogClients.load(clients)))) {
        CatalogConfig rest =
            new CatalogConfig(
                CatalogConfig.DEFAULT_NAME,
                Map.of(
                    "type",
                    "rest",
                    "uri",
                    server.uri().toString(),
                    "token-file",
                    tokenFile.toString()));
        IngestPlan embeddedPlan = Runs.plan(actual, simulator, SYMBOLS, FROM, TO);
        IngestPlan plan =
            new IngestPlan(
                rest,
                SYMBOLS,
                FROM,
                TO,
                embeddedPlan.baseUrl(),
                embeddedPlan.credentials(),
                embeddedPlan.options());
        new Backfill(new Configuration(), line -> {}).run(plan, RunMode.BATCH);
      } finally {
        ((AutoCloseable) servedCatalog).close();
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
      assertThat(Files.readString(TEST_LOG)).as(TEST_LOG.toString()).doesNotContain(token);
    }
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[20];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }
}
