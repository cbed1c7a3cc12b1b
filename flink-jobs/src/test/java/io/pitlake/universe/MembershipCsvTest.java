package io.pitlake.universe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MembershipCsvTest {

  static final String HEADER = "index,symbol,cik,effective_from,effective_to,announced_at";

  @Test
  @DisplayName("a line is known from its announcement, in any zone notation")
  void announcedLineIsKnownFromItsAnnouncement() {
    MembershipCsv.Parsed parsed =
        MembershipCsv.parse(
            List.of(
                HEADER,
                "SP500,brk-b,,2024-06-24,,2024-06-07T17:15:00-04:00",
                "SP500,,CIK0000320193,2024-06-24,,2024-06-07T17:15:00[America/New_York]",
                "SP500,MSFT,,2024-06-24,,2024-06-07T21:15:00.1234Z"));

    assertThat(parsed.rejects()).isEmpty();
    assertThat(parsed.changes())
        .extracting(MembershipChange::member, MembershipChange::availableAt)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("BRK.B", Instant.parse("2024-06-07T21:15:00Z")),
            org.assertj.core.groups.Tuple.tuple(
                "cik:320193", Instant.parse("2024-06-07T21:15:00Z")),
            org.assertj.core.groups.Tuple.tuple("MSFT", Instant.parse("2024-06-07T21:15:00.123Z")));
    assertThat(parsed.changes().get(1).cik()).isEqualTo(320193L);
    assertThat(parsed.changes().get(0).eventTime())
        .as("00:00 New York of the effective date")
        .isEqualTo(Instant.parse("2024-06-24T04:00:00Z"));
  }

  @Test
  @DisplayName("without an announcement, a line with both dates is two versions: in, then out")
  void unannouncedLineIsKnownAtEachChangesEffectiveDate() {
    List<MembershipChange> changes =
        MembershipCsv.parse(List.of("# S&P 500", "", HEADER, "SP500,GONE,,2010-01-04,2024-10-01"))
            .changes();

    assertThat(changes)
        .extracting(
            MembershipChange::effectiveTo,
            MembershipChange::availableAt,
            MembershipChange::eventTime)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                null, Instant.parse("2010-01-04T05:00:00Z"), Instant.parse("2010-01-04T05:00:00Z")),
            org.assertj.core.groups.Tuple.tuple(
                LocalDate.of(2024, 10, 1),
                Instant.parse("2024-10-01T04:00:00Z"),
                Instant.parse("2024-10-01T04:00:00Z")));
    assertThat(changes.get(0).hash()).isNotEqualTo(changes.get(1).hash());
  }

  @Test
  @DisplayName("each malformed line is returned with its rule and the rest is read")
  void malformedLinesAreRejectedWithTheirRule() {
    MembershipCsv.Parsed parsed =
        MembershipCsv.parse(
            List.of(
                HEADER,
                "SP500,AAPL,,2000-01-03,,",
                "SP500,AAPL,320193,2000-01-03,,",
                "SP500,,ABC,2000-01-03,,",
                ",AAPL,,2000-01-03,,",
                "SP500,AAPL,,2000-01-03,2000-01-03,",
                "SP500,AAPL,,2000-01-03,,2024-06-07T17:15:00",
                "SP500,AAPL,,,,",
                "SP500,AAPL",
                "All,AAPL,,2000-01-03,,",
                "SP500,MSFT,,2000-01-03,,"));

    assertThat(parsed.changes())
        .extracting(MembershipChange::member)
        .containsExactly("AAPL", "MSFT");
    assertThat(parsed.rejects())
        .extracting(MembershipCsv.Reject::lineNumber, MembershipCsv.Reject::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                3, "give the member's symbol or its cik, exactly one of them"),
            org.assertj.core.groups.Tuple.tuple(
                4, "cik 'ABC' is not a CIK: give its digits, e.g. 320193"),
            org.assertj.core.groups.Tuple.tuple(
                5, "no index: name it in the first column, e.g. SP500"),
            org.assertj.core.groups.Tuple.tuple(
                6,
                "effective_to 2000-01-03 is not after effective_from 2000-01-03: effective_to is"
                    + " the first day out"),
            org.assertj.core.groups.Tuple.tuple(
                7,
                "announced_at '2024-06-07T17:15:00' is not an instant with its zone: write e.g."
                    + " 2024-09-20T17:15:00-04:00 or 2024-09-20T17:15:00[America/New_York]"),
            org.assertj.core.groups.Tuple.tuple(
                8, "no effective_from: the first day in, YYYY-MM-DD"),
            org.assertj.core.groups.Tuple.tuple(9, "2 fields, not the 6 of " + HEADER),
            org.assertj.core.groups.Tuple.tuple(
                10,
                "index 'all' names gold.cross_section_daily's cross-section of every symbol: give"
                    + " the index another name"));
    assertThat(parsed.rejects().get(0).line()).isEqualTo("SP500,AAPL,320193,2000-01-03,,");
  }

  @Test
  void fileWithoutTheHeaderIsRefusedWhole() {
    assertThatThrownBy(() -> MembershipCsv.parse(List.of("SP500,AAPL,,2000-01-03,,")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not the header " + HEADER)
        .hasMessageContaining("add the header");
  }
}
