package io.pitlake.universe;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.catalog.Catalogs;
import io.pitlake.job.Backfill;
import io.pitlake.job.RunMode;
import io.pitlake.job.ingest.VendorDataset;
import io.pitlake.simulator.PolygonSimulator;
import io.pitlake.table.Layer;
import io.pitlake.table.PitlakeTables;
import io.pitlake.table.TableSpec;
import io.pitlake.testing.KnownBy;
import io.pitlake.testing.Lake;
import io.pitlake.testing.Runs;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * gold.universe_daily end to end: a universe file stored by {@link UniverseIngest}, the simulators'
 * security master (OLDC renamed NEWC on 2024-09-03, GONE delisted after 2024-09-30) and bars for
 * the sessions, built in the reference layer in batch and streaming and on prefixes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UniverseDailyITCase {

  @RegisterExtension static final MiniClusterExtension FLINK = Runs.miniCluster();

  static final LocalDate FROM = LocalDate.of(2024, 6, 1);
  static final LocalDate TO = LocalDate.of(2024, 12, 31);
  static final Instant ANNOUNCED = Instant.parse("2024-09-06T21:15:00Z");
  static final List<TableSpec> INPUTS =
      List.of(
          VendorDataset.POLYGON_TICKER_DETAILS.table(),
          VendorDataset.POLYGON_TICKER_EVENTS.table(),
          PitlakeTables.SILVER_BARS_DAILY,
          PitlakeTables.SILVER_INDEX_MEMBERSHIP);

  @TempDir static Path root;

  PolygonSimulator polygon;
  Lake full;

  @BeforeAll
  void ingestAndBuild() throws Exception {
    polygon = PolygonSimulator.builder().apiKey(Runs.KEY).build().start();
    full = new Lake(root.resolve("full"));
    Runs.ingestPolygon(
        full,
        polygon,
        List.of(VendorDataset.POLYGON_TICKER_DETAILS, VendorDataset.POLYGON_TICKER_EVENTS),
        List.of("OLDC", "NEWC", "GONE"),
        LocalDate.of(2024, 1, 1),
        TO);
    Runs.backfill(full, polygon, List.of("SPLT"), FROM, TO, RunMode.BATCH);
    try (var catalog = Backfill.closeable(Catalogs.create(full.config()))) {
      new UniverseIngest(catalog.get())
          .ingest(
              MembershipCsv.parse(
                  List.of(
                      MembershipCsv.HEADER,
                      "SP500,OLDC,,2020-01-02,,",
                      "SP500,GONE,,2020-01-02,2024-10-01,",
                      "SP500,SPLT,,2024-09-23,,2024-09-06T17:15:00-04:00")),
              "sp500.csv",
              Instant.parse("2024-12-31T12:00:00Z"));
    }
    Runs.buildSql(full, RunMode.BATCH, Layer.REFERENCE);
  }

  @AfterAll
  void stop() throws Exception {
    polygon.close();
    full.close();
  }

  @Test
  @DisplayName(
      "a member announced before its effective date is in from that date, known from the announcement")
  void announcedMemberIsInFromItsEffectiveDate() {
    assertThat(full.rows(PitlakeTables.SILVER_INDEX_MEMBERSHIP))
        .filteredOn(r -> r.get("constituent").equals("SPLT"))
        .singleElement()
        .satisfies(r -> assertThat(r.get("available_at")).isEqualTo(ANNOUNCED));
    List<Map<String, Object>> splt = member("SPLT");
    assertThat(splt)
        .first()
        .satisfies(r -> assertThat(r.get("session_date")).isEqualTo(LocalDate.of(2024, 9, 23)));
    assertThat(splt)
        .last()
        .satisfies(r -> assertThat(r.get("session_date")).isEqualTo(LocalDate.of(2024, 12, 31)));
  }

  @Test
  @DisplayName("a delisted member stays in the universes of the sessions it was in")
  void delistedMemberStaysInPastUniverses() {
    List<Map<String, Object>> gone = member("GONE");
    assertThat(gone)
        .first()
        .satisfies(r -> assertThat(r.get("session_date")).isEqualTo(FROM.plusDays(2)));
    assertThat(gone)
        .last()
        .satisfies(r -> assertThat(r.get("session_date")).isEqualTo(LocalDate.of(2024, 9, 30)));
    assertThat(gone)
        .extracting(r -> r.get("security_id"))
        .as("resolved through the master as known at each session")
        .containsOnly(gone.get(0).get("security_id"))
        .doesNotContainNull();
  }

  @Test
  @DisplayName("a renamed member keeps its security and its membership, under NEWC once known")
  void renamedMemberKeepsItsHistory() {
    List<Map<String, Object>> oldc = member("OLDC");
    assertThat(oldc)
        .hasSize(member("SPLT").size() + 77)
        .last()
        .satisfies(r -> assertThat(r.get("session_date")).isEqualTo(TO));
    assertThat(oldc)
        .extracting(r -> r.get("security_id"))
        .containsOnly(oldc.get(0).get("security_id"))
        .doesNotContainNull();
    assertThat(ticker(oldc, LocalDate.of(2024, 9, 30)))
        .as("renamed on 09-03, but the master first shows NEWC in the snapshot known 10-01")
        .isEqualTo("OLDC");
    assertThat(ticker(oldc, LocalDate.of(2024, 10, 1))).isEqualTo("NEWC");
    assertThat(ticker(oldc, TO)).isEqualTo("NEWC");
  }

  @Test
  @DisplayName("streaming SQL over the same inputs gives the batch universe")
  void streamingEqualsBatch() throws Exception {
    try (Lake streaming = new Lake(root.resolve("streaming"))) {
      for (TableSpec table : INPUTS) {
        full.copyTo(streaming, table, record -> true);
      }
      Runs.buildSql(streaming, RunMode.STREAMING, Layer.REFERENCE);
      assertThat(streaming.rows(PitlakeTables.GOLD_UNIVERSE_DAILY))
          .isNotEmpty()
          .isEqualTo(full.rows(PitlakeTables.GOLD_UNIVERSE_DAILY));
    }
  }

  @Test
  @DisplayName("a run on the inputs known by T gives exactly the full run's rows known by T")
  void prefixRunEqualsFullRunUpToT() throws Exception {
    List<Instant> cuts =
        List.of(
            Instant.parse("2024-09-06T21:15:00Z"), // SPLT's addition announced
            Instant.parse("2024-09-30T20:00:00Z"), // GONE's last decision; NEWC not yet known
            Instant.parse("2024-10-01T04:00:00Z")); // GONE out, NEWC known
    int i = 0;
    for (Instant cut : cuts) {
      try (Lake prefix = new Lake(root.resolve("prefix-" + i++))) {
        for (TableSpec table : INPUTS) {
          full.copyTo(prefix, table, record -> !Lake.availableAt(record).isAfter(cut));
        }
        Runs.buildSql(prefix, RunMode.BATCH, Layer.REFERENCE);
        assertThat(KnownBy.written(prefix.rows(PitlakeTables.GOLD_UNIVERSE_DAILY), cut))
            .as("universe known by %s", cut)
            .isNotEmpty()
            .isEqualTo(KnownBy.written(full.rows(PitlakeTables.GOLD_UNIVERSE_DAILY), cut));
      }
    }
  }

  private List<Map<String, Object>> member(String member) {
    return full.rows(PitlakeTables.GOLD_UNIVERSE_DAILY).stream()
        .filter(r -> r.get("constituent").equals(member))
        .sorted(java.util.Comparator.comparing(r -> (LocalDate) r.get("session_date")))
        .toList();
  }

  private static Object ticker(List<Map<String, Object>> rows, LocalDate session) {
    return rows.stream()
        .filter(r -> r.get("session_date").equals(session))
        .findFirst()
        .orElseThrow()
        .get("ticker");
  }
}
