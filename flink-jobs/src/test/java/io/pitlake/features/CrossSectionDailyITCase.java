package io.pitlake.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.catalog.Catalogs;
import io.pitlake.features.library.FeatureVectorTest;
import io.pitlake.features.library.ReferenceCrossSection;
import io.pitlake.job.Backfill;
import io.pitlake.job.RunMode;
import io.pitlake.job.ingest.VendorDataset;
import io.pitlake.panel.PanelOptions;
import io.pitlake.simulator.PolygonSimulator;
import io.pitlake.simulator.Revision;
import io.pitlake.table.FeatureColumns;
import io.pitlake.table.Layer;
import io.pitlake.table.PitlakeTables;
import io.pitlake.table.TableSpec;
import io.pitlake.testing.KnownBy;
import io.pitlake.testing.Lake;
import io.pitlake.testing.MutableClock;
import io.pitlake.testing.Runs;
import io.pitlake.time.NyseCalendar;
import io.pitlake.universe.MembershipCsv;
import io.pitlake.universe.UniverseIngest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.annotation.Nullable;
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
 * gold.cross_section_daily end to end on the simulator's lake, FeaturesDailyITCase's set-up widened
 * to five symbols: SPLT's split and DIVC's dividends ingested from Polygon, AAPL from 2023 (so only
 * it has {@code mom_12_1} in 2024: a cross-section of one value), and one MSFT bar revised by a
 * second backfill after the vendor's clock moved, so 2024's later MSFT features rows have a second
 * version known long after their sessions' instants. Polygon's ticker details give the security
 * master, and a universe file index TEST: MSFT all year, NVDA from 2024-06-03 (announced
 * 2024-05-20), DIVC from 2024-03-01 but announced only on 2024-07-01 12:00 UTC; SPLT and AAPL
 * never.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossSectionDailyITCase {

  @RegisterExtension static final MiniClusterExtension FLINK = Runs.miniCluster();

  static final List<String> SYMBOLS = List.of("SPLT", "DIVC", "MSFT", "NVDA");
  static final String EARLY = "AAPL";
  static final LocalDate FROM = LocalDate.of(2024, 1, 1);
  static final LocalDate TO = LocalDate.of(2024, 12, 31);
  static final LocalDate REVISED = LocalDate.of(2024, 8, 15);
  static final Instant REVISION_AT = Instant.parse("2025-03-01T00:00:00Z");
  static final Duration PUBLICATION_DELAY = Duration.ofMinutes(15);
  static final NyseCalendar NYSE = NyseCalendar.instance();
  static final String INDEX = "TEST";
  static final LocalDate NVDA_IN = LocalDate.of(2024, 6, 3);

  /**
   * DIVC's membership, effective 2024-03-01, is known from 2024-07-01 12:00 UTC: that session on.
   */
  static final LocalDate DIVC_KNOWN = LocalDate.of(2024, 7, 1);

  /** FeaturesDailyITCase's: the layers a copied bronze is built through, and that bronze. */
  static final Layer[] LAYERS = FeaturesDailyITCase.LAYERS;

  static final List<TableSpec> BRONZE =
      Stream.concat(
              FeaturesDailyITCase.BRONZE.stream(), Stream.of(PitlakeTables.SILVER_INDEX_MEMBERSHIP))
          .toList();

  @TempDir static Path root;

  final MutableClock vendorClock = new MutableClock(Instant.parse("2025-01-02T00:00:00Z"));
  PolygonSimulator polygon;
  Lake full;

  /** When the revised MSFT bar became known: the second backfill's fetch. */
  Instant revisedAt;

  @BeforeAll
  void ingestAndBuild() throws Exception {
    polygon =
        PolygonSimulator.builder()
            .apiKey(Runs.KEY)
            .clock(vendorClock)
            .revision(new Revision("MSFT", REVISED, REVISION_AT))
            .build()
            .start();
    full = new Lake(root.resolve("full"));
    Runs.backfill(full, polygon, SYMBOLS, FROM, TO, RunMode.BATCH);
    Runs.backfill(full, polygon, List.of(EARLY), FROM.minusYears(1), TO, RunMode.BATCH);
    Runs.ingestPolygon(
        full,
        polygon,
        List.of(VendorDataset.POLYGON_SPLITS, VendorDataset.POLYGON_DIVIDENDS),
        SYMBOLS,
        FROM,
        TO);
    Runs.ingestPolygon(
        full,
        polygon,
        List.of(VendorDataset.POLYGON_TICKER_DETAILS),
        Stream.concat(SYMBOLS.stream(), Stream.of(EARLY)).toList(),
        FROM,
        TO);
    try (var catalog = Backfill.closeable(Catalogs.create(full.config()))) {
      new UniverseIngest(catalog.get())
          .ingest(
              MembershipCsv.parse(
                  List.of(
                      MembershipCsv.HEADER,
                      INDEX + ",MSFT,,2020-01-02,,",
                      INDEX + ",NVDA,," + NVDA_IN + ",,2024-05-20T17:00:00-04:00",
                      INDEX + ",DIVC,,2024-03-01,,2024-07-01T12:00:00Z")),
              "test.csv",
              Instant.parse("2024-12-31T12:00:00Z"));
    }
    vendorClock.set(REVISION_AT.plus(Duration.ofDays(1)));
    Runs.backfill(full, polygon, List.of("MSFT"), REVISED, REVISED.plusDays(7), RunMode.BATCH);
    revisedAt =
        full.rows(PitlakeTables.SILVER_BARS_DAILY).stream()
            .filter(r -> r.get("symbol").equals("MSFT") && r.get("session_date").equals(REVISED))
            .filter(r -> (Integer) r.get("version") == 2)
            .map(r -> (Instant) r.get("available_at"))
            .findFirst()
            .orElseThrow();
    Runs.buildSql(full, RunMode.BATCH, Layer.REFERENCE, Layer.ADJUSTED, Layer.FEATURES);
  }

  @AfterAll
  void stop() throws Exception {
    polygon.close();
    full.close();
  }

  @Test
  @DisplayName(
      "every session's cross-section is taken at its bars' publication (20:15 New York, 17:15 on"
          + " an early close) and equals the reference over the features rows known then")
  void everySessionEqualsTheReferenceAtItsInstant() {
    List<Map<String, Object>> rows = universe(full, "all");
    for (Map<String, Object> row : rows) {
      LocalDate session = (LocalDate) row.get("session_date");
      assertThat(row.get("available_at"))
          .as("%s", row)
          .isEqualTo(NYSE.extendedClose(session).plus(PUBLICATION_DELAY));
    }
    int checked =
        assertEqualsReference(
            rows, full.rows(PitlakeTables.GOLD_FEATURES_DAILY), Duration.ZERO, null);
    assertThat(checked).isGreaterThan(4 * 252);
    assertThat(rows)
        .as("AAPL alone has mom_12_1 from 2024: ranked 1, no z")
        .filteredOn(r -> r.get("cs_rank_mom_12_1") != null)
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.get("symbol")).isEqualTo(EARLY))
        .allSatisfy(r -> assertThat(r.get("cs_rank_mom_12_1")).isEqualTo(1.0))
        .allSatisfy(r -> assertThat(r.get("cs_z_mom_12_1")).isNull());
  }

  @Test
  @DisplayName(
      "a features row known after its session's instant never enters: the revised bar's versions"
          + " add no row and change no cross-section")
  void aRowKnownAfterTheInstantNeverEnters() {
    List<Map<String, Object>> features = full.rows(PitlakeTables.GOLD_FEATURES_DAILY);
    List<Map<String, Object>> late =
        features.stream().filter(r -> r.get("available_at").equals(revisedAt)).toList();
    assertThat(late)
        .as("the revision re-versioned MSFT's rows from %s on", REVISED)
        .hasSizeGreaterThan(90)
        .allSatisfy(r -> assertThat(r.get("symbol")).isEqualTo("MSFT"));
    List<Map<String, Object>> rows = universe(full, "all");
    Set<String> sessionSymbols =
        features.stream()
            .map(r -> r.get("session_date") + " " + r.get("symbol"))
            .collect(Collectors.toSet());
    assertThat(rows)
        .as("one row per session x symbol, whatever its versions")
        .hasSize(sessionSymbols.size());
    assertThat(rows)
        .filteredOn(r -> r.get("symbol").equals("MSFT"))
        .allSatisfy(
            r ->
                assertThat((Instant) r.get("features_available_at"))
                    .isBefore(revisedAt)
                    .isEqualTo(r.get("available_at")))
        .allSatisfy(r -> assertThat((Instant) r.get("ingested_at")).isBefore(revisedAt));
    assertThat(rows)
        .allSatisfy(r -> assertThat((Instant) r.get("available_at")).isBefore(revisedAt));
  }

  @Test
  @DisplayName(
      "an index's cross-section holds its members as known at each session's instant, ranked among"
          + " themselves: a member enters from its effective session as known then, a non-member"
          + " never")
  void universeCrossSectionsHoldTheirMembersAsKnownThen() {
    List<Map<String, Object>> rows = universe(full, INDEX);
    assertThat(rows.stream().map(r -> r.get("symbol")).distinct())
        .containsExactlyInAnyOrder("MSFT", "NVDA", "DIVC");
    assertThat(rows)
        .filteredOn(r -> r.get("symbol").equals("NVDA"))
        .extracting(r -> (LocalDate) r.get("session_date"))
        .allSatisfy(d -> assertThat(d).isAfterOrEqualTo(NVDA_IN))
        .contains(NVDA_IN);
    assertThat(rows)
        .filteredOn(r -> r.get("symbol").equals("DIVC"))
        .extracting(r -> (LocalDate) r.get("session_date"))
        .as("effective 03-01, but known only from 07-01: not in the sessions before as known then")
        .allSatisfy(d -> assertThat(d).isAfterOrEqualTo(DIVC_KNOWN))
        .contains(DIVC_KNOWN);
    assertThat(rows)
        .extracting(r -> r.get("security_id"))
        .as("the master knows the members from its first snapshot on")
        .contains(
            full.rows(PitlakeTables.SILVER_SECURITY_MASTER).stream()
                .filter(m -> m.get("ticker").equals("MSFT"))
                .findFirst()
                .orElseThrow()
                .get("security_id"));
    int checked =
        assertEqualsReference(
            rows,
            full.rows(PitlakeTables.GOLD_FEATURES_DAILY),
            Duration.ZERO,
            (session, symbol) ->
                symbol.equals("MSFT")
                    || (symbol.equals("NVDA") && !session.isBefore(NVDA_IN))
                    || (symbol.equals("DIVC") && !session.isBefore(DIVC_KNOWN)));
    assertThat(checked).isGreaterThan(252 + 140 + 120);
  }

  @Test
  @DisplayName("streaming SQL over the same bronze gives the batch rows")
  void streamingEqualsBatch() throws Exception {
    try (Lake streaming = new Lake(root.resolve("streaming"))) {
      for (TableSpec table : BRONZE) {
        full.copyTo(streaming, table, record -> true);
      }
      Runs.buildSql(streaming, RunMode.STREAMING, LAYERS);
      assertThat(streaming.rows(PitlakeTables.GOLD_CROSS_SECTION_DAILY))
          .isNotEmpty()
          .isEqualTo(full.rows(PitlakeTables.GOLD_CROSS_SECTION_DAILY));
    }
  }

  @Test
  @DisplayName(
      "a run on the inputs known by T gives exactly the full run's rows known by T: a session"
          + " from its instant on, never a millisecond before; the revision changes nothing")
  void prefixRunEqualsFullRunUpToT() throws Exception {
    Instant published = NYSE.extendedClose(LocalDate.of(2024, 6, 10)).plus(PUBLICATION_DELAY);
    List<Instant> cuts = List.of(published.minusMillis(1), published, revisedAt.minusMillis(1));
    List<Map<String, Object>> all = full.rows(PitlakeTables.GOLD_CROSS_SECTION_DAILY);
    int i = 0;
    for (Instant cut : cuts) {
      try (Lake prefix = new Lake(root.resolve("prefix-" + i++))) {
        for (TableSpec table : BRONZE) {
          full.copyTo(prefix, table, record -> !Lake.availableAt(record).isAfter(cut));
        }
        Runs.buildSql(prefix, RunMode.BATCH, LAYERS);
        // The whole prefix table, not only its rows known by T: with the default offset no
        // cross-section is taken after the last input a run holds, so none is written early.
        assertThat(prefix.rows(PitlakeTables.GOLD_CROSS_SECTION_DAILY))
            .as("known by %s", cut)
            .isNotEmpty()
            .isEqualTo(KnownBy.written(all, cut));
      }
    }
    assertThat(KnownBy.written(all, cuts.get(2))).isEqualTo(all);
  }

  @Test
  @DisplayName(
      "panel.decision-offset moves the instant when it falls after the publication: at close +"
          + " 6 h every session's cross-section is taken at that decision instant")
  void decisionOffsetMovesTheInstant() throws Exception {
    Duration offset = Duration.ofHours(6);
    try (Lake later = new Lake(root.resolve("offset"))) {
      for (TableSpec table : BRONZE) {
        full.copyTo(later, table, record -> true);
      }
      Configuration options = Runs.options();
      options.set(PanelOptions.DECISION_OFFSET, offset);
      Runs.buildSql(later, options, RunMode.BATCH, LAYERS);
      List<Map<String, Object>> rows = universe(later, "all");
      for (Map<String, Object> row : rows) {
        LocalDate session = (LocalDate) row.get("session_date");
        assertThat(row.get("available_at"))
            .as("%s", row)
            .isEqualTo(NYSE.session(session).orElseThrow().close().plus(offset));
      }
      assertThat(
              assertEqualsReference(
                  rows, later.rows(PitlakeTables.GOLD_FEATURES_DAILY), offset, null))
          .isGreaterThan(4 * 252);
    }
  }

  /** The rows of {@code lake}'s gold.cross_section_daily of one universe. */
  private static List<Map<String, Object>> universe(Lake lake, String universe) {
    return lake.rows(PitlakeTables.GOLD_CROSS_SECTION_DAILY).stream()
        .filter(r -> r.get("universe").equals(universe))
        .toList();
  }

  /**
   * Asserts that {@code rows} are, per session, the reference's cross-section of {@code
   * featureRows}: taken at the later of the session's close plus {@code offset} and its first
   * features row, over each symbol's newest features row known then among the {@code members}
   * ({@code null}: every symbol, universe 'all', whose {@code ingested_at} is its members' newest
   * fetch; an index's adds its memberships'). Returns the number of rows checked.
   */
  private static int assertEqualsReference(
      List<Map<String, Object>> rows,
      List<Map<String, Object>> featureRows,
      Duration offset,
      @Nullable BiPredicate<LocalDate, String> members) {
    boolean all = members == null;
    Map<LocalDate, List<Map<String, Object>>> features =
        featureRows.stream().collect(Collectors.groupingBy(r -> (LocalDate) r.get("session_date")));
    Map<LocalDate, List<Map<String, Object>>> written =
        rows.stream().collect(Collectors.groupingBy(r -> (LocalDate) r.get("session_date")));
    assertThat(features.keySet()).containsAll(written.keySet());
    int checked = 0;
    for (Map.Entry<LocalDate, List<Map<String, Object>>> session : features.entrySet()) {
      Instant decision = NYSE.session(session.getKey()).orElseThrow().close().plus(offset);
      Instant first =
          session.getValue().stream()
              .map(r -> (Instant) r.get("available_at"))
              .min(Comparator.naturalOrder())
              .orElseThrow();
      Instant instant = first.isAfter(decision) ? first : decision;
      Map<String, Map<String, Object>> newest = new TreeMap<>();
      for (Map<String, Object> r : session.getValue()) {
        if (!((Instant) r.get("available_at")).isAfter(instant)
            && (all || members.test(session.getKey(), (String) r.get("symbol")))) {
          newest.merge(
              (String) r.get("symbol"),
              r,
              (a, b) ->
                  ((Instant) a.get("available_at")).isAfter((Instant) b.get("available_at"))
                      ? a
                      : b);
        }
      }
      if (newest.isEmpty()) {
        assertThat(written).doesNotContainKey(session.getKey());
        continue;
      }
      Map<String, Map<String, Double>> values = new HashMap<>();
      newest.forEach(
          (symbol, r) -> {
            Map<String, Double> byFeature = new HashMap<>();
            for (String f : FeatureColumns.CROSS_SECTIONAL) {
              byFeature.put(f, r.get(f) == null ? Double.NaN : (Double) r.get(f));
            }
            values.put(symbol, byFeature);
          });
      Map<String, Map<String, Double>> expected =
          ReferenceCrossSection.columns(FeatureColumns.CROSS_SECTIONAL, values);
      Instant ingested =
          newest.values().stream()
              .map(r -> (Instant) r.get("ingested_at"))
              .max(Comparator.naturalOrder())
              .orElseThrow();
      List<Map<String, Object>> actual = new ArrayList<>(written.get(session.getKey()));
      assertThat(actual)
          .extracting(r -> (String) r.get("symbol"))
          .containsExactlyInAnyOrderElementsOf(newest.keySet());
      for (Map<String, Object> row : actual) {
        Map<String, Object> member = newest.get((String) row.get("symbol"));
        assertThat(row.get("available_at")).isEqualTo(instant);
        assertThat(row.get("features_available_at")).isEqualTo(member.get("available_at"));
        assertThat(row.get("event_time")).isEqualTo(member.get("event_time"));
        assertThat(row.get("security_id")).isEqualTo(member.get("security_id"));
        if (all) {
          assertThat(row.get("ingested_at")).isEqualTo(ingested);
        } else {
          assertThat((Instant) row.get("ingested_at"))
              .as("the members' fetches and the memberships'")
              .isAfterOrEqualTo(ingested);
        }
        for (String column : FeatureColumns.CROSS_SECTION) {
          Double value = (Double) row.get(column);
          double want = expected.get(column).get((String) row.get("symbol"));
          assertThat(FeatureVectorTest.agree(value == null ? Double.NaN : value, want))
              .as("%s of %s: %s, reference %s", column, row, value, want)
              .isTrue();
        }
        checked++;
      }
    }
    return checked;
  }
}
