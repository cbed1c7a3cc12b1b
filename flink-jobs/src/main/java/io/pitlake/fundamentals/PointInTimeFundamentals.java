package io.pitlake.fundamentals;

import io.pitlake.time.NyseCalendar;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.annotation.Nullable;

/**
 * The point-in-time fundamentals of one security: for each instant at which a curated value became
 * known, what was known then. Pure: the result is a function of the values given, so batch,
 * streaming and a run on only the values known by T agree on every snapshot up to T.
 *
 * <p>At knowledge instant K, only values with {@code availableAt <= K} count, and per (item,
 * period) the one known last wins (ties: the concept of lower priority number, then the greater
 * accession number, then the greater value, so the input's order never matters). So a restated
 * value replaces the original exactly from the restatement's availability on, never before (SNOW's
 * cash equivalents at 2023-01-31: 398,346,000, then 539,390,000 once the 10-Q of 2023-06-01 was
 * accepted).
 *
 * <p>Periods are classified by length (sec-edgar.md: {@code fy}/{@code fp} describe the filing):
 * {@value #QUARTER_MIN}..{@value #QUARTER_MAX} days is a quarter, {@value #YEAR_MIN}..{@value
 * #YEAR_MAX} a year, anything else from a fiscal year's start a year-to-date.
 *
 * <ul>
 *   <li><b>Quarter</b> ending E: a reported quarter ending E; else a year-to-date or year (S, E)
 *       minus the year-to-date (S, E') of the same start ending one quarter earlier (so Q4 = the
 *       fiscal year minus the nine months, and a 10-Q's cash flow, reported only year-to-date, is
 *       the difference of two year-to-dates). The latest quarter is the one with the latest E.
 *   <li><b>Trailing twelve months</b> ending E, in this order: a reported year ending E; else the
 *       year-to-date (S, E) plus the previous fiscal year (S', S-1) minus that year's year-to-date
 *       (S', E - 1 year, within {@value #YEAR_AGO_TOLERANCE_DAYS} days); else the sum of four
 *       consecutive quarters ending E. The TTM reported is the one with the latest E. For EPS this
 *       is arithmetic on per-share amounts, an approximation when the share count moved.
 *   <li><b>Balances</b>: the value with the latest date.
 * </ul>
 */
public final class PointInTimeFundamentals {

  static final int QUARTER_MIN = 80;
  static final int QUARTER_MAX = 100;
  static final int YEAR_MIN = 350;
  static final int YEAR_MAX = 380;
  static final int YEAR_AGO_TOLERANCE_DAYS = 10;

  private static final Comparator<ReportedValue> KNOWN_LAST =
      Comparator.comparingLong(ReportedValue::availableAt)
          .thenComparing(Comparator.comparingInt(ReportedValue::priority).reversed())
          .thenComparing(
              ReportedValue::accessionNumber, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparingDouble(ReportedValue::value);

  private PointInTimeFundamentals() {}

  /** One snapshot per distinct {@code availableAt} of {@code values}, oldest first. */
  public static List<FundamentalsSnapshot> compute(List<ReportedValue> values) {
    TreeSet<Long> instants = new TreeSet<>();
    values.forEach(v -> instants.add(v.availableAt()));
    List<ReportedValue> byAvailability = new ArrayList<>(values);
    byAvailability.sort(Comparator.comparingLong(ReportedValue::availableAt));
    Map<LineItem, Map<Period, ReportedValue>> known = new EnumMap<>(LineItem.class);
    List<FundamentalsSnapshot> snapshots = new ArrayList<>();
    long ingestedAt = Long.MIN_VALUE;
    int next = 0;
    for (long instant : instants) {
      List<ReportedValue> arriving = new ArrayList<>();
      while (next < byAvailability.size() && byAvailability.get(next).availableAt() <= instant) {
        ReportedValue value = byAvailability.get(next++);
        arriving.add(value);
        ingestedAt = Math.max(ingestedAt, value.ingestedAt());
        known
            .computeIfAbsent(value.item(), item -> new HashMap<>())
            .merge(
                new Period(value.start(), value.end()),
                value,
                (old, fresh) -> KNOWN_LAST.compare(fresh, old) > 0 ? fresh : old);
      }
      snapshots.add(snapshot(instant, ingestedAt, arriving, known));
    }
    return snapshots;
  }

  private static FundamentalsSnapshot snapshot(
      long instant,
      long ingestedAt,
      List<ReportedValue> arriving,
      Map<LineItem, Map<Period, ReportedValue>> known) {
    Map<LineItem, Double> quarter = new EnumMap<>(LineItem.class);
    Map<LineItem, Double> ttm = new EnumMap<>(LineItem.class);
    Map<LineItem, Double> balance = new EnumMap<>(LineItem.class);
    LocalDate quarterEnd = null;
    LocalDate balanceDate = null;
    LocalDate newestEnd = null;
    Double revenueYearAgo = null;
    for (Map.Entry<LineItem, Map<Period, ReportedValue>> entry : known.entrySet()) {
      LineItem item = entry.getKey();
      Flows flows = new Flows(entry.getValue());
      for (Period period : entry.getValue().keySet()) {
        newestEnd = later(newestEnd, period.end());
      }
      if (item.flow()) {
        Optional<Dated> q = flows.latest(flows::quarter);
        if (q.isPresent()) {
          quarter.put(item, q.get().value());
          quarterEnd = later(quarterEnd, q.get().end());
        }
        Optional<Dated> t = flows.latest(flows::ttm);
        if (t.isPresent()) {
          ttm.put(item, t.get().value());
          if (item == LineItem.REVENUE) {
            revenueYearAgo = flows.yearBefore(t.get().end()).orElse(null);
          }
        }
      } else {
        Dated latest = flows.latestBalance();
        balance.put(item, latest.value());
        if (item.balanceSheet()) {
          balanceDate = later(balanceDate, latest.end());
        }
      }
    }
    ReportedValue announcing =
        arriving.stream()
            .max(
                Comparator.comparing(
                    ReportedValue::accessionNumber,
                    Comparator.nullsFirst(Comparator.naturalOrder())))
            .orElseThrow();
    return new FundamentalsSnapshot(
        instant,
        newestEnd.atStartOfDay(NyseCalendar.ZONE).toInstant().toEpochMilli(),
        ingestedAt,
        announcing.accessionNumber(),
        announcing.form(),
        quarterEnd,
        balanceDate,
        quarter,
        ttm,
        balance,
        revenueYearAgo);
  }

  private static LocalDate later(@Nullable LocalDate a, LocalDate b) {
    return a == null || b.isAfter(a) ? b : a;
  }

  /** A reported period: {@code start} is null for a balance. */
  private record Period(@Nullable LocalDate start, LocalDate end) {
    int days() {
      return start == null ? 0 : (int) (end.toEpochDay() - start.toEpochDay() + 1);
    }
  }

  /** A derived value and the end of its period. */
  private record Dated(LocalDate end, double value) {}

  /** The periods known for one item, by end date, and the rules that combine them. */
  private static final class Flows {

    /** Per end date, the periods ending then, shortest first. */
    private final TreeMap<LocalDate, List<Map.Entry<Period, ReportedValue>>> byEnd =
        new TreeMap<>();

    Flows(Map<Period, ReportedValue> periods) {
      for (Map.Entry<Period, ReportedValue> entry : periods.entrySet()) {
        byEnd.computeIfAbsent(entry.getKey().end(), end -> new ArrayList<>()).add(entry);
      }
      for (List<Map.Entry<Period, ReportedValue>> ending : byEnd.values()) {
        ending.sort(
            Comparator.comparingInt((Map.Entry<Period, ReportedValue> e) -> e.getKey().days())
                .thenComparing(e -> String.valueOf(e.getKey().start())));
      }
    }

    Dated latestBalance() {
      return new Dated(byEnd.lastKey(), byEnd.lastEntry().getValue().get(0).getValue().value());
    }

    /** The rule's value at the latest end date at which it has one. */
    Optional<Dated> latest(java.util.function.Function<LocalDate, Optional<Double>> rule) {
      for (LocalDate end : byEnd.descendingKeySet()) {
        Optional<Double> value = rule.apply(end);
        if (value.isPresent()) {
          return Optional.of(new Dated(end, value.get()));
        }
      }
      return Optional.empty();
    }

    Optional<Double> quarter(LocalDate end) {
      List<Map.Entry<Period, ReportedValue>> ending = byEnd.getOrDefault(end, List.of());
      for (Map.Entry<Period, ReportedValue> e : ending) {
        if (isQuarter(e.getKey().days())) {
          return Optional.of(e.getValue().value());
        }
      }
      for (Map.Entry<Period, ReportedValue> longer : ending) {
        if (longer.getKey().days() <= QUARTER_MAX) {
          continue;
        }
        LocalDate start = longer.getKey().start();
        for (LocalDate earlier = byEnd.lowerKey(end);
            earlier != null && end.toEpochDay() - earlier.toEpochDay() <= QUARTER_MAX;
            earlier = byEnd.lowerKey(earlier)) {
          if (isQuarter((int) (end.toEpochDay() - earlier.toEpochDay()))) {
            Optional<Double> before = value(start, earlier);
            if (before.isPresent()) {
              return Optional.of(longer.getValue().value() - before.get());
            }
          }
        }
      }
      return Optional.empty();
    }

    Optional<Double> ttm(LocalDate end) {
      List<Map.Entry<Period, ReportedValue>> ending = byEnd.getOrDefault(end, List.of());
      for (Map.Entry<Period, ReportedValue> e : ending) {
        if (isYear(e.getKey().days())) {
          return Optional.of(e.getValue().value());
        }
      }
      for (Map.Entry<Period, ReportedValue> ytd : ending) {
        int days = ytd.getKey().days();
        if (days <= QUARTER_MAX || days >= YEAR_MIN) {
          continue;
        }
        LocalDate priorYearEnd = ytd.getKey().start().minusDays(1);
        for (Map.Entry<Period, ReportedValue> year : byEnd.getOrDefault(priorYearEnd, List.of())) {
          if (!isYear(year.getKey().days())) {
            continue;
          }
          Optional<Double> priorYtd = valueNear(year.getKey().start(), end.minusYears(1), days);
          if (priorYtd.isPresent()) {
            return Optional.of(ytd.getValue().value() + year.getValue().value() - priorYtd.get());
          }
        }
      }
      double sum = 0;
      LocalDate quarterEnd = end;
      for (int q = 0; q < 4; q++) {
        Optional<Double> value = quarterEnd == null ? Optional.empty() : quarter(quarterEnd);
        if (value.isEmpty()) {
          return Optional.empty();
        }
        sum += value.get();
        quarterEnd = previousQuarterEnd(quarterEnd);
      }
      return Optional.of(sum);
    }

    /** The latest end one quarter before {@code end}, or null. */
    @Nullable
    private LocalDate previousQuarterEnd(LocalDate end) {
      for (LocalDate earlier = byEnd.lowerKey(end);
          earlier != null && end.toEpochDay() - earlier.toEpochDay() <= QUARTER_MAX;
          earlier = byEnd.lowerKey(earlier)) {
        if (isQuarter((int) (end.toEpochDay() - earlier.toEpochDay()))) {
          return earlier;
        }
      }
      return null;
    }

    /** The TTM ending about a year before {@code end}. */
    Optional<Double> yearBefore(LocalDate end) {
      LocalDate target = end.minusYears(1);
      for (LocalDate candidate :
          byEnd
              .subMap(
                  target.minusDays(YEAR_AGO_TOLERANCE_DAYS),
                  true,
                  target.plusDays(YEAR_AGO_TOLERANCE_DAYS),
                  true)
              .keySet()) {
        Optional<Double> value = ttm(candidate);
        if (value.isPresent()) {
          return value;
        }
      }
      return Optional.empty();
    }

    private Optional<Double> value(LocalDate start, LocalDate end) {
      for (Map.Entry<Period, ReportedValue> e : byEnd.getOrDefault(end, List.of())) {
        if (start.equals(e.getKey().start())) {
          return Optional.of(e.getValue().value());
        }
      }
      return Optional.empty();
    }

    /**
     * A period from {@code start} ending within the tolerance of {@code end}, of similar length.
     */
    private Optional<Double> valueNear(LocalDate start, LocalDate end, int days) {
      for (LocalDate candidate :
          byEnd
              .subMap(
                  end.minusDays(YEAR_AGO_TOLERANCE_DAYS),
                  true,
                  end.plusDays(YEAR_AGO_TOLERANCE_DAYS),
                  true)
              .keySet()) {
        for (Map.Entry<Period, ReportedValue> e : byEnd.get(candidate)) {
          if (start.equals(e.getKey().start())
              && Math.abs(e.getKey().days() - days) <= YEAR_AGO_TOLERANCE_DAYS) {
            return Optional.of(e.getValue().value());
          }
        }
      }
      return Optional.empty();
    }

    private static boolean isQuarter(int days) {
      return days >= QUARTER_MIN && days <= QUARTER_MAX;
    }

    private static boolean isYear(int days) {
      return days >= YEAR_MIN && days <= YEAR_MAX;
    }
  }
}
