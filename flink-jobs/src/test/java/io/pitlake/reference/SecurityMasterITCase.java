package io.pitlake.reference;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.job.Backfill;
import io.pitlake.job.RunMode;
import io.pitlake.job.ingest.RawIngestPlan;
import io.pitlake.job.ingest.VendorDataset;
import io.pitlake.simulator.PolygonSimulator;
import io.pitlake.source.rest.Credentials;
import io.pitlake.table.Layer;
import io.pitlake.table.PitlakeTables;
import io.pitlake.table.TableSpec;
import io.pitlake.testing.KnownBy;
import io.pitlake.testing.Lake;
import io.pitlake.testing.Runs;
import io.pitlake.vendor.polygon.PolygonOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * silver.security_master end to end: the simulator's OLDC → NEWC rename (2024-09-03) and GONE's
 * delisting (last session 2024-09-30) ingested from Polygon's ticker details and events, built as a
 * slowly-changing dimension of insert-only rows, read as of several instants (each state ended by
 * the next one known then), in batch and streaming, and on prefixes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityMasterITCase {

  @RegisterExtension static final MiniClusterExtension FLINK = Runs.miniCluster();

  static final List<String> SYMBOLS = List.of("OLDC", "NEWC", "GONE", "SPLT");
  static final LocalDate FROM = LocalDate.of(2024, 1, 1);
  static final LocalDate TO = LocalDate.of(2024, 12, 31);
  static final LocalDate RENAMED = LocalDate.of(2024, 9, 3);
  static final List<TableSpec> BRONZE =
      List.of(
          VendorDataset.POLYGON_TICKER_DETAILS.table(),
          VendorDataset.POLYGON_TICKER_EVENTS.table());

  @TempDir static Path root;

  PolygonSimulator polygon;
  Lake full;

  @BeforeAll
  void ingestAndBuild() throws Exception {
    polygon = PolygonSimulator.builder().apiKey(Runs.KEY).build().start();
    full = new Lake(root.resolve("full"));
    Configuration options = Runs.options();
    options.set(PolygonOptions.BASE_URL, polygon.baseUrl());
    Path polygonKey = Files.writeString(root.resolve("polygon.key"), Runs.KEY);
    new Backfill(new Configuration(), line -> {})
        .ingest(
            new RawIngestPlan(
                full.config(),
                List.of(VendorDataset.POLYGON_TICKER_DETAILS, VendorDataset.POLYGON_TICKER_EVENTS),
                SYMBOLS,
                List.of(),
                FROM,
                TO,
                Map.of("polygon", Credentials.fromFile(polygonKey)),
                options));
    Runs.buildSql(full, RunMode.BATCH, Layer.REFERENCE);
  }

  @AfterAll
  void stop() throws Exception {
    polygon.close();
    full.close();
  }

  @Test
  @DisplayName("a query by the old ticker finds the renamed company's states, split at the rename")
  void renamedCompanyKeepsOneIdAcrossTickers() {
    List<Map<String, Object>> master = full.rows(PitlakeTables.SILVER_SECURITY_MASTER);
    List<Map<String, Object>> company = asOf(history(master, "OLDC"), Instant.MAX);
    assertThat(company).extracting(r -> r.get("ticker")).containsExactly("OLDC", "NEWC");
    assertThat((String) company.get(0).get("security_id")).startsWith("figi:");
    assertThat(company.get(0).get("valid_from")).isEqualTo(LocalDate.of(2000, 1, 3));
    assertThat(company.get(0).get("valid_to")).isEqualTo(RENAMED);
    assertThat(company.get(0).get("observed_from")).isEqualTo(LocalDate.of(2024, 1, 31));
    assertThat(company.get(0).get("available_at"))
        .as("details as of 2024-01-31 are known at the end of that day in New York")
        .isEqualTo(Instant.parse("2024-02-01T05:00:00Z"));
    assertThat(company.get(1).get("valid_from")).isEqualTo(RENAMED);
    assertThat(company.get(1).get("valid_to")).isNull();
    assertThat(company.get(1).get("active")).isEqualTo(true);
    assertThat(company.get(1).get("available_at"))
        .as("the first snapshot under the new ticker, as of 2024-09-30")
        .isEqualTo(Instant.parse("2024-10-01T04:00:00Z"));
    assertThat(asOf(history(master, "NEWC"), Instant.MAX)).isEqualTo(company);
    assertThat(company)
        .allSatisfy(
            r -> {
              assertThat(r.get("name")).isEqualTo(company.get(0).get("name"));
              assertThat(r.get("cik")).isNotNull();
              assertThat(r.get("primary_exchange")).isEqualTo("XNYS");
              assertThat(r.get("security_type")).isEqualTo("CS");
            });
    assertThat(asOf(history(master, "SPLT"), Instant.MAX))
        .as("twelve identical month-end snapshots collapse into one state")
        .singleElement()
        .satisfies(r -> assertThat(r.get("valid_to")).isNull());
  }

  @Test
  @DisplayName("the delisted security's last trading state ends at its delisting")
  void delistedSecurityEndsAtItsDelisting() {
    List<Map<String, Object>> gone =
        asOf(history(full.rows(PitlakeTables.SILVER_SECURITY_MASTER), "GONE"), Instant.MAX);
    LocalDate delisted = LocalDate.of(2024, 10, 1);
    assertThat(gone).extracting(r -> r.get("active")).containsExactly(true, false);
    assertThat(gone.get(0).get("valid_to")).isEqualTo(delisted);
    assertThat(gone.get(0).get("delisted_at")).isNull();
    Map<String, Object> last = gone.get(1);
    assertThat(last.get("valid_from")).isEqualTo(delisted);
    assertThat(last.get("valid_to")).isNull();
    assertThat(last.get("delist_date")).isEqualTo(delisted);
    assertThat(last.get("delisted_at")).isEqualTo(Instant.parse("2024-10-01T04:00:00Z"));
    assertThat(last.get("available_at"))
        .as("first seen in the details as of 2024-10-31")
        .isEqualTo(Instant.parse("2024-11-01T04:00:00Z"));
  }

  @Test
  @DisplayName("an as-of read at T returns the states known by T, each ended by the next known one")
  void asOfReadsSeeOnlyStatesKnownThen() {
    List<Map<String, Object>> master = full.rows(PitlakeTables.SILVER_SECURITY_MASTER);
    Map<Instant, List<String>> expected = new LinkedHashMap<>();
    expected.put(Instant.parse("2024-02-01T04:59:59.999Z"), List.of());
    expected.put(Instant.parse("2024-02-01T05:00:00Z"), List.of("OLDC 2000-01-03 null"));
    expected.put(
        Instant.parse("2024-09-30T12:00:00Z"),
        List.of("OLDC 2000-01-03 null")); // renamed on 09-03, but no snapshot under NEWC yet
    expected.put(
        Instant.parse("2024-10-01T04:00:00Z"),
        List.of("OLDC 2000-01-03 2024-09-03", "NEWC 2024-09-03 null"));
    expected.put(
        Instant.parse("2025-01-01T00:00:00Z"),
        List.of("OLDC 2000-01-03 2024-09-03", "NEWC 2024-09-03 null"));
    for (Map.Entry<Instant, List<String>> at : expected.entrySet()) {
      assertThat(asOf(history(master, "OLDC"), at.getKey()))
          .as("as of %s", at.getKey())
          .extracting(r -> r.get("ticker") + " " + r.get("valid_from") + " " + r.get("valid_to"))
          .isEqualTo(at.getValue());
    }
    assertThat(asOf(history(master, "GONE"), Instant.parse("2024-10-15T00:00:00Z")))
        .as("on 2024-10-15 the lake has not yet seen GONE's delisting in a snapshot")
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.get("active")).isEqualTo(true);
              assertThat(r.get("valid_to")).isNull();
            });
  }

  @Test
  @DisplayName("streaming SQL over the same bronze gives the batch security master")
  void streamingEqualsBatch() throws Exception {
    try (Lake streaming = new Lake(root.resolve("streaming"))) {
      for (TableSpec table : BRONZE) {
        full.copyTo(streaming, table, record -> true);
      }
      Runs.buildSql(streaming, RunMode.STREAMING, Layer.REFERENCE);
      assertThat(streaming.rows(PitlakeTables.SILVER_SECURITY_MASTER))
          .isNotEmpty()
          .isEqualTo(full.rows(PitlakeTables.SILVER_SECURITY_MASTER));
    }
  }

  @Test
  @DisplayName("a run on the inputs known by T gives exactly the full run's states known by T")
  void prefixRunEqualsFullRunUpToT() throws Exception {
    List<Instant> cuts =
        List.of(
            Instant.parse("2024-09-03T12:00:00Z"), // renamed, but no snapshot under NEWC yet
            Instant.parse("2024-10-01T04:00:00Z"), // the first NEWC snapshot is known
            Instant.parse("2024-11-01T04:00:00Z")); // GONE's delisting seen in a snapshot
    int i = 0;
    for (Instant cut : cuts) {
      try (Lake prefix = new Lake(root.resolve("prefix-" + i++))) {
        for (TableSpec table : BRONZE) {
          full.copyTo(prefix, table, record -> !Lake.availableAt(record).isAfter(cut));
        }
        Runs.buildSql(prefix, RunMode.BATCH, Layer.REFERENCE);
        assertThat(KnownBy.written(prefix.rows(PitlakeTables.SILVER_SECURITY_MASTER), cut))
            .as("security master known by %s", cut)
            .isNotEmpty()
            .isEqualTo(KnownBy.written(full.rows(PitlakeTables.SILVER_SECURITY_MASTER), cut));
      }
    }
  }

  /** Every state of the security that traded as {@code ticker}, by valid_from. */
  private static List<Map<String, Object>> history(
      List<Map<String, Object>> master, String ticker) {
    Object id =
        master.stream()
            .filter(r -> r.get("ticker").equals(ticker))
            .map(r -> r.get("security_id"))
            .findFirst()
            .orElseThrow();
    return master.stream()
        .filter(r -> r.get("security_id").equals(id))
        .sorted(Comparator.comparing(r -> (LocalDate) r.get("valid_from")))
        .toList();
  }

  /**
   * The documented as-of read of one security's states ({@link #history}): the rows with {@code
   * available_at <= t}, each with {@code valid_to}, the next of them's {@code valid_from} (NULL for
   * the last: nothing known at t ends it).
   */
  private static List<Map<String, Object>> asOf(List<Map<String, Object>> states, Instant t) {
    List<Map<String, Object>> known =
        states.stream().filter(r -> !((Instant) r.get("available_at")).isAfter(t)).toList();
    List<Map<String, Object>> read = new ArrayList<>();
    for (int i = 0; i < known.size(); i++) {
      Map<String, Object> row = new LinkedHashMap<>(known.get(i));
      row.put("valid_to", i + 1 < known.size() ? known.get(i + 1).get("valid_from") : null);
      read.add(row);
    }
    return read;
  }
}
