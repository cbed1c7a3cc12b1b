package io.pitlake.simulator.sec;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The SEC simulator's filers, fixed so that tests can name exact values.
 *
 * <ul>
 *   <li>Snowflake (CIK 1640147): the facts of the real, trimmed companyfacts fixture
 *       (sec-companyfacts.json), including the restatement of cash equivalents at 2023-01-31 from
 *       398,346,000 to 539,390,000, and the seven filings that reported them. Their acceptance
 *       times are invented: all after the 16:00 close, one on a Friday, one after EDGAR's 17:30
 *       cut-off and therefore dated the next day.
 *   <li>Tesla (CIK 1318605): the three filings of the real submissions fixture (a 10-K accepted
 *       20:11 on a Friday and dated the Monday after, and a 10-K/A) plus 38 invented older filings,
 *       so that its history spans {@code filings.files} pages; a 10-K and a 10-K/A of 2012 carry
 *       invented facts.
 *   <li>Microsoft, Apple and NVIDIA: listed in company_tickers.json only, as in its fixture.
 * </ul>
 */
final class SecFilers {

  static final long SNOW = 1640147;
  static final long TSLA = 1318605;

  private static final LocalTime CUT_OFF = LocalTime.of(17, 30);

  private SecFilers() {}

  static List<SimulatedFiler> all() {
    return List.of(
        new SimulatedFiler(789019, "MSFT", "MICROSOFT CORP", "0630", List.of(), List.of()),
        new SimulatedFiler(320193, "AAPL", "Apple Inc.", "0928", List.of(), List.of()),
        new SimulatedFiler(1045810, "NVDA", "NVIDIA CORP", "0126", List.of(), List.of()),
        tesla(),
        snowflake());
  }

  private static SimulatedFiler snowflake() {
    List<SimulatedFiling> filings =
        List.of(
            filing("0001640147-24-000101", "10-K", "2024-01-31", "2024-03-26T16:05:12"),
            filing("0001640147-23-000102", "10-Q", "2023-04-30", "2023-06-01T18:02:11"),
            filing("0001640147-23-000030", "10-K", "2023-01-31", "2023-03-29T16:31:07"),
            filing("0001640147-22-000023", "10-K", "2022-01-31", "2022-03-30T16:12:03"),
            filing("0001640147-21-000122", "10-Q", "2021-04-30", "2021-06-04T16:09:40"),
            filing("0001640147-21-000073", "10-K", "2021-01-31", "2021-03-31T16:20:44"),
            filing("0001640147-20-000023", "10-Q", "2020-10-31", "2020-12-03T16:08:30"));
    String shares = "Entity Common Stock, Shares Outstanding";
    String revenue = "Revenue from Contract with Customer, Excluding Assessed Tax";
    String cash = "Cash Equivalents, at Carrying Value";
    String revenueConcept = "RevenueFromContractWithCustomerExcludingAssessedTax";
    List<SimulatedFact> facts =
        List.of(
            fact(
                "dei",
                "EntityCommonStockSharesOutstanding",
                shares,
                "shares",
                null,
                "2021-03-01",
                288700000,
                "0001640147-21-000073",
                2021,
                "FY",
                "10-K",
                "2021-03-31",
                "CY2021Q1I"),
            fact(
                "dei",
                "EntityCommonStockSharesOutstanding",
                shares,
                "shares",
                null,
                "2021-05-14",
                296100000,
                "0001640147-21-000122",
                2022,
                "Q1",
                "10-Q",
                "2021-06-04",
                null),
            fact(
                "us-gaap",
                revenueConcept,
                revenue,
                "USD",
                "2019-02-01",
                "2019-10-31",
                177056000,
                "0001640147-20-000023",
                2021,
                "Q3",
                "10-Q",
                "2020-12-03",
                null),
            fact(
                "us-gaap",
                revenueConcept,
                revenue,
                "USD",
                "2019-08-01",
                "2019-10-31",
                73012000,
                "0001640147-20-000023",
                2021,
                "Q3",
                "10-Q",
                "2020-12-03",
                "CY2019Q3"),
            fact(
                "us-gaap",
                revenueConcept,
                revenue,
                "USD",
                "2019-02-01",
                "2020-01-31",
                264748000,
                "0001640147-21-000073",
                2021,
                "FY",
                "10-K",
                "2021-03-31",
                null),
            fact(
                "us-gaap",
                revenueConcept,
                revenue,
                "USD",
                "2019-02-01",
                "2020-01-31",
                264748000,
                "0001640147-22-000023",
                2022,
                "FY",
                "10-K",
                "2022-03-30",
                "CY2019"),
            fact(
                "us-gaap",
                "CashEquivalentsAtCarryingValue",
                cash,
                "USD",
                null,
                "2023-01-31",
                398346000,
                "0001640147-23-000030",
                2023,
                "FY",
                "10-K",
                "2023-03-29",
                null),
            fact(
                "us-gaap",
                "CashEquivalentsAtCarryingValue",
                cash,
                "USD",
                null,
                "2023-01-31",
                539390000,
                "0001640147-23-000102",
                2024,
                "Q1",
                "10-Q",
                "2023-06-02",
                null),
            fact(
                "us-gaap",
                "CashEquivalentsAtCarryingValue",
                cash,
                "USD",
                null,
                "2023-01-31",
                539390000,
                "0001640147-24-000101",
                2024,
                "FY",
                "10-K",
                "2024-03-26",
                "CY2022Q4I"));
    return new SimulatedFiler(SNOW, "SNOW", "SNOWFLAKE INC.", "0131", filings, facts);
  }

  private static SimulatedFiler tesla() {
    List<SimulatedFiling> filings = new ArrayList<>();
    filings.add(
        new SimulatedFiling(
            "0000950170-22-019867",
            "10-Q",
            LocalDate.parse("2022-10-24"),
            LocalDate.parse("2022-09-30"),
            LocalDateTime.parse("2022-10-24T06:08:50"),
            "tsla-20220930.htm"));
    filings.add(
        new SimulatedFiling(
            "0001564590-22-016871",
            "10-K/A",
            LocalDate.parse("2022-05-02"),
            LocalDate.parse("2021-12-31"),
            LocalDateTime.parse("2022-04-29T18:05:17"),
            "tsla-10ka_20211231.htm"));
    filings.add(
        new SimulatedFiling(
            "0000950170-22-000796",
            "10-K",
            LocalDate.parse("2022-02-07"),
            LocalDate.parse("2021-12-31"),
            LocalDateTime.parse("2022-02-04T20:11:27"),
            "tsla-20211231.htm"));
    int sequence = 0;
    for (int year = 2021; year >= 2013; year--) {
      int[][] quarters = {{9, 30, 10, 24}, {6, 30, 7, 26}, {3, 31, 4, 27}, {12, 31, 2, 20}};
      for (int[] q : quarters) {
        boolean annual = q[0] == 12;
        LocalDate report = LocalDate.of(annual ? year - 1 : year, q[0], q[1]);
        LocalTime time = ACCEPTANCE_TIMES[sequence % ACCEPTANCE_TIMES.length];
        LocalDateTime accepted = weekday(LocalDate.of(year, q[2], q[3])).atTime(time);
        filings.add(
            filing(
                String.format("0001318605-%02d-%06d", year % 100, ++sequence),
                annual ? "10-K" : "10-Q",
                report.toString(),
                accepted.toString()));
      }
    }
    filings.add(filing("0001318605-12-000002", "10-K/A", "2011-12-31", "2012-03-28T16:12:00"));
    filings.add(filing("0001318605-12-000001", "10-K", "2011-12-31", "2012-02-27T16:41:00"));
    filings.sort(
        Comparator.comparing(SimulatedFiling::filingDate)
            .thenComparing(SimulatedFiling::acceptedNewYork)
            .reversed());
    String shares = "Entity Common Stock, Shares Outstanding";
    List<SimulatedFact> facts =
        List.of(
            fact(
                "dei",
                "EntityCommonStockSharesOutstanding",
                shares,
                "shares",
                null,
                "2012-01-31",
                104530000,
                "0001318605-12-000001",
                2011,
                "FY",
                "10-K",
                "2012-02-27",
                null),
            fact(
                "dei",
                "EntityCommonStockSharesOutstanding",
                shares,
                "shares",
                null,
                "2012-01-31",
                104530000,
                "0001318605-12-000002",
                2011,
                "FY",
                "10-K/A",
                "2012-03-28",
                "CY2011Q4I"));
    return new SimulatedFiler(TSLA, "TSLA", "Tesla, Inc.", "1231", filings, facts);
  }

  /** Before the open, after the close, after the cut-off, late evening: the cases that matter. */
  private static final LocalTime[] ACCEPTANCE_TIMES = {
    LocalTime.of(6, 5, 10),
    LocalTime.of(16, 10, 0),
    LocalTime.of(17, 45, 30),
    LocalTime.of(20, 30, 5),
    LocalTime.of(9, 15, 0)
  };

  /** A filing dated as EDGAR does: after the 17:30 cut-off it is dated the next weekday. */
  private static SimulatedFiling filing(
      String accession, String form, String reportDate, String accepted) {
    LocalDateTime acceptedAt = LocalDateTime.parse(accepted);
    LocalDate filed = acceptedAt.toLocalDate();
    if (!acceptedAt.toLocalTime().isBefore(CUT_OFF)) {
      filed = weekday(filed.plusDays(1));
    }
    return new SimulatedFiling(
        accession,
        form,
        filed,
        LocalDate.parse(reportDate),
        acceptedAt,
        accession.replace("-", "") + ".htm");
  }

  private static LocalDate weekday(LocalDate date) {
    LocalDate day = date;
    while (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
      day = day.plusDays(1);
    }
    return day;
  }

  private static SimulatedFact fact(
      String taxonomy,
      String concept,
      String label,
      String unit,
      String start,
      String end,
      long val,
      String accn,
      int fy,
      String fp,
      String form,
      String filed,
      String frame) {
    return new SimulatedFact(
        taxonomy,
        concept,
        label,
        unit,
        start == null ? null : LocalDate.parse(start),
        LocalDate.parse(end),
        val,
        accn,
        fy,
        fp,
        form,
        LocalDate.parse(filed),
        frame);
  }
}
