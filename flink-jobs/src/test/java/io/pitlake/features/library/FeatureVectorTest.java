package io.pitlake.features.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pitlake.table.FeatureColumns;
import io.pitlake.time.NyseCalendar;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

public class FeatureVectorTest {

  /** FEATURES.md §0: a double reference agrees to this, relative to max(|a|, |b|, 1). */
  static final double TOLERANCE = 1e-9;

  private static final NyseCalendar CALENDAR = NyseCalendar.instance();

  /**
   * A random symbol over 330 sessions from 2021 with everything FEATURES.md's edge cases name: a
   * 4-for-1 split, a 1-for-3 reverse split and two dividends (one sharing an ex date with nothing
   * else, one a session after a missing bar), two sessions without a bar (one a pair), a
   * zero-volume day, a bar with H = L, a flat-price stretch of 12 sessions with constant volume,
   * and bars without a VWAP.
   */
  public record Series(List<RawBar> bars, List<ExFactor> factors) {}

  public static Series series(long seed) {
    Random random = new Random(seed);
    int start = CALENDAR.sessionIndex(LocalDate.of(2021, 1, 4));
    List<RawBar> bars = new ArrayList<>();
    double price = 20 + 80 * random.nextDouble();
    for (int i = 0; i < 330; i++) {
      int index = start + i;
      if (i == 40 || i == 150 || i == 151) {
        continue;
      }
      LocalDate date = CALENDAR.sessionAt(index);
      if (i == 100) {
        price *= 0.25;
      } else if (i == 220) {
        price *= 3;
      }
      double open = price * Math.exp(0.01 * random.nextGaussian());
      double close = price * Math.exp(0.02 * random.nextGaussian());
      double high = Math.max(open, close) * (1 + 0.01 * random.nextDouble());
      double low = Math.min(open, close) * (1 - 0.01 * random.nextDouble());
      double volume = Math.round(1e6 * Math.exp(random.nextGaussian()));
      double vwap = i % 17 == 3 ? Double.NaN : low + (high - low) * random.nextDouble();
      if (i >= 60 && i < 72) {
        close = open = high = low = vwap = 42.5;
        volume = 500_000;
      } else if (i == 80) {
        high = low = open = close;
      } else if (i == 120) {
        volume = 0;
      }
      bars.add(new RawBar(index, date, open, high, low, close, volume, vwap));
      price = close;
    }
    List<ExFactor> factors =
        List.of(
            new ExFactor(CALENDAR.sessionAt(start + 100), 0.25),
            new ExFactor(CALENDAR.sessionAt(start + 130), 0.985),
            new ExFactor(CALENDAR.sessionAt(start + 152), 0.99),
            new ExFactor(CALENDAR.sessionAt(start + 220), 3.0));
    return new Series(bars, factors);
  }

  public static List<ReferenceFeatures.Bar> referenceBars(List<RawBar> bars) {
    return bars.stream()
        .map(
            b ->
                new ReferenceFeatures.Bar(
                    b.sessionIndex(),
                    b.session(),
                    b.open(),
                    b.high(),
                    b.low(),
                    b.close(),
                    b.volume(),
                    b.vwap()))
        .toList();
  }

  public static List<ReferenceFeatures.Action> referenceActions(List<ExFactor> factors) {
    return factors.stream().map(f -> new ReferenceFeatures.Action(f.exDate(), f.factor())).toList();
  }

  /** Whether {@code a} and {@code b} agree: both NULL, or within the tolerance. */
  public static boolean agree(double a, double b) {
    if (Double.isNaN(a) || Double.isNaN(b)) {
      return Double.isNaN(a) && Double.isNaN(b);
    }
    return Math.abs(a - b) <= TOLERANCE * Math.max(Math.max(Math.abs(a), Math.abs(b)), 1);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 7, 19, 2024})
  @DisplayName("every column of every row equals the two-pass reference, NULL exactly where it is")
  void everyColumnOfEveryRowEqualsTheReference(long seed) {
    Series s = series(seed);
    List<ReferenceFeatures.Bar> refBars = referenceBars(s.bars());
    List<ReferenceFeatures.Action> refActions = referenceActions(s.factors());
    Map<String, Integer> compared = new HashMap<>();
    List<String> mismatches = new ArrayList<>();
    FeatureVector features = new FeatureVector();
    // From the last row back, so each row's windows are no longer than the row's before it: a value
    // left in the reused arrays past a shorter window would show.
    for (int t = s.bars().size() - 1; t >= 0; t--) {
      double[] values = features.compute(s.bars(), t, s.factors());
      Map<String, Double> expected = ReferenceFeatures.row(refBars, t, refActions);
      assertThat(expected.keySet()).containsExactlyInAnyOrderElementsOf(FeatureColumns.ALL);
      for (int k = 0; k < values.length; k++) {
        String column = FeatureColumns.ALL.get(k);
        double want = expected.get(column);
        if (!agree(values[k], want) && mismatches.size() < 20) {
          mismatches.add(
              String.format(
                  "%s at %s: %s, reference %s",
                  column, s.bars().get(t).session(), values[k], want));
        }
        if (!Double.isNaN(want)) {
          compared.merge(column, 1, Integer::sum);
        }
      }
    }
    assertThat(mismatches).isEmpty();
    // Not vacuous: every column is non-NULL on some rows (a column NULL on both sides always would
    // pass any formula).
    assertThat(compared.keySet()).containsExactlyInAnyOrderElementsOf(FeatureColumns.ALL);
    assertThat(compared.get("mom_12_1")).isGreaterThanOrEqualTo(50);
  }

  @Test
  @DisplayName(
      "a vector of one family gives the full row's values bit for bit in its columns, NaN in the others")
  void oneFamilyGivesTheFullRowsValuesInItsColumns() {
    Series s = series(7);
    FeatureVector full = new FeatureVector();
    Map<String, FeatureVector> alone = new HashMap<>();
    for (String family : FeatureVector.FAMILIES) {
      alone.put(family, new FeatureVector(List.of(family)));
    }
    String[] owner = new String[FeatureColumns.ALL.size()];
    List<String> mismatches = new ArrayList<>();
    for (int t = s.bars().size() - 1; t >= 0; t--) {
      double[] want = full.compute(s.bars(), t, s.factors());
      for (String family : FeatureVector.FAMILIES) {
        double[] got = alone.get(family).compute(s.bars(), t, s.factors());
        for (int k = 0; k < got.length; k++) {
          if (Double.isNaN(got[k])) {
            continue;
          }
          if (Double.compare(got[k], want[k]) != 0 && mismatches.size() < 20) {
            mismatches.add(family + " " + FeatureColumns.ALL.get(k) + " at " + t);
          }
          if (owner[k] != null && !owner[k].equals(family)) {
            mismatches.add(
                FeatureColumns.ALL.get(k) + " written by " + owner[k] + " and " + family);
          }
          owner[k] = family;
        }
      }
    }
    assertThat(mismatches).isEmpty();
    // Every column belongs to a family, so the families together are the full row.
    for (int k = 0; k < owner.length; k++) {
      assertThat(owner[k]).as(FeatureColumns.ALL.get(k)).isNotNull();
    }
    assertThat(owner[FeatureColumns.indexOf("natr_14")]).isEqualTo("atr");
    assertThat(owner[FeatureColumns.indexOf("vsumd60")]).isEqualTo("vsumd");
    assertThat(new FeatureVector(List.of()).compute(s.bars(), 300, s.factors()))
        .containsOnly(Double.NaN);
  }

  @Test
  @DisplayName("an unknown family is refused with the list of families")
  void refusesUnknownFamily() {
    assertThatThrownBy(() -> new FeatureVector(List.of("alpha")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("alpha is not a feature family")
        .hasMessageContaining("vsumd");
  }

  @Test
  @DisplayName("the NULL conventions: warm-ups, the flat stretch, zero volume and zero range")
  void nullConventions() {
    Series s = series(3);
    List<RawBar> bars = s.bars();
    FeatureVector features = new FeatureVector();
    double[] first = features.compute(bars, 0, s.factors());
    assertThat(first[FeatureColumns.indexOf("roc5")]).isNaN();
    assertThat(first[FeatureColumns.indexOf("ma5")]).isEqualTo(1.0);
    assertThat(first[FeatureColumns.indexOf("std5")]).isNaN();
    assertThat(first[FeatureColumns.indexOf("cntp5")]).isZero();
    assertThat(first[FeatureColumns.indexOf("sump5")]).isNaN();
    assertThat(first[FeatureColumns.indexOf("ret_1d")]).isNaN();
    int flatEnd = positionOf(bars, 71);
    double[] flat = features.compute(bars, flatEnd, s.factors());
    assertThat(flat[FeatureColumns.indexOf("rsqr10")]).isNaN();
    assertThat(flat[FeatureColumns.indexOf("corr10")]).isNaN();
    assertThat(flat[FeatureColumns.indexOf("bb_pctb_20")]).isNotNaN();
    assertThat(flat[FeatureColumns.indexOf("kmid2")]).isZero();
    double[] zeroVolume = features.compute(bars, positionOf(bars, 121), s.factors());
    assertThat(zeroVolume[FeatureColumns.indexOf("cord5")]).isNaN();
    double[] afterSplit = features.compute(bars, positionOf(bars, 100), s.factors());
    assertThat(Math.abs(afterSplit[FeatureColumns.indexOf("ret_1d")])).isLessThan(0.2);
    assertThat(afterSplit[FeatureColumns.indexOf("dollar_volume")])
        .isEqualTo(
            bars.get(positionOf(bars, 100)).close() * bars.get(positionOf(bars, 100)).volume());
  }

  @Test
  @DisplayName("the comparison is strict enough to catch a wrong formula")
  void comparisonCatchesSmallErrors() {
    assertThat(agree(1.0, 1.0 + 2e-9)).isFalse();
    assertThat(agree(1e6, 1e6 * (1 + 2e-9))).isFalse();
    assertThat(agree(1e-3, 1e-3 + 5e-10)).isTrue();
    assertThat(agree(Double.NaN, 0.0)).isFalse();
    assertThat(agree(Double.NaN, Double.NaN)).isTrue();
  }

  @Test
  @DisplayName("a row position outside the bars is refused with the fix")
  void refusesPositionOutsideBars() {
    Series s = series(1);
    assertThatThrownBy(() -> new FeatureVector().compute(s.bars(), s.bars().size(), s.factors()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pass the position of the row's session");
  }

  private static int positionOf(List<RawBar> bars, int offset) {
    int index = bars.get(0).sessionIndex() + offset;
    for (int i = 0; i < bars.size(); i++) {
      if (bars.get(i).sessionIndex() == index) {
        return i;
      }
    }
    throw new IllegalArgumentException("no bar at offset " + offset);
  }
}
