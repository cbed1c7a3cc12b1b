package io.pitlake.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.job.ingest.IngestPlan;
import io.pitlake.simulator.BadBar;
import io.pitlake.simulator.BadBarKind;
import io.pitlake.simulator.Chaos;
import io.pitlake.simulator.PolygonSimulator;
import io.pitlake.source.rest.RestSourceOptions;
import io.pitlake.table.PitlakeTables;
import io.pitlake.table.TableSpec;
import io.pitlake.testing.Lake;
import io.pitlake.testing.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backfill against a vendor that throttles, fails, stalls, cuts bodies, drops connections and
 * serves HTML error pages on a third of its answers ends with exactly the tables of a backfill
 * against a calm vendor: nothing lost, nothing duplicated, the one bad bar quarantined once, and
 * the key nowhere in the tables.
 */
class ChaosITCase {

  @RegisterExtension static final MiniClusterExtension FLINK = Runs.miniCluster();

  static final List<String> SYMBOLS = IntStream.rangeClosed(1, 8).mapToObj(i -> "C" + i).toList();
  static final LocalDate FROM = LocalDate.of(2023, 1, 1);
  static final LocalDate TO = LocalDate.of(2024, 12, 31);
  static final BadBar BAD = new BadBar("C3", LocalDate.of(2024, 3, 15), BadBarKind.HIGH_BELOW_LOW);

  static final Path TEST_LOG = Path.of("target", "test-logs", "flink-jobs.log");

  /** Columns that differ between two runs on the same data: when, and through which port. */
  static final Set<String> RUN_COLUMNS = Set.of("ingested_at", "request_url");

  @TempDir Path root;

  @Test
  void chaosLosesAndDuplicatesNothing() throws Exception {
    Chaos chaos = Chaos.evenly(0.3, 20261123L);
    try (PolygonSimulator calm = simulator(Chaos.none());
        PolygonSimulator chaotic = simulator(chaos);
        Lake expected = new Lake(root.resolve("calm"));
        Lake actual = new Lake(root.resolve("chaos"))) {
      backfill(expected, calm);
      backfill(actual, chaotic);

      Map<Chaos.Fault, Integer> faults = chaotic.injectedFaults();
      for (Chaos.Fault fault : Chaos.Fault.values()) {
        assertThat(faults.get(fault)).as("requests that got %s", fault).isPositive();
      }
      assertThat(chaotic.requestCount()).isGreaterThan(calm.requestCount());

      for (TableSpec table :
          List.of(
              PitlakeTables.BRONZE_POLYGON_AGGS,
              PitlakeTables.SILVER_BARS_DAILY,
              PitlakeTables.SILVER_QUARANTINE,
              PitlakeTables.GOLD_BAR_FEATURES_DAILY)) {
        assertThat(actual.rows(table, RUN_COLUMNS))
            .as(table.name())
            .isNotEmpty()
            .containsExactlyElementsOf(expected.rows(table, RUN_COLUMNS));
      }
      assertThat(actual.rows(PitlakeTables.SILVER_QUARANTINE))
          .singleElement()
          .satisfies(
              row -> {
                assertThat(row.get("symbol")).isEqualTo(BAD.symbol());
                assertThat(row.get("session_date")).isEqualTo(BAD.date());
                assertThat(row.get("reason")).isEqualTo("high h below low l");
              });
      for (TableSpec table : PitlakeTables.all()) {
        for (Map<String, Object> row : actual.rows(table)) {
          assertThat(row.toString()).as(table.name()).doesNotContain(Runs.KEY);
        }
      }
      // The tests' log (log4j2-test.properties) holds this run's retry warnings, and no key.
      String log = Files.readString(TEST_LOG);
      assertThat(log).contains("retry").contains("unreadable page").doesNotContain(Runs.KEY);
    }
  }

  private static PolygonSimulator simulator(Chaos chaos) {
    return PolygonSimulator.builder()
        .seed(5)
        .apiKey(Runs.KEY)
        .badBar(BAD)
        .chaos(chaos)
        .build()
        .start();
  }

  /** A batch backfill with room for a third of all answers failing (retries, short timeouts). */
  private static void backfill(Lake lake, PolygonSimulator simulator) throws Exception {
    IngestPlan plan = Runs.plan(lake, simulator, SYMBOLS, FROM, TO);
    Configuration options = new Configuration(plan.options());
    options.set(RestSourceOptions.MAX_RETRIES, 12);
    options.set(RestSourceOptions.UNREADABLE_PAGE_RETRIES, 6);
    // Slow answers (200 ms) time out and are retried, as a stalled connection would be.
    options.set(RestSourceOptions.READ_TIMEOUT, Duration.ofMillis(150));
    new Backfill(new Configuration(), line -> {})
        .run(
            new IngestPlan(
                plan.catalog(),
                plan.symbols(),
                plan.from(),
                plan.to(),
                plan.baseUrl(),
                plan.credentials(),
                options),
            RunMode.BATCH);
  }
}
