package io.pitlake.simulator;

import io.pitlake.time.NyseCalendar;
import io.pitlake.time.TradingSession;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One-minute bars of a regular session, derived from that session's daily bar so that the two
 * agree: the first minute opens at the day's open, the last closes at its close, some minute
 * reaches the day's high and another its low, and the minutes' volumes add up to the day's.
 *
 * <p>Minutes cover the regular session only (09:30 to the close, 16:00 or 13:00), one bar per
 * minute. The path between open and close is a bounded random walk seeded by the bar's {@code t},
 * so the same daily bar always yields the same minutes, whichever simulator serves them.
 */
final class SimulatedMinuteBars {

  private static final long MINUTE_MILLIS = 60_000;

  private SimulatedMinuteBars() {}

  /** The minute bars of {@code session}, whose daily bar is {@code day}; oldest first. */
  static List<SimulatedBar> of(SimulatedBar day, LocalDate session) {
    TradingSession hours = NyseCalendar.instance().session(session).orElseThrow();
    int minutes =
        (int) ((hours.close().toEpochMilli() - hours.open().toEpochMilli()) / MINUTE_MILLIS);
    SplittableRandom random = new SplittableRandom(day.t() ^ 0x5deece66dL);
    double[] path = new double[minutes + 1];
    path[0] = day.o();
    path[minutes] = day.c();
    for (int i = 1; i < minutes; i++) {
      double drift = day.o() + (day.c() - day.o()) * i / minutes;
      double noise = (day.h() - day.l()) * 0.25 * (random.nextDouble() * 2 - 1);
      path[i] = clamp(SimulatedMarket.round4(drift + noise), day.l(), day.h());
    }
    // The day's extremes are reached inside the session, at two distinct interior minutes.
    int highAt = 1 + random.nextInt(Math.max(1, minutes - 1));
    int lowAt = highAt == minutes - 1 ? 1 : highAt + 1;
    if (minutes > 2) {
      path[highAt] = day.h();
      path[lowAt] = day.l();
    }
    long perMinute = (long) day.v() / minutes;
    List<SimulatedBar> bars = new ArrayList<>(minutes);
    for (int i = 0; i < minutes; i++) {
      double o = path[i];
      double c = path[i + 1];
      double v = i == minutes - 1 ? day.v() - perMinute * (minutes - 1) : perMinute;
      bars.add(
          new SimulatedBar(
              o,
              Math.max(o, c),
              Math.min(o, c),
              c,
              v,
              SimulatedMarket.round4((o + c) / 2),
              (int) Math.max(1, v / 100),
              hours.open().toEpochMilli() + i * MINUTE_MILLIS));
    }
    return bars;
  }

  private static double clamp(double value, double low, double high) {
    return Math.max(low, Math.min(high, value));
  }
}
