package io.pitlake.job.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ProgressMeterTest {

  private static final long SECOND = 1_000_000_000L;

  private static ProgressSnapshot figures(long chunks, long fetched, long pages) {
    return new ProgressSnapshot(chunks, fetched, fetched, 0, 0, pages, 0, 40, 0, 0);
  }

  @Test
  @DisplayName("a live job's line counts its websocket reconnects and gap fills once there are any")
  void liveLineCountsReconnectsAndGapFills() {
    ProgressMeter meter = new ProgressMeter("live", 0);
    assertThat(meter.line(figures(0, 10, 1), SECOND, null)).doesNotContain("reconnects");
    assertThat(meter.line(new ProgressSnapshot(0, 20, 20, 0, 0, 2, 0, 40, 3, 2), 2 * SECOND, null))
        .endsWith(" | reconnects 3, gap fills 2");
  }

  @Test
  @DisplayName("rates are over the last window, not since the start")
  void ratesAreOverTheLastWindow() {
    ProgressMeter meter = new ProgressMeter("ingest", 10, Duration.ofSeconds(2));
    meter.line(figures(0, 0, 0), 0, null);
    meter.line(figures(1, 1_000, 10), SECOND, null);
    meter.line(figures(2, 2_000, 20), 2 * SECOND, null);
    // A stall: the cumulative rate would still read 1,000/s after 5 s.
    meter.line(figures(2, 2_000, 20), 3 * SECOND, null);
    String stalled = meter.line(figures(2, 2_000, 20), 4 * SECOND, null);

    assertThat(stalled)
        .startsWith("[ingest] 4.0 s | fetching chunks 2/10, ~16 s left | rows 2,000 (0.00/s)")
        .contains("requests 20 (0.00/s)");
    String moving = meter.line(figures(3, 3_500, 35), 5 * SECOND, null);
    assertThat(moving).contains("rows 3,500 (750/s)").contains("requests 35 (7.50/s)");
  }

  @Test
  @DisplayName("estimates the fetching left from the chunks done so far")
  void estimatesTheFetchingLeft() {
    ProgressMeter meter = new ProgressMeter("ingest", 10);

    assertThat(meter.line(figures(0, 0, 0), SECOND, null)).doesNotContain("left");
    assertThat(meter.line(figures(4, 400, 4), 8 * SECOND, null))
        .startsWith("[ingest] 8.0 s | fetching chunks 4/10, ~12 s left | rows 400");
  }

  @Test
  @DisplayName("says what runs once every chunk is fetched; live runs have no total")
  void saysWhatRunsAfterTheFetching() {
    assertThat(new ProgressMeter("backfill", 3).line(figures(3, 1_506, 3), 9 * SECOND, "SQL"))
        .isEqualTo("[backfill] 9.0 s | SQL running | fetched 1,506 rows from 3 chunks, 1,506 new");
    assertThat(new ProgressMeter("live", 0).line(figures(5, 50, 5), 70 * SECOND, null))
        .startsWith("[live] 70 s | fetching chunks 5 done | rows 50")
        .doesNotContain("left");
  }

  @Test
  @DisplayName("a run that fetched only known rows says nothing new")
  void rerunSaysNothingNew() {
    ProgressMeter meter = new ProgressMeter("backfill", 3);

    assertThat(meter.done(new ProgressSnapshot(3, 756, 0, 756, 0, 3, 0, 12, 0, 0), 2 * SECOND))
        .startsWith("[backfill] nothing new (756 unchanged) | chunks 3/3 | rows fetched 756");
    assertThat(meter.done(new ProgressSnapshot(3, 1_506, 1_506, 0, 0, 3, 1, 12, 0, 0), 2 * SECOND))
        .startsWith("[backfill] done: 1,506 new rows, 0 unchanged | chunks 3/3")
        .contains("requests 4, retried 1");
  }

  @Test
  @DisplayName("one number format: grouped counts, rates with the decimals they need")
  void oneNumberFormat() {
    assertThat(Figures.count(1_506)).isEqualTo("1,506");
    assertThat(Figures.rate(752.4)).isEqualTo("752/s");
    assertThat(Figures.rate(1_234.5)).isEqualTo("1,235/s");
    assertThat(Figures.rate(37.14)).isEqualTo("37.1/s");
    assertThat(Figures.rate(0.13)).isEqualTo("0.13/s");
    assertThat(Figures.seconds(14_230_000_000L)).isEqualTo("14.2 s");
    assertThat(Figures.seconds(125_000_000_000L)).isEqualTo("125 s");
  }

  @Test
  @DisplayName("a SQL job shows rows read and written, written at the window's rate")
  void sqlLineShowsRowsReadAndWritten() {
    ProgressMeter meter = new ProgressMeter("build", 0, Duration.ofSeconds(2));
    meter.sqlLine("5 tables", new SqlProgress(0, 0), 0);
    meter.sqlLine("5 tables", new SqlProgress(1_000, 0), SECOND);

    assertThat(meter.sqlLine("5 tables", new SqlProgress(3_000, 2_400), 2 * SECOND))
        .isEqualTo("[build] 2.0 s | 5 tables | rows read 3,000 | rows written 2,400 (1,200/s)");
  }

  @Test
  @DisplayName("scans and Iceberg writers are counted by operator, not by the task that sums them")
  void sqlPatternsMatchScansAndWriters() {
    String job = "localhost.taskmanager.tm-1.insert-into_pitlake_gold_bar_features_daily.";

    assertThat(
            SqlProgress.PATTERNS
                .get(SqlProgress.READ)
                .matcher(job + "Source: bars_daily[1].0.numRecordsOut")
                .find())
        .isTrue();
    assertThat(
            SqlProgress.PATTERNS
                .get(SqlProgress.READ)
                .matcher(job + "Source: polygon.aggs_day-rest.0.numRecordsOut")
                .find())
        .isFalse();
    assertThat(
            SqlProgress.PATTERNS
                .get(SqlProgress.READ)
                .matcher(
                    job + "MultipleInput[20] [Source: bars_daily[1]] -> Calc[7].0.numRecordsOut")
                .find())
        .isFalse();
    assertThat(
            SqlProgress.PATTERNS
                .get(SqlProgress.WRITTEN)
                .matcher(job + "IcebergSink pitlake_gold_bar_features_daily: Writer.1.numRecordsIn")
                .find())
        .isTrue();
    assertThat(
            SqlProgress.PATTERNS
                .get(SqlProgress.WRITTEN)
                .matcher(job + "IcebergStreamWriter.0.numRecordsIn")
                .find())
        .isTrue();
    assertThat(
            SqlProgress.PATTERNS
                .get(SqlProgress.WRITTEN)
                .matcher(
                    job
                        + "IcebergFilesCommitter -> IcebergSink pitlake_gold_bar_features_daily: Writer.0.numRecordsOut")
                .find())
        .isFalse();
  }
}
