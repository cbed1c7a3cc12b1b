package io.pitlake.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.pitlake.adjustment.FactorSegment;
import io.pitlake.adjustment.ReturnSteps;
import io.pitlake.time.NyseCalendar;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BarFeaturesTest {

  static final long HOUR = 3_600_000L;
  static final long OPEN = Long.MAX_VALUE;

  /** Session i's first version is known at hour i; closes wander from 100. */
  static List<BarLife> series(int sessions, long seed) {
    Random random = new Random(seed);
    List<BarLife> lives = new ArrayList<>();
    double close = 100;
    for (int i = 0; i < sessions; i++) {
      close *= Math.exp(random.nextGaussian() * 0.02);
      lives.add(life(i, 1, close, i * HOUR, OPEN));
    }
    return lives;
  }

  static BarLife life(int session, int version, double close, long from, long to) {
    return new BarLife(session, version, close, 1000 + session, null, session, from, from, to);
  }

  @Test
  void featuresOfAPlainSeriesEqualADirectComputation() {
    List<BarLife> lives = series(60, 1);
    List<DailyFeatures> rows = BarFeatures.compute(lives, 0, 59);

    assertThat(rows).hasSize(60).extracting(DailyFeatures::session).isSorted();
    DailyFeatures last = rows.get(59);
    double[] c = lives.stream().mapToDouble(BarLife::close).toArray();
    assertThat(last.availableAt()).isEqualTo(59 * HOUR);
    assertThat(last.ret1d()).isCloseTo(c[59] / c[58] - 1, within(1e-12));
    assertThat(last.ret5d()).isCloseTo(c[59] / c[54] - 1, within(1e-12));
    assertThat(last.ret21d()).isCloseTo(c[59] / c[38] - 1, within(1e-12));
    double[] r =
        IntStream.rangeClosed(39, 59).mapToDouble(i -> Math.log(c[i] / c[i - 1])).toArray();
    double mean = java.util.Arrays.stream(r).average().orElseThrow();
    double variance = java.util.Arrays.stream(r).map(x -> (x - mean) * (x - mean)).sum() / 20;
    assertThat(last.vol21d()).isCloseTo(Math.sqrt(variance), within(1e-12));
    assertThat(last.returnsInWindow()).isEqualTo(21);
    assertThat(last.dollarVolume()).isEqualTo(c[59] * (1000 + 59));

    DailyFeatures first = rows.get(0);
    assertThat(first.ret1d()).isNull();
    assertThat(first.returnsInWindow()).isZero();
    assertThat(rows.get(20).vol21d()).as("20 returns are not a window").isNull();
    assertThat(rows.get(21).vol21d()).isNotNull();
  }

  @Test
  void totalReturnsOfASplitSeriesEqualTheReturnsOfTheUnsplitOne() {
    int base = NyseCalendar.instance().sessionIndex(LocalDate.of(2024, 1, 2));
    int ex = base + 40;
    List<BarLife> unsplit = new ArrayList<>();
    List<BarLife> split = new ArrayList<>();
    for (BarLife life : series(80, 4)) {
      int session = base + life.session();
      unsplit.add(life(session, 1, life.close(), life.validFrom(), OPEN));
      double traded = session >= ex ? life.close() / 4 : life.close();
      split.add(life(session, 1, traded, life.validFrom(), OPEN));
    }
    long known = 30 * HOUR;
    ReturnSteps steps =
        ReturnSteps.of(
            List.of(
                new FactorSegment(
                    NyseCalendar.instance().sessionAt(ex), null, known, OPEN, 0.25, 0.25, 1, 0)));

    List<DailyFeatures> expected = BarFeatures.compute(unsplit, base + 21, base + 79);
    List<DailyFeatures> adjusted = BarFeatures.compute(split, base + 21, base + 79, steps);
    List<DailyFeatures> raw = BarFeatures.compute(split, base + 21, base + 79);

    assertThat(adjusted).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      DailyFeatures e = expected.get(i);
      DailyFeatures a = adjusted.get(i);
      assertThat(a.session()).isEqualTo(e.session());
      assertThat(a.availableAt()).isEqualTo(e.availableAt());
      assertThat(a.ret1d()).isCloseTo(e.ret1d(), within(1e-12));
      assertThat(a.ret5d()).isCloseTo(e.ret5d(), within(1e-12));
      assertThat(a.ret21d()).isCloseTo(e.ret21d(), within(1e-12));
      assertThat(a.vol21d()).isCloseTo(e.vol21d(), within(1e-12));
    }
    DailyFeatures exRaw = raw.stream().filter(f -> f.session() == ex).findFirst().orElseThrow();
    assertThat(exRaw.ret1d()).as("raw closes across the split").isLessThan(-0.6);
  }

  @Test
  void aSplitKnownOnlyAfterItsExDateAddsARowAtThatInstant() {
    int base = NyseCalendar.instance().sessionIndex(LocalDate.of(2024, 1, 2));
    int ex = base + 40;
    List<BarLife> split = new ArrayList<>();
    for (BarLife life : series(60, 5)) {
      int session = base + life.session();
      double traded = session >= ex ? life.close() / 4 : life.close();
      split.add(life(session, 1, traded, life.validFrom(), OPEN));
    }
    long late = 45 * HOUR;
    ReturnSteps steps =
        ReturnSteps.of(
            List.of(
                new FactorSegment(
                    NyseCalendar.instance().sessionAt(ex), null, late, OPEN, 0.25, 0.25, 1, 0)));

    List<DailyFeatures> rows = BarFeatures.compute(split, ex, ex, steps);

    assertThat(rows).extracting(DailyFeatures::availableAt).containsExactly(40 * HOUR, late);
    assertThat(rows.get(0).ret1d()).as("before the split is known").isLessThan(-0.6);
    assertThat(rows.get(1).ret1d()).isBetween(-0.2, 0.2);
  }

  @Test
  void theOrderOfTheLivesDoesNotMatter() {
    List<BarLife> lives = new ArrayList<>(series(80, 2));
    lives.add(life(40, 2, 55.0, 500 * HOUR, OPEN));
    lives.set(40, life(40, 1, lives.get(40).close(), 40 * HOUR, 500 * HOUR));
    List<DailyFeatures> expected = BarFeatures.compute(lives, 21, 79);
    for (long seed = 0; seed < 5; seed++) {
      List<BarLife> shuffled = new ArrayList<>(lives);
      Collections.shuffle(shuffled, new Random(seed));
      assertThat(BarFeatures.compute(shuffled, 21, 79)).isEqualTo(expected);
    }
  }

  @Test
  void aRevisionAddsOneRowToEachOfThe22SessionsItFeeds() {
    List<BarLife> lives = new ArrayList<>(series(80, 3));
    List<DailyFeatures> before = BarFeatures.compute(lives, 0, 79);
    long revisedAt = 1000 * HOUR;
    lives.set(40, life(40, 1, lives.get(40).close(), 40 * HOUR, revisedAt));
    lives.add(life(40, 2, lives.get(40).close() * 1.1, revisedAt, OPEN));

    List<DailyFeatures> after = BarFeatures.compute(lives, 0, 79);

    assertThat(after).containsAll(before);
    List<DailyFeatures> added = new ArrayList<>(after);
    added.removeAll(before);
    assertThat(added)
        .allSatisfy(f -> assertThat(f.availableAt()).isEqualTo(revisedAt))
        .extracting(DailyFeatures::session)
        .containsExactlyElementsOf(IntStream.range(40, 62).boxed().toList());
    assertThat(added.get(0).barVersion()).isEqualTo(2);
    assertThat(added.get(1).ret1d())
        .isCloseTo(lives.get(41).close() / (lives.get(40).close() * 1.1) - 1, within(1e-12));
  }

  @Test
  void aPreviousBarThatArrivesLateGivesTheReturnItsOwnRow() {
    List<BarLife> lives = List.of(life(10, 1, 100, 5 * HOUR, OPEN), life(9, 1, 80, 7 * HOUR, OPEN));

    List<DailyFeatures> rows = BarFeatures.compute(lives, 10, 10);

    assertThat(rows).extracting(DailyFeatures::availableAt).containsExactly(5 * HOUR, 7 * HOUR);
    assertThat(rows.get(0).ret1d()).as("session 9 unknown at 5h").isNull();
    assertThat(rows.get(1).ret1d()).isCloseTo(0.25, within(1e-12));
    assertThat(rows.get(1).ingestedAt()).isEqualTo(7 * HOUR);
  }

  @Test
  void aRunOnTheLivesKnownByTGivesTheFullRunsRowsKnownByT() {
    List<BarLife> lives = new ArrayList<>(series(90, 4));
    long revisedAt = 70 * HOUR + 30 * 60_000L;
    lives.set(50, life(50, 1, lives.get(50).close(), 50 * HOUR, revisedAt));
    lives.add(life(50, 2, 42.0, revisedAt, OPEN));
    lives.set(60, life(60, 1, lives.get(60).close(), 95 * HOUR, OPEN));
    List<DailyFeatures> full = BarFeatures.compute(lives, 0, 89);
    for (long t : new long[] {30 * HOUR, 60 * HOUR, revisedAt - 1, revisedAt, 94 * HOUR}) {
      List<BarLife> known = new ArrayList<>();
      for (BarLife l : lives) {
        if (l.validFrom() <= t) {
          known.add(
              l.validTo() <= t
                  ? l
                  : life(l.session(), l.version(), l.close(), l.validFrom(), OPEN));
        }
      }
      assertThat(BarFeatures.compute(known, 0, 89))
          .as("known by %s", t)
          .isEqualTo(full.stream().filter(f -> f.availableAt() <= t).toList());
    }
  }

  @Test
  void anEmptyRangeIsRefused() {
    assertThatThrownBy(() -> BarFeatures.compute(List.of(), 5, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("5..4");
    assertThatThrownBy(() -> life(1, 1, 1.0, 10, 10))
        .hasMessageContaining("valid_from 10 >= valid_to 10");
  }
}
