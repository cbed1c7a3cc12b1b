package io.pitlake.job.update;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.catalog.Catalogs;
import io.pitlake.job.Backfill;
import io.pitlake.job.ingest.VendorDataset;
import io.pitlake.table.PitlakeTables;
import io.pitlake.table.TableSpec;
import io.pitlake.testing.Lake;
import io.pitlake.time.NyseCalendar;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.annotation.Nullable;
import org.apache.flink.configuration.Configuration;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an update asks for, decided from a lake's bronze rows alone: per-key marks less lookbacks,
 * each vendor's calendar, keys new to a dataset. No job runs.
 */
class UpdatePlannerTest {

  static final LocalDate THURSDAY = LocalDate.parse("2024-03-28");
  static final LocalDate GOOD_FRIDAY = LocalDate.parse("2024-03-29");

  @TempDir Path root;
  Lake lake;

  @BeforeEach
  void lakeThroughThursdayBeforeGoodFriday() {
    lake = new Lake(root.resolve("lake"));
    lake.append(
        PitlakeTables.BRONZE_POLYGON_AGGS,
        List.of(
            bar("AAPL", THURSDAY.minusDays(1)),
            bar("AAPL", THURSDAY),
            bar("MSFT", LocalDate.parse("2024-03-20"))));
    append(VendorDataset.POLYGON_NEWS, "AAPL", THURSDAY.atTime(14, 0));
    append(VendorDataset.SEC_SUBMISSIONS, "320193", THURSDAY.atTime(16, 30));
  }

  @Test
  @DisplayName(
      "on Good Friday the bars have nothing new, said in one line, while EDGAR and news are asked")
  void goodFridayFetchesFilingsAndNewsButNoBars() {
    lake.append(PitlakeTables.BRONZE_POLYGON_AGGS, List.of(bar("MSFT", THURSDAY)));
    Map<String, DatasetUpdate> plan = plan(GOOD_FRIDAY, Instant.parse("2024-03-30T03:00:00Z"));

    assertThat(plan.get("polygon.aggs_day").line())
        .isEqualTo(
            "polygon.aggs_day: nothing new: no NYSE session after 2024-03-28 (2024-03-29: Good"
                + " Friday)");
    assertThat(plan.get("sec.submissions").fetches()).as("EDGAR is open").isTrue();
    assertThat(plan.get("polygon.news").starts())
        .as("three days back from the newest article; MSFT, in the lake, is asked too")
        .containsEntry("AAPL", LocalDate.parse("2024-03-25"))
        .containsEntry("MSFT", LocalDate.parse("2024-03-28"));
    assertThat(plan.get("polygon.news").line())
        .isEqualTo(
            "polygon.news: 2 symbols from 2024-03-25..2024-03-28 to 2024-03-29 (newest day less 3"
                + " days), 1 new to it");
  }

  @Test
  @DisplayName("each symbol's bars from its own newest session less the lookback")
  void barsStartPerSymbol() {
    DatasetUpdate bars = plan(LocalDate.parse("2024-04-02"), Instant.now()).get("polygon.aggs_day");

    assertThat(bars.starts())
        .containsEntry("AAPL", LocalDate.parse("2024-03-18"))
        .containsEntry("MSFT", LocalDate.parse("2024-03-10"));
    assertThat(bars.to()).isEqualTo("2024-04-02");
  }

  @Test
  @DisplayName(
      "before a session's bars are out, --to stops at the session before: never a partial bar")
  void theNewestSessionWaitsForItsBars() {
    // 19:00 New York on Thursday: Thursday's bars are out at 20:15.
    Map<String, DatasetUpdate> plan = plan(null, Instant.parse("2024-03-28T23:00:00Z"));

    DatasetUpdate bars = plan.get("polygon.aggs_day");
    assertThat(bars.to()).isEqualTo("2024-03-27");
    assertThat(bars.starts()).containsOnlyKeys("MSFT");
    assertThat(bars.upToDate()).isEqualTo(1);
    assertThat(plan.get("polygon.news").to()).as("news: today").isEqualTo(THURSDAY);
  }

  @Test
  @DisplayName("on a Saturday EDGAR has nothing new once the lake holds Friday's filings")
  void edgarIsQuietOnAWeekendAfterItsLastBusinessDay() {
    append(VendorDataset.SEC_SUBMISSIONS, "320193", GOOD_FRIDAY.atTime(17, 0));
    DatasetUpdate sec = plan(LocalDate.parse("2024-03-30"), Instant.now()).get("sec.submissions");

    assertThat(sec.line())
        .isEqualTo(
            "sec.submissions: nothing new: no EDGAR business day after 2024-03-29 (2024-03-30:"
                + " Saturday)");
  }

  @Test
  @DisplayName("a symbol named that a dataset holds nothing of starts at the dataset's first day")
  void aNewSymbolStartsAtTheDatasetsFirstDay() {
    DatasetUpdate bars =
        new UpdatePlanner(catalog(), new Configuration())
            .plan(
                new UpdatePlanner.Request(
                    List.of(UpdatedDataset.DAILY_BARS),
                    List.of(),
                    List.of("NVDA", "AAPL"),
                    List.of(),
                    LocalDate.parse("2024-04-02"),
                    Instant.now()))
            .get(0);

    assertThat(bars.starts())
        .containsOnlyKeys("NVDA", "AAPL")
        .containsEntry("NVDA", LocalDate.parse("2024-03-20"));
    assertThat(bars.newKeys()).isEqualTo(1);
  }

  @Test
  @DisplayName("--vendor updates the datasets of that vendor the lake holds, no others")
  void aVendorMeansItsDatasetsInTheLake() {
    List<DatasetUpdate> plan =
        new UpdatePlanner(catalog(), new Configuration())
            .plan(
                new UpdatePlanner.Request(
                    List.of(),
                    List.of("polygon"),
                    List.of(),
                    List.of(),
                    GOOD_FRIDAY,
                    Instant.now()));

    assertThat(plan)
        .extracting(u -> u.dataset().id())
        .containsExactly("polygon.aggs_day", "polygon.news");
  }

  private Map<String, DatasetUpdate> plan(@Nullable LocalDate to, Instant now) {
    return new UpdatePlanner(catalog(), new Configuration())
            .plan(new UpdatePlanner.Request(List.of(), List.of(), List.of(), List.of(), to, now))
            .stream()
            .collect(Collectors.toMap(u -> u.dataset().id(), u -> u));
  }

  private org.apache.iceberg.catalog.Catalog catalog() {
    return Backfill.closeable(Catalogs.create(lake.config())).get();
  }

  private static Record bar(String symbol, LocalDate session) {
    Record r = Lake.newRecord(PitlakeTables.BRONZE_POLYGON_AGGS);
    OffsetDateTime start = session.atStartOfDay(NyseCalendar.ZONE).toOffsetDateTime();
    r.setField("vendor", "polygon");
    r.setField("dataset", "aggs_day");
    r.setField("symbol", symbol);
    r.setField("session_date", session);
    r.setField("event_time", start);
    r.setField("available_at", start.plusHours(20));
    r.setField("ingested_at", start.plusHours(21));
    r.setField("version", 1);
    r.setField("payload_hash", symbol + session);
    r.setField("payload", "{}");
    r.setField("request_url", "http://vendor/");
    r.setField("split_id", symbol + ":" + session + ":" + session);
    return r;
  }

  /** One raw bronze row of {@code dataset}, fetched for {@code key}, at {@code newYork}. */
  private void append(VendorDataset dataset, String key, java.time.LocalDateTime newYork) {
    TableSpec spec = dataset.table();
    Record r = Lake.newRecord(spec);
    OffsetDateTime at = newYork.atZone(NyseCalendar.ZONE).toOffsetDateTime();
    r.setField("vendor", dataset.vendor());
    r.setField("dataset", dataset.id());
    r.setField("observation_key", key + "|" + newYork);
    r.setField("event_time", at);
    r.setField("available_at", at);
    r.setField("ingested_at", at.withOffsetSameInstant(ZoneOffset.UTC));
    r.setField("version", 1);
    r.setField("payload_hash", key + newYork);
    r.setField("payload", "{}");
    r.setField("request_url", "http://vendor/");
    r.setField("split_id", key + ":2000-01-01:" + newYork.toLocalDate());
    List<Record> rows = new ArrayList<>();
    rows.add(r);
    lake.append(spec, rows);
  }
}
