package io.pitlake.simulator.sec;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Made-up filers with a full decade of filings, so that the research panel has fundamentals for
 * symbols the Polygon simulator has bars for ({@code simulator.sec.synthetic-filers}).
 *
 * <p>Filer {@code i} is AAPL, MSFT or NVDA under its real CIK for {@code i < 3}, else {@code
 * SY0i..} under CIK {@code 9000000 + i}. Each files, for fiscal (= calendar) years {@value
 * #FIRST_YEAR}..{@value #LAST_YEAR}, three 10-Qs and a 10-K, with what real filings carry: 3-month
 * and year-to-date revenue and net income (cash flow year-to-date only, as in a real 10-Q), diluted
 * EPS, the balance sheet at the period end and at the prior year end (a repeated comparative), the
 * prior year's figures again in each 10-K, and shares outstanding on the cover page. Acceptance
 * times rotate through before the open, after the 16:00 close, after EDGAR's 17:30 cut-off (dated
 * the next business day) and late evening, and their dates through the weekdays, so some land on a
 * Friday after the close. The {@value #RESTATED_YEAR} 10-K is followed by a 10-K/A that restates
 * the third quarter's revenue and net income 3% lower; later filings repeat the restated revenue.
 *
 * <p>Everything is a function of the filer's index: two simulators serve the same bytes. Shares are
 * about 10^8 to 3 x 10^9 and revenue grows a few percent a year, so market caps over the Polygon
 * simulator's prices (20 to 500 dollars) land between about 10^9 and 10^12 dollars.
 */
final class SyntheticFilers {

  static final int MAX = 9999;
  static final int FIRST_YEAR = 2015;
  static final int LAST_YEAR = 2025;
  static final int RESTATED_YEAR = 2019;

  private static final String[] REAL_NAMES = {"Apple Inc.", "MICROSOFT CORP", "NVIDIA CORP"};
  private static final LocalTime[] TIMES = {
    LocalTime.of(16, 5, 12),
    LocalTime.of(17, 45, 3),
    LocalTime.of(7, 30, 0),
    LocalTime.of(20, 15, 44)
  };
  private static final LocalTime CUT_OFF = LocalTime.of(17, 30);

  private SyntheticFilers() {}

  static List<SimulatedFiler> first(int count) {
    List<SimulatedFiler> filers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      filers.add(filer(i));
    }
    return filers;
  }

  static SimulatedFiler filer(int i) {
    String ticker = SimulatedCiks.tickerOfFiler(i);
    String name = i < REAL_NAMES.length ? REAL_NAMES[i] : ticker + " Synthetic Filer Inc.";
    return filer(i, SimulatedCiks.ofFiler(i), ticker, name);
  }

  /**
   * The renamed company of the Polygon simulator ({@link SimulatedCiks#RENAMED_SERIES}), which
   * EDGAR lists under its new ticker; its figures are those of an otherwise unused filer index.
   */
  static SimulatedFiler renamed() {
    return filer(
        MAX + 1,
        SimulatedCiks.RENAMED_CIK,
        SimulatedCiks.RENAMED_TICKER,
        "NEWC Simulated Holdings Inc.");
  }

  private static SimulatedFiler filer(int i, long cik, String ticker, String name) {
    Company company = new Company(i, cik);
    List<SimulatedFiling> filings = new ArrayList<>();
    List<SimulatedFact> facts = new ArrayList<>();
    int sequence = 0;
    for (int year = FIRST_YEAR; year <= LAST_YEAR; year++) {
      for (int quarter = 1; quarter <= 4; quarter++) {
        LocalDate end = quarterEnd(year, quarter);
        boolean annual = quarter == 4;
        LocalDate day = weekday(end.plusDays((annual ? 50 : 28) + (i + sequence) % 5));
        LocalDateTime accepted = day.atTime(TIMES[(i + sequence) % TIMES.length]);
        String accession = String.format("%010d-%02d-%06d", cik, (day.getYear()) % 100, ++sequence);
        SimulatedFiling filing = filing(accession, annual ? "10-K" : "10-Q", end, accepted);
        filings.add(filing);
        company.report(facts, filing, year, quarter);
        if (annual && year == RESTATED_YEAR) {
          LocalDateTime amended = weekday(day.plusDays(45)).atTime(TIMES[i % TIMES.length]);
          String amendment = String.format("%010d-%02d-%06d", cik, year % 100 + 1, ++sequence);
          SimulatedFiling tenKa = filing(amendment, "10-K/A", end, amended);
          filings.add(tenKa);
          company.restate(facts, tenKa, year);
        }
      }
    }
    filings.sort(
        Comparator.comparing(SimulatedFiling::filingDate)
            .thenComparing(SimulatedFiling::acceptedNewYork)
            .reversed());
    return new SimulatedFiler(cik, ticker, name, "1231", filings, facts);
  }

  /** The figures of one filer, a function of its index. */
  private record Company(int index, long cik) {

    double shares(int year) {
      return (1 + Math.floorMod(index * 7919L, 30)) * 1e8 * Math.pow(1.01, year - FIRST_YEAR);
    }

    double revenue(int year, int quarter) {
      double base = (1 + Math.floorMod(index * 104_729L, 50)) * 2.5e8;
      double growth = 1.02 + Math.floorMod(index, 7) / 100.0;
      return Math.rint(base * Math.pow(growth, year - FIRST_YEAR + quarter / 4.0))
          * (1 + 0.05 * (quarter - 2.5) / 1.5);
    }

    double netIncome(int year, int quarter) {
      return Math.rint(revenue(year, quarter) * (0.08 + Math.floorMod(index, 5) / 100.0));
    }

    double operatingCashFlow(int year, int quarter) {
      return Math.rint(netIncome(year, quarter) * 1.25);
    }

    double assets(int year, int quarter) {
      return Math.rint(revenue(year, quarter) * 8);
    }

    /** One filing's facts: its period and the comparatives a real one repeats. */
    void report(List<SimulatedFact> facts, SimulatedFiling f, int year, int quarter) {
      LocalDate yearStart = LocalDate.of(year, 1, 1);
      LocalDate end = quarterEnd(year, quarter);
      double ytdRevenue = 0;
      double ytdIncome = 0;
      double ytdCash = 0;
      for (int q = 1; q <= quarter; q++) {
        ytdRevenue += revenue(year, q);
        ytdIncome += netIncome(year, q);
        ytdCash += operatingCashFlow(year, q);
      }
      if (quarter < 4) {
        LocalDate start = quarterEnd(year, quarter).minusMonths(3).plusDays(1);
        flow(facts, f, "Revenues", "USD", start, end, revenue(year, quarter));
        flow(facts, f, "NetIncomeLoss", "USD", start, end, netIncome(year, quarter));
        flow(facts, f, "EarningsPerShareDiluted", "USD/shares", start, end, eps(year, quarter));
        LocalDate priorStart = start.minusYears(1);
        flow(
            facts,
            f,
            "Revenues",
            "USD",
            priorStart,
            end.minusYears(1),
            reported(year - 1, quarter));
      }
      if (quarter > 1) {
        flow(facts, f, "Revenues", "USD", yearStart, end, ytdRevenue);
        flow(facts, f, "NetIncomeLoss", "USD", yearStart, end, ytdIncome);
      }
      flow(facts, f, "NetCashProvidedByUsedInOperatingActivities", "USD", yearStart, end, ytdCash);
      if (quarter == 4) {
        flow(
            facts,
            f,
            "EarningsPerShareDiluted",
            "USD/shares",
            yearStart,
            end,
            Math.rint(ytdIncome / shares(year) * 100) / 100);
        LocalDate priorStart = yearStart.minusYears(1);
        double priorRevenue = 0;
        for (int q = 1; q <= 4; q++) {
          priorRevenue += reported(year - 1, q);
        }
        flow(facts, f, "Revenues", "USD", priorStart, end.minusYears(1), priorRevenue);
      }
      double assets = assets(year, quarter);
      balance(facts, f, "Assets", end, assets);
      balance(facts, f, "Liabilities", end, Math.rint(assets * 0.55));
      balance(facts, f, "StockholdersEquity", end, Math.rint(assets * 0.45));
      balance(facts, f, "CashAndCashEquivalentsAtCarryingValue", end, Math.rint(assets * 0.1));
      LocalDate priorYearEnd = LocalDate.of(year - 1, 12, 31);
      balance(facts, f, "Assets", priorYearEnd, assets(year - 1, 4));
      facts.add(
          new SimulatedFact(
              "dei",
              "EntityCommonStockSharesOutstanding",
              "Entity Common Stock, Shares Outstanding",
              "shares",
              null,
              f.acceptedNewYork().toLocalDate().minusDays(7),
              Math.rint(shares(year)),
              f.accessionNumber(),
              year,
              fp(quarter),
              f.form(),
              f.filingDate(),
              null));
    }

    /** The 10-K/A: the third quarter again, 3% lower, and the year-to-dates it changes. */
    void restate(List<SimulatedFact> facts, SimulatedFiling f, int year) {
      LocalDate start = quarterEnd(year, 3).minusMonths(3).plusDays(1);
      LocalDate end = quarterEnd(year, 3);
      flow(facts, f, "Revenues", "USD", start, end, reported(year, 3));
      flow(facts, f, "NetIncomeLoss", "USD", start, end, Math.rint(netIncome(year, 3) * 0.97));
      double annual = 0;
      for (int q = 1; q <= 4; q++) {
        annual += reported(year, q);
      }
      flow(facts, f, "Revenues", "USD", LocalDate.of(year, 1, 1), quarterEnd(year, 4), annual);
    }

    /** A quarter's revenue as later filings repeat it: restated where the 10-K/A restated it. */
    private double reported(int year, int quarter) {
      return year == RESTATED_YEAR && quarter == 3
          ? Math.rint(revenue(year, quarter) * 0.97)
          : revenue(year, quarter);
    }

    private double eps(int year, int quarter) {
      return Math.rint(netIncome(year, quarter) / shares(year) * 100) / 100;
    }

    private void flow(
        List<SimulatedFact> facts,
        SimulatedFiling f,
        String concept,
        String unit,
        LocalDate start,
        LocalDate end,
        double val) {
      facts.add(
          new SimulatedFact(
              "us-gaap",
              concept,
              concept,
              unit,
              start,
              end,
              unit.equals("USD/shares") ? val : Math.rint(val),
              f.accessionNumber(),
              f.reportDate().getYear(),
              fp(f),
              f.form(),
              f.filingDate(),
              null));
    }

    private void balance(
        List<SimulatedFact> facts, SimulatedFiling f, String concept, LocalDate end, double val) {
      facts.add(
          new SimulatedFact(
              "us-gaap",
              concept,
              concept,
              "USD",
              null,
              end,
              val,
              f.accessionNumber(),
              f.reportDate().getYear(),
              fp(f),
              f.form(),
              f.filingDate(),
              null));
    }

    private static String fp(SimulatedFiling f) {
      return f.form().startsWith("10-K") ? "FY" : fp(f.reportDate().getMonthValue() / 3);
    }

    private static String fp(int quarter) {
      return quarter == 4 ? "FY" : "Q" + quarter;
    }
  }

  private static LocalDate quarterEnd(int year, int quarter) {
    return LocalDate.of(year, quarter * 3, 1).plusMonths(1).minusDays(1);
  }

  /** A filing dated as EDGAR does: after the 17:30 cut-off it is dated the next weekday. */
  private static SimulatedFiling filing(
      String accession, String form, LocalDate reportDate, LocalDateTime accepted) {
    LocalDate filed = accepted.toLocalDate();
    if (!accepted.toLocalTime().isBefore(CUT_OFF)) {
      filed = weekday(filed.plusDays(1));
    }
    return new SimulatedFiling(
        accession, form, filed, reportDate, accepted, accession.replace("-", "") + ".htm");
  }

  private static LocalDate weekday(LocalDate date) {
    LocalDate day = date;
    while (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
      day = day.plusDays(1);
    }
    return day;
  }
}
