package io.pitlake.simulator;

import static org.apache.flink.util.Preconditions.checkArgument;

import io.pitlake.time.NyseCalendar;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Deterministic splits and cash dividends for any symbol ({@code simulator.actions-per-year}), so a
 * benchmark can adjust years of many symbols' prices, as the issue's ~3 actions per symbol-year
 * asks.
 *
 * <p>Each month of 2000–2099 holds at most one action, with probability {@code perYear / 12}, drawn
 * from a generator keyed by (seed, symbol): a function of the symbol only, whatever is asked in
 * which order. One action in five is a split (4 in 5 forward 2-, 3- or 4-for-1, else reverse
 * 1-for-4 or 1-for-10), the rest quarterly-style cash dividends of $0.05–$0.60. Each is announced 7
 * to 34 days before its ex date, a session. Splits shape the simulated raw prices like the fixed
 * catalogue's.
 */
final class GeneratedCorporateActions {

  private static final LocalDate FIRST = LocalDate.of(2000, 1, 1);
  private static final LocalDate LAST = LocalDate.of(2099, 11, 1);

  /** One symbol's generated actions. */
  record Actions(
      List<SimulatedCorporateActions.Split> splits,
      List<SimulatedCorporateActions.Dividend> dividends) {}

  private final double perYear;
  private final long seed;
  private final NyseCalendar calendar = NyseCalendar.instance();
  private final Map<String, Actions> bySymbol = new ConcurrentHashMap<>();

  GeneratedCorporateActions(double perYear, long seed) {
    checkArgument(
        perYear >= 0 && perYear <= 12,
        "simulator.actions-per-year=%s: use 0 (none) to 12 (one a month)",
        perYear);
    this.perYear = perYear;
    this.seed = seed;
  }

  boolean enabled() {
    return perYear > 0;
  }

  Actions of(String symbol) {
    return bySymbol.computeIfAbsent(symbol, this::generate);
  }

  private Actions generate(String symbol) {
    List<SimulatedCorporateActions.Split> splits = new ArrayList<>();
    List<SimulatedCorporateActions.Dividend> dividends = new ArrayList<>();
    if (perYear == 0) {
      return new Actions(splits, dividends);
    }
    SplittableRandom random = new SplittableRandom(seed * 0x9e3779b97f4a7c15L ^ fnv1a(symbol));
    for (LocalDate month = FIRST; !month.isAfter(LAST); month = month.plusMonths(1)) {
      double draw = random.nextDouble();
      double kind = random.nextDouble();
      int day = 1 + random.nextInt(20);
      int lead = 7 + random.nextInt(28);
      int size = random.nextInt(12);
      if (draw >= perYear / 12) {
        continue;
      }
      LocalDate ex = nextSession(month.withDayOfMonth(day));
      LocalDate announced = ex.minusDays(lead);
      if (kind < 0.2) {
        boolean reverse = kind < 0.04;
        int from = reverse ? (size % 2 == 0 ? 4 : 10) : 1;
        int to = reverse ? 1 : 2 + size % 3;
        splits.add(
            new SimulatedCorporateActions.Split(
                symbol, announced, ex, ex, ex.plusDays(1), from, to));
      } else {
        dividends.add(
            new SimulatedCorporateActions.Dividend(
                symbol,
                announced,
                ex,
                ex,
                ex.plusDays(14),
                BigDecimal.valueOf(5 + 5L * size, 2),
                false));
      }
    }
    return new Actions(List.copyOf(splits), List.copyOf(dividends));
  }

  private LocalDate nextSession(LocalDate date) {
    LocalDate day = date;
    while (!calendar.isSession(day)) {
      day = day.plusDays(1);
    }
    return day;
  }

  /** FNV-1a over the UTF-8 bytes: stable across JVMs, unlike {@link String#hashCode()} mixing. */
  private static long fnv1a(String text) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
    }
    return hash;
  }
}
