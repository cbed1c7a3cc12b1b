package io.pitlake.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.report.LakeReport.CoverageCell;
import io.pitlake.report.LakeReport.Finding;
import io.pitlake.report.LakeReport.Gap;
import io.pitlake.report.LakeReport.QuarantineMonth;
import io.pitlake.report.LakeReport.TableMonth;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ReportPageTest {

  static final Instant T = Instant.parse("2024-08-01T00:00:00Z");

  static LakeReport report(List<CoverageCell> coverage, List<Gap> gaps) {
    return new LakeReport(
        T,
        List.of("silver.bars_daily", "silver.news"),
        List.of(
            new TableMonth("silver.bars_daily", 202402, LagBucket.UNDER_DAY, 40),
            new TableMonth("silver.bars_daily", null, null, 2)),
        coverage,
        gaps,
        List.of(new QuarantineMonth("polygon.aggs_day", "silver", "c < <low>", 202403, 1)),
        List.of(
            new Finding(
                "gold.price_dq",
                "unexplained_jump",
                "SPLT",
                "2024-06-10",
                "close moved -75.0%",
                Instant.parse("2024-06-11T00:15:00Z"))));
  }

  @Test
  @DisplayName(
      "a cell's expected sessions are the month's NYSE sessions within the lake's first and last;"
          + " the symbol missing the most comes first")
  void expectedSessionsFollowTheCalendarWithinTheLake() {
    // The lake runs 2024-02-15..2024-03-28: February has 10 sessions from the 15th (the 19th is
    // Presidents' Day), March 20 up to the 28th (Good Friday, the 29th, is a holiday anyway).
    String html =
        ReportPage.render(
            report(
                List.of(
                    new CoverageCell(
                        "AAPL",
                        202402,
                        10,
                        LocalDate.parse("2024-02-15"),
                        LocalDate.parse("2024-02-29")),
                    new CoverageCell(
                        "AAPL",
                        202403,
                        19,
                        LocalDate.parse("2024-03-01"),
                        LocalDate.parse("2024-03-28")),
                    new CoverageCell(
                        "MSFT",
                        202403,
                        20,
                        LocalDate.parse("2024-03-01"),
                        LocalDate.parse("2024-03-28"))),
                List.of()),
            60,
            200);
    assertThat(cells(html))
        .containsExactly(
            "* 2024-02 10/20",
            "* 2024-03 39/40",
            "MSFT 2024-02 0/10",
            "MSFT 2024-03 20/20",
            "AAPL 2024-02 10/10",
            "AAPL 2024-03 19/20");
  }

  @Test
  @DisplayName(
      "the heatmap draws the symbols missing the most sessions and says how many it left out")
  void heatmapKeepsTheWorstSymbols() {
    List<CoverageCell> coverage = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      coverage.add(
          new CoverageCell(
              "S" + i,
              202403,
              15 + i,
              LocalDate.parse("2024-03-01"),
              LocalDate.parse("2024-03-28")));
    }
    String html = ReportPage.render(report(coverage, List.of()), 2, 200);
    assertThat(cells(html))
        .containsExactly("* 2024-03 85/100", "S0 2024-03 15/20", "S1 2024-03 16/20");
    assertThat(html).contains("3 symbols not drawn");
  }

  @Test
  @DisplayName("gaps are listed in words, at most report.listed, and text is escaped")
  void gapsInWordsAndEscaped() {
    List<Gap> gaps =
        List.of(
            new Gap("AAPL", LocalDate.parse("2024-03-05"), LocalDate.parse("2024-03-05"), 1, false),
            new Gap("MSFT", LocalDate.parse("2024-03-11"), LocalDate.parse("2024-03-13"), 3, false),
            new Gap("NVDA", LocalDate.parse("2024-03-25"), LocalDate.parse("2024-03-28"), 4, true));
    assertThat(ReportPage.words(gaps.get(0)))
        .isEqualTo("AAPL: 1 session without a bar, 2024-03-05");
    assertThat(ReportPage.words(gaps.get(1)))
        .isEqualTo("MSFT: 3 sessions without a bar, 2024-03-11 to 2024-03-13");
    assertThat(ReportPage.words(gaps.get(2)))
        .isEqualTo(
            "NVDA: 4 sessions without a bar, 2024-03-25 to 2024-03-28: none since, up to the lake's"
                + " last session");
    String html =
        ReportPage.render(
            report(
                List.of(
                    new CoverageCell(
                        "AAPL",
                        202403,
                        18,
                        LocalDate.parse("2024-03-01"),
                        LocalDate.parse("2024-03-28"))),
                gaps),
            60,
            2);
    assertThat(html).contains("3 gaps, 8 NYSE sessions").contains("and 1 more gaps");
    assertThat(Pattern.compile("<li data-chart=\"gaps\"").matcher(html).results().count())
        .isEqualTo(2);
    assertThat(html).contains("c &lt; &lt;low&gt;").doesNotContain("<low>");
    assertThat(html).contains("No rows known at this instant: silver.news");
    assertThat(html).contains("silver.bars_daily 2");
    assertThat(html).doesNotContain("<script");
  }

  /** The heatmap's cells as "symbol month sessions/expected", in page order. */
  static List<String> cells(String html) {
    Matcher m =
        Pattern.compile(
                "data-symbol=\"([^\"]+)\" data-month=\"([^\"]+)\" data-sessions=\"(\\d+)\""
                    + " data-expected=\"(\\d+)\"")
            .matcher(html);
    List<String> cells = new ArrayList<>();
    while (m.find()) {
      cells.add(m.group(1) + " " + m.group(2) + " " + m.group(3) + "/" + m.group(4));
    }
    return cells;
  }
}
