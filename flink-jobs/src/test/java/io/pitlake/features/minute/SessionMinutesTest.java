package io.pitlake.features.minute;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.time.NyseCalendar;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.assertj.core.api.recursive.comparison.RecursiveComparisonConfiguration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SessionMinutesTest {

  static final LocalDate DAY = LocalDate.of(2024, 3, 1);

  /** 2024-11-29, the day after Thanksgiving: the regular session closes at 13:00. */
  static final LocalDate EARLY_CLOSE = LocalDate.of(2024, 11, 29);

  static final long MINUTE = 60_000;

  static final RecursiveComparisonConfiguration CLOSE = ReferenceMinuteFeatures.CLOSE;

  @Test
  @DisplayName("every row equals the plain computation over the bars in effect at its instant")
  void rowsEqualTheReference() {
    List<MinuteBar> versions = session(DAY, 1);
    List<MinuteFeatures> rows = run(versions, Integer.MAX_VALUE);
    List<MinuteFeatures> expected = ReferenceMinuteFeatures.rows(versions);
    assertThat(rows).hasSize(expected.size());
    assertThat(rows).usingRecursiveFieldByFieldElementComparator(CLOSE).isEqualTo(expected);
    // The session has every kind of value: pre-market, regular, post-market, revised minutes.
    assertThat(rows).anyMatch(r -> r.vol30m() != null && r.ret60m() != null && r.regularSession());
    assertThat(rows).anyMatch(r -> !r.regularSession() && r.sessionOpen() == null);
    assertThat(rows).anyMatch(r -> !r.regularSession() && r.sessionOpen() != null);
    assertThat(rows).anyMatch(r -> r.ret1m() == null);
    assertThat(rows.size()).isGreaterThan(versions.size());
  }

  @Test
  @DisplayName("applied in pieces, through the checkpointed bytes, the rows are the same")
  void piecesThroughStateGiveTheSameRows() {
    List<MinuteBar> versions = session(DAY, 2);
    assertThat(run(versions, 1))
        .usingRecursiveFieldByFieldElementComparator()
        .isEqualTo(run(versions, Integer.MAX_VALUE));
    assertThat(run(versions, 7))
        .usingRecursiveFieldByFieldElementComparator()
        .isEqualTo(run(versions, Integer.MAX_VALUE));
  }

  @Test
  @DisplayName("a run on the versions known by T gives exactly the full run's rows known by T")
  void prefixOfTheInputsIsThePrefixOfTheRows() {
    List<MinuteBar> versions = session(DAY, 3);
    List<MinuteFeatures> full = run(versions, Integer.MAX_VALUE);
    for (long t :
        List.of(
            versions.get(100).availableAt(),
            versions.get(400).availableAt(),
            versions.get(versions.size() - 2).availableAt())) {
      List<MinuteBar> known = versions.stream().filter(v -> v.availableAt() <= t).toList();
      assertThat(run(known, Integer.MAX_VALUE))
          .usingRecursiveFieldByFieldElementComparator()
          .isEqualTo(full.stream().filter(r -> r.availableAt() <= t).toList());
    }
  }

  @Test
  @DisplayName("a revised minute writes its row and the later minutes' rows; a re-send writes none")
  void revisionWritesExactlyTheNewVersions() {
    List<MinuteBar> bars = new ArrayList<>();
    long open = at(DAY, 9, 30);
    for (int i = 0; i < 90; i++) {
      bars.add(bar(open + i * MINUTE, 1, 100 + i, 1_000, open + (i + 1) * MINUTE + 2_000));
    }
    long arrival = open + 91 * MINUTE;
    SessionMinutes session = new SessionMinutes("AAPL", "polygon");
    List<MinuteFeatures> rows = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    apply(session, bars, rows, refused);
    assertThat(rows).hasSize(90);
    rows.clear();

    // Minute 80 revised: its row and minutes 81..89, at the revision's instant.
    MinuteBar revised = bar(open + 80 * MINUTE, 2, 181, 3_000, arrival);
    session.apply(arrival, List.of(revised), rows::add, (v, r) -> refused.add(r));
    assertThat(rows)
        .extracting(MinuteFeatures::eventTime)
        .containsExactlyElementsOf(
            java.util.stream.LongStream.range(80, 90).mapToObj(i -> open + i * MINUTE).toList());
    assertThat(rows).allSatisfy(r -> assertThat(r.availableAt()).isEqualTo(arrival));
    assertThat(rows.get(0).barVersion()).isEqualTo(2);
    assertThat(rows.get(0).ret1m())
        .isCloseTo(181.0 / 179 - 1, org.assertj.core.data.Offset.offset(1e-15));
    assertThat(rows.get(1).ret1m())
        .isCloseTo(181.0 / 181 - 1, org.assertj.core.data.Offset.offset(1e-15));
    assertThat(rows.get(9).sessionVolume()).isEqualTo(92_000.0);

    // The same values again (a re-send, or the other path's copy): nothing.
    rows.clear();
    session.apply(
        arrival + 1_000,
        List.of(bar(open + 80 * MINUTE, 3, 181, 3_000, arrival + 1_000)),
        rows::add,
        (v, r) -> refused.add(r));
    assertThat(rows).isEmpty();

    // Minute 20 is 69 minutes before the newest: its rows are settled; the version is refused.
    session.apply(
        arrival + 2_000,
        List.of(bar(open + 20 * MINUTE, 2, 50, 1, arrival + 2_000)),
        rows::add,
        (v, r) -> refused.add(r));
    assertThat(rows).isEmpty();
    assertThat(refused)
        .singleElement()
        .asString()
        .contains("more than 60 minutes before")
        .contains("pitlake build --layer intraday");

    // A backdated instant is refused in a live job.
    session.apply(
        arrival,
        List.of(bar(open + 89 * MINUTE, 2, 1, 1, arrival)),
        rows::add,
        (v, r) -> refused.add(r));
    assertThat(refused).last().asString().startsWith("backdated");
  }

  @Test
  @DisplayName("an early-close day's regular session ends at 13:00; later minutes are flagged")
  void earlyCloseEndsTheRegularSessionAt13() {
    List<MinuteFeatures> rows = run(session(EARLY_CLOSE, 4), Integer.MAX_VALUE);
    long close = at(EARLY_CLOSE, 13, 0);
    assertThat(rows)
        .filteredOn(r -> r.eventTime() == close - MINUTE)
        .allSatisfy(r -> assertThat(r.regularSession()).isTrue())
        .isNotEmpty();
    assertThat(rows)
        .filteredOn(r -> r.eventTime() >= close)
        .isNotEmpty()
        .allSatisfy(
            r -> {
              assertThat(r.regularSession()).isFalse();
              assertThat(r.volumeShare()).isNull();
              assertThat(r.sessionOpen()).isNotNull();
            });
    assertThat(rows)
        .usingRecursiveFieldByFieldElementComparator(CLOSE)
        .isEqualTo(ReferenceMinuteFeatures.rows(session(EARLY_CLOSE, 4)));
  }

  @Test
  @DisplayName("a new day starts from nothing: no return reaches into the day before")
  void aNewDayStartsFromNothing() {
    List<MinuteBar> both = new ArrayList<>(session(DAY, 5));
    both.addAll(session(DAY.plusDays(3), 6));
    List<MinuteFeatures> rows = run(both, 3);
    long monday = at(DAY.plusDays(3), 4, 0);
    List<MinuteFeatures> second = rows.stream().filter(r -> r.eventTime() >= monday).toList();
    assertThat(second)
        .usingRecursiveFieldByFieldElementComparator(CLOSE)
        .isEqualTo(ReferenceMinuteFeatures.rows(session(DAY.plusDays(3), 6)));
  }

  /** Runs the versions through one session, in pieces of at most {@code instants} instants. */
  static List<MinuteFeatures> run(List<MinuteBar> versions, int instants) {
    TreeMap<Long, List<MinuteBar>> byInstant = new TreeMap<>();
    versions.forEach(
        v -> byInstant.computeIfAbsent(v.availableAt(), k -> new ArrayList<>()).add(v));
    List<MinuteFeatures> rows = new ArrayList<>();
    byte[] state = null;
    int n = 0;
    SessionMinutes session = SessionMinutes.fromBytes("AAPL", "polygon", null);
    for (Map.Entry<Long, List<MinuteBar>> e : byInstant.entrySet()) {
      if (n++ % instants == 0) {
        state = session.toBytes();
        session = SessionMinutes.fromBytes("AAPL", "polygon", state);
      }
      session.apply(
          e.getKey(),
          e.getValue(),
          rows::add,
          (v, reason) -> {
            throw new AssertionError(reason);
          });
    }
    return rows;
  }

  private static void apply(
      SessionMinutes session,
      List<MinuteBar> bars,
      List<MinuteFeatures> rows,
      List<String> refused) {
    bars.stream()
        .sorted(Comparator.comparingLong(MinuteBar::availableAt))
        .forEach(
            b -> session.apply(b.availableAt(), List.of(b), rows::add, (v, r) -> refused.add(r)));
  }

  /**
   * A day of minutes 04:00 to 20:00 New York with some minutes missing, about 5% revised 1 to 15
   * minutes later, 3% re-sent unchanged, a few without the vendor's VWAP, some arriving together.
   */
  static List<MinuteBar> session(LocalDate day, long seed) {
    Random random = new Random(seed);
    Map<Long, MinuteBar> out = new LinkedHashMap<>();
    List<MinuteBar> versions = new ArrayList<>();
    double price = 100;
    long first = at(day, 4, 0);
    for (int i = 0; i < 16 * 60; i++) {
      long start = first + i * MINUTE;
      boolean quiet = start < at(day, 9, 30) || start >= at(day, 16, 0);
      if (random.nextDouble() < (quiet ? 0.3 : 0.02)) {
        continue;
      }
      price *= Math.exp(random.nextGaussian() * 0.001);
      double c = Math.round(price * 100) / 100.0;
      double v = 100 + random.nextInt(quiet ? 500 : 50_000);
      long arrival = start + MINUTE + 1_000 + random.nextInt(2_000);
      MinuteBar b = bar(start, 1, c, v, arrival);
      if (random.nextDouble() < 0.02) {
        b =
            new MinuteBar(
                b.symbol(),
                b.vendor(),
                b.path(),
                start,
                1,
                c,
                c + 0.05,
                c - 0.05,
                c,
                v,
                null,
                arrival,
                arrival + 5);
      }
      versions.add(b);
      out.put(start, b);
      if (random.nextDouble() < 0.05) {
        long later = arrival + (1 + random.nextInt(15)) * MINUTE + random.nextInt(1_000);
        versions.add(bar(start, 2, c + 0.01, v + 17, later));
      } else if (random.nextDouble() < 0.03) {
        long later = arrival + (1 + random.nextInt(15)) * MINUTE;
        versions.add(
            new MinuteBar(
                b.symbol(),
                b.vendor(),
                "rest",
                start,
                1,
                b.open(),
                b.high(),
                b.low(),
                b.close(),
                b.volume(),
                b.vwap(),
                later,
                later + 5));
      }
    }
    return versions;
  }

  static MinuteBar bar(long start, int version, double close, double volume, long availableAt) {
    return new MinuteBar(
        "AAPL",
        "polygon",
        "websocket",
        start,
        version,
        close - 0.02,
        close + 0.03,
        close - 0.04,
        close,
        volume,
        close - 0.01,
        availableAt,
        availableAt + 5);
  }

  static long at(LocalDate day, int hour, int minute) {
    return day.atTime(LocalTime.of(hour, minute))
        .atZone(NyseCalendar.ZONE)
        .toInstant()
        .toEpochMilli();
  }
}
