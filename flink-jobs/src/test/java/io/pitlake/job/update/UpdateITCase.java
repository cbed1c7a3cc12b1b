package io.pitlake.job.update;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.job.Backfill;
import io.pitlake.job.RunMode;
import io.pitlake.job.ingest.RawIngestPlan;
import io.pitlake.job.ingest.VendorDataset;
import io.pitlake.simulator.AlpacaSimulator;
import io.pitlake.simulator.PolygonSimulator;
import io.pitlake.simulator.Revision;
import io.pitlake.simulator.fmp.FmpSimulator;
import io.pitlake.simulator.sec.SecSimulator;
import io.pitlake.source.rest.Credentials;
import io.pitlake.table.Layer;
import io.pitlake.table.PitlakeTables;
import io.pitlake.table.TableSpec;
import io.pitlake.testing.Lake;
import io.pitlake.testing.MutableClock;
import io.pitlake.testing.Runs;
import io.pitlake.vendor.alpaca.AlpacaOptions;
import io.pitlake.vendor.fmp.FmpOptions;
import io.pitlake.vendor.polygon.PolygonOptions;
import io.pitlake.vendor.sec.SecOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.catalog.Catalog;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pitlake update} against the simulators: a lake filled to D1 and updated to D2 holds what a
 * lake filled to D2 at once holds, with requests only for what is new; a revision inside the
 * lookback is the one difference; a second update adds nothing; a run that died between its commits
 * is completed by the next.
 *
 * <p>The vendors' clocks stand at each day's evening, after its bars are out, so that each run sees
 * what the vendor had published by then (the simulators serve an action from its announcement on).
 */
class UpdateITCase {

  @RegisterExtension static final MiniClusterExtension FLINK = Runs.miniCluster();

  /**
   * Wednesday: RSPL's reverse split and OLDC's rename are announced in August, DIVC's special
   * dividend in November.
   */
  static final LocalDate D1 = LocalDate.parse("2024-07-31");

  /** The day after Thanksgiving, an early close. */
  static final LocalDate D2 = LocalDate.parse("2024-11-29");

  static final LocalDate FROM = LocalDate.parse("2024-01-02");
  static final Instant AT_D1 = Instant.parse("2024-08-01T02:00:00Z");
  static final Instant AT_D2 = Instant.parse("2024-11-30T02:00:00Z");

  static final List<String> SYMBOLS = List.of("SPLT", "RSPL", "DIVC");
  static final List<String> FMP_SYMBOLS = List.of("SNOW", "TSLA");
  static final List<String> CIKS = List.of("1318605", "1640147");
  static final String ALPACA_KEY_ID = "PKUPDATETEST1";
  static final String ALPACA_SECRET = "alpaca-secret-update-9b2e41";
  static final String FMP_KEY = "fmp-update-key-3a7c";

  /**
   * The layers built besides the bars: news, corporate actions, factors, fundamentals. The feature
   * library and the panel are functions of these that cost minutes here; an update builds only the
   * layers a lake has.
   */
  static final Layer[] LAYERS = {Layer.REFERENCE, Layer.ADJUSTED, Layer.FUNDAMENTALS};

  /** What a fetch stamps and a backfill and an update necessarily ask differently for. */
  static final Set<String> FETCH_COLUMNS = Set.of("ingested_at", "request_url", "split_id");

  @TempDir Path root;

  /**
   * The simulators of one test, their clocks at {@link #AT_D1}, and the options pointing at them.
   */
  final class Vendors implements AutoCloseable {
    final MutableClock clock = new MutableClock(AT_D1);
    final PolygonSimulator polygon;
    final AlpacaSimulator alpaca =
        AlpacaSimulator.builder()
            .keyPair(ALPACA_KEY_ID, ALPACA_SECRET)
            .clock(clock)
            .build()
            .start();
    final SecSimulator sec = SecSimulator.builder().build().start();
    final FmpSimulator fmp = FmpSimulator.builder().apiKey(FMP_KEY).build().start();
    final Configuration options = Runs.options();
    final Map<String, Credentials> credentials = new HashMap<>();

    Vendors(Revision... revisions) throws Exception {
      var builder = PolygonSimulator.builder().apiKey(Runs.KEY).clock(clock);
      for (Revision revision : revisions) {
        builder.revision(revision);
      }
      polygon = builder.build().start();
      options.set(PolygonOptions.BASE_URL, polygon.baseUrl());
      options.set(AlpacaOptions.BASE_URL, alpaca.baseUrl());
      options.set(SecOptions.BASE_URL, sec.baseUrl());
      options.set(SecOptions.FILES_BASE_URL, sec.baseUrl());
      options.set(SecOptions.USER_AGENT, "pitlake tests admin@pitlake.example");
      options.set(FmpOptions.BASE_URL, fmp.baseUrl());
      credentials.put(
          "polygon",
          Credentials.fromFile(Files.writeString(root.resolve("polygon.key"), Runs.KEY)));
      credentials.put(
          "alpaca",
          Credentials.fromFile(
              Files.writeString(root.resolve("alpaca.key"), ALPACA_KEY_ID + ":" + ALPACA_SECRET)));
      credentials.put(
          "fmp", Credentials.fromFile(Files.writeString(root.resolve("fmp.key"), FMP_KEY)));
    }

    /** Requests each simulator received so far, by vendor. */
    Map<String, Integer> requests() {
      Map<String, IntSupplier> counters =
          Map.of(
              "polygon", polygon::requestCount,
              "alpaca", alpaca::requestCount,
              "sec", sec::requestCount,
              "fmp", fmp::requestCount);
      Map<String, Integer> counts = new HashMap<>();
      counters.forEach((vendor, count) -> counts.put(vendor, count.getAsInt()));
      return counts;
    }

    /** The daily bars of {@code symbols} to {@code to}: {@code pitlake backfill}. */
    void backfill(Lake lake, List<String> symbols, LocalDate to) throws Exception {
      Runs.backfill(lake, polygon, symbols, FROM, to, RunMode.BATCH);
    }

    /**
     * Every other dataset to {@code to}: {@code pitlake ingest}, in one job, of every ticker for
     * every ticker-keyed dataset (the vendors have nothing of the others).
     */
    void ingest(Lake lake, LocalDate to) {
      List<String> tickers = new ArrayList<>(SYMBOLS);
      tickers.addAll(FMP_SYMBOLS);
      new Backfill(new Configuration(), line -> {})
          .ingest(
              new RawIngestPlan(
                  lake.config(),
                  List.of(
                      VendorDataset.SEC_SUBMISSIONS,
                      VendorDataset.SEC_COMPANYFACTS,
                      VendorDataset.FMP_INCOME_STATEMENT,
                      VendorDataset.POLYGON_SPLITS,
                      VendorDataset.POLYGON_DIVIDENDS,
                      VendorDataset.POLYGON_NEWS,
                      VendorDataset.ALPACA_CORPORATE_ACTIONS,
                      VendorDataset.ALPACA_NEWS),
                  tickers,
                  CIKS,
                  LocalDate.parse("2000-01-01"),
                  to,
                  credentials,
                  options));
    }

    /** The plan of an update to {@code to} at the vendors' clock. */
    List<DatasetUpdate> plan(Lake lake, LocalDate to) {
      try (var catalog = Backfill.closeable(io.pitlake.catalog.Catalogs.create(lake.config()))) {
        Catalog tables = catalog.get();
        return new UpdatePlanner(tables, options)
            .plan(
                new UpdatePlanner.Request(
                    List.of(), List.of(), List.of(), List.of(), to, clock.instant()));
      }
    }

    Update.Result update(Lake lake, List<DatasetUpdate> plan) {
      return new Update(new Backfill(new Configuration(), line -> {}), line -> {})
          .run(lake.config(), plan, options, credentials, Runs.options());
    }

    @Override
    public void close() {
      polygon.close();
      alpaca.close();
      sec.close();
      fmp.close();
    }
  }

  @Test
  @DisplayName(
      "filled to D1 then updated to D2, the lake equals one filled to D2, every table, for"
          + " requests only for what is new; a second update adds nothing")
  void updateToD2EqualsABackfillToD2() throws Exception {
    try (Vendors vendors = new Vendors();
        Lake updated = new Lake(root.resolve("updated"));
        Lake whole = new Lake(root.resolve("whole"))) {
      vendors.backfill(updated, SYMBOLS, D1);
      vendors.ingest(updated, D1);
      Runs.buildSql(updated, RunMode.BATCH, LAYERS);

      vendors.clock.set(AT_D2);
      List<DatasetUpdate> plan = vendors.plan(updated, D2);
      assertThat(plan)
          .extracting(u -> u.dataset().id())
          .containsExactly(
              "polygon.aggs_day",
              "sec.submissions",
              "sec.companyfacts",
              "fmp.income_statement",
              "polygon.splits",
              "polygon.dividends",
              "polygon.news",
              "alpaca.corporate_actions",
              "alpaca.news");
      DatasetUpdate bars = plan.get(0);
      // Each symbol from its newest session, 2024-07-31, less 10 days.
      assertThat(bars.starts())
          .containsOnlyKeys(SYMBOLS)
          .allSatisfy((symbol, start) -> assertThat(start).isEqualTo("2024-07-21"));
      assertThat(plan)
          .filteredOn(u -> u.dataset().id().equals("polygon.news"))
          .singleElement()
          .satisfies(
              news ->
                  assertThat(news.starts())
                      .as("a sparse dataset is asked for every ticker of the lake")
                      .containsOnlyKeys("DIVC", "RSPL", "SNOW", "SPLT", "TSLA"));

      Map<String, Integer> before = vendors.requests();
      vendors.update(updated, plan);
      Map<String, Integer> used = minus(vendors.requests(), before);

      // The bound: one request per chunk planned (each fits a page), bars one per symbol; the
      // documents (SEC, FMP) cost what fetching them does, whole, as a backfill would.
      assertThat(used.get("polygon")).isEqualTo(chunks(plan, vendors.options, "polygon"));
      assertThat(used.get("alpaca")).isEqualTo(chunks(plan, vendors.options, "alpaca"));
      assertThat(used.get("fmp")).isEqualTo(chunks(plan, vendors.options, "fmp"));

      Map<String, Integer> beforeWhole = vendors.requests();
      vendors.backfill(whole, SYMBOLS, D2);
      Map<String, Integer> backfillBars = minus(vendors.requests(), beforeWhole);
      vendors.ingest(whole, D2);
      Map<String, Integer> backfillAll = minus(vendors.requests(), beforeWhole);
      Runs.buildSql(whole, RunMode.BATCH, LAYERS);

      assertThat(bars.starts().size())
          .as("bar requests: the update's against the backfill's (pages of 100 sessions)")
          .isLessThan(backfillBars.get("polygon"));
      assertThat(used.get("sec")).isEqualTo(backfillAll.get("sec"));

      for (TableSpec spec : tables()) {
        assertThat(updated.rows(spec, FETCH_COLUMNS))
            .as("%s, updated against filled at once", spec.id())
            .isEqualTo(whole.rows(spec, FETCH_COLUMNS));
      }
      assertThat(updated.rows(PitlakeTables.GOLD_BAR_FEATURES_DAILY)).hasSizeGreaterThan(600);
      assertThat(updated.rows(PitlakeTables.SILVER_CORPORATE_ACTIONS))
          .as("RSPL's reverse split and DIVC's special dividend came with the update")
          .anyMatch(r -> "RSPL".equals(r.get("symbol")))
          .anyMatch(r -> LocalDate.parse("2024-11-15").equals(r.get("ex_date")));

      Map<String, List<Map<String, Object>>> contents = new HashMap<>();
      tables().forEach(spec -> contents.put(spec.id().toString(), updated.rows(spec)));
      List<DatasetUpdate> again = vendors.plan(updated, D2);
      assertThat(again.get(0).fetches()).as("the bars are up to date").isFalse();
      assertThat(again.get(0).line())
          .isEqualTo(
              "polygon.aggs_day: nothing new: the lake holds every session through 2024-11-29");
      vendors.update(updated, again);
      for (TableSpec spec : tables()) {
        assertThat(updated.rows(spec))
            .as("%s after a second update", spec.id())
            .isEqualTo(contents.get(spec.id().toString()));
      }
    }
  }

  @Test
  @DisplayName(
      "a bar revised inside the lookback between the runs: the update holds both versions where a"
          + " backfill holds the revised one, and nothing else differs")
  void aRevisionInsideTheLookbackIsANewVersion() throws Exception {
    LocalDate revised = LocalDate.parse("2024-07-26");
    List<String> symbols = List.of("AAPL", "MSFT");
    try (Vendors vendors =
            new Vendors(new Revision("AAPL", revised, Instant.parse("2024-09-02T00:00:00Z")));
        Lake updated = new Lake(root.resolve("updated"));
        Lake whole = new Lake(root.resolve("whole"))) {
      vendors.backfill(updated, symbols, D1);
      vendors.clock.set(AT_D2);
      vendors.update(updated, vendors.plan(updated, D2));
      vendors.backfill(whole, symbols, D2);

      Predicate<Map<String, Object>> revisedBar =
          r -> "AAPL".equals(r.get("symbol")) && revised.equals(r.get("session_date"));
      List<Map<String, Object>> versions =
          updated.rows(PitlakeTables.SILVER_BARS_DAILY).stream().filter(revisedBar).toList();
      List<Map<String, Object>> single =
          whole.rows(PitlakeTables.SILVER_BARS_DAILY).stream().filter(revisedBar).toList();
      assertThat(versions).extracting(r -> r.get("version")).containsExactlyInAnyOrder(1, 2);
      assertThat(single).extracting(r -> r.get("version")).containsExactly(1);
      Map<String, Object> second =
          versions.stream().filter(r -> r.get("version").equals(2)).findFirst().orElseThrow();
      assertThat(second.get("close"))
          .as("the backfill's one version is the revision")
          .isEqualTo(single.get(0).get("close"));
      assertThat((Instant) second.get("available_at"))
          .as("known when the update fetched it")
          .isAfter(Instant.parse("2024-11-01T00:00:00Z"));

      Set<String> fetch = Set.of("ingested_at");
      assertThat(without(updated.rows(PitlakeTables.SILVER_BARS_DAILY, fetch), revisedBar))
          .isEqualTo(without(whole.rows(PitlakeTables.SILVER_BARS_DAILY, fetch), revisedBar));
      // Gold: the sessions whose window holds the revised bar (it and the 21 after) differ.
      LocalDate lastAffected =
          io.pitlake.time.NyseCalendar.instance().sessions(revised, D2).get(21);
      Predicate<Map<String, Object>> affected =
          r ->
              "AAPL".equals(r.get("symbol"))
                  && !((LocalDate) r.get("session_date")).isBefore(revised)
                  && !((LocalDate) r.get("session_date")).isAfter(lastAffected);
      assertThat(without(updated.rows(PitlakeTables.GOLD_BAR_FEATURES_DAILY, fetch), affected))
          .hasSizeGreaterThan(400)
          .isEqualTo(without(whole.rows(PitlakeTables.GOLD_BAR_FEATURES_DAILY, fetch), affected));
      assertThat(updated.rows(PitlakeTables.GOLD_BAR_FEATURES_DAILY).stream().filter(affected))
          .as("the first rows of those sessions, and 22 more for the revision")
          .hasSize(22 + 22);
    }
  }

  @Test
  @DisplayName(
      "an update that died after committing bronze: the next one sees silver and gold lag,"
          + " rebuilds them, and the lake equals one filled at once")
  void anInterruptedUpdateIsCompletedByTheNext() throws Exception {
    List<String> symbols = List.of("AAPL", "MSFT");
    try (Vendors vendors = new Vendors();
        Lake updated = new Lake(root.resolve("updated"));
        Lake whole = new Lake(root.resolve("whole"))) {
      vendors.clock.set(AT_D2);
      vendors.backfill(updated, symbols, D1);
      vendors.backfill(whole, symbols, D2);
      // The bronze rows an update to 2024-08-09 committed before it died.
      whole.copyBronzeTo(
          updated,
          r -> {
            LocalDate session = (LocalDate) r.getField("session_date");
            return session.isAfter(D1) && !session.isAfter(LocalDate.parse("2024-08-09"));
          });
      assertThat(Update.barsChainLag(updated.config())).startsWith("silver.bars_daily lags");

      vendors.update(updated, vendors.plan(updated, D2));

      assertThat(Update.barsChainLag(updated.config())).isNull();
      Set<String> fetch = Set.of("ingested_at", "request_url", "split_id");
      for (TableSpec spec :
          List.of(
              PitlakeTables.BRONZE_POLYGON_AGGS,
              PitlakeTables.SILVER_BARS_DAILY,
              PitlakeTables.GOLD_BAR_FEATURES_DAILY)) {
        assertThat(updated.rows(spec, fetch))
            .as("%s", spec.id())
            .isEqualTo(whole.rows(spec, fetch));
      }
    }
  }

  /** Every table the update test fills: bronze, silver and gold. */
  private static List<TableSpec> tables() {
    List<TableSpec> tables = new ArrayList<>(PitlakeTables.all());
    for (VendorDataset dataset :
        List.of(
            VendorDataset.POLYGON_SPLITS,
            VendorDataset.POLYGON_DIVIDENDS,
            VendorDataset.POLYGON_NEWS,
            VendorDataset.ALPACA_CORPORATE_ACTIONS,
            VendorDataset.ALPACA_NEWS,
            VendorDataset.SEC_SUBMISSIONS,
            VendorDataset.SEC_COMPANYFACTS,
            VendorDataset.FMP_INCOME_STATEMENT)) {
      tables.add(dataset.table());
    }
    return tables;
  }

  /** The chunks an update plans for {@code vendor}'s datasets: one request each here. */
  private static int chunks(List<DatasetUpdate> plan, Configuration options, String vendor) {
    int chunks = 0;
    for (DatasetUpdate update : plan) {
      if (update.fetches() && update.dataset().vendor().equals(vendor)) {
        chunks +=
            update.dataset().raw() == null ? update.starts().size() : update.splits(options).size();
      }
    }
    return chunks;
  }

  private static Map<String, Integer> minus(
      Map<String, Integer> after, Map<String, Integer> before) {
    Map<String, Integer> used = new HashMap<>();
    after.forEach((vendor, count) -> used.put(vendor, count - before.get(vendor)));
    return used;
  }

  private static List<Map<String, Object>> without(
      List<Map<String, Object>> rows, Predicate<Map<String, Object>> left) {
    return rows.stream().filter(left.negate()).toList();
  }
}
