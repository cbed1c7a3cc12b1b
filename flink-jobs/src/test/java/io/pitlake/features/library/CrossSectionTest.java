package io.pitlake.features.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link CrossSection} against {@link ReferenceCrossSection}, and FEATURES.md §3's edge cases. */
class CrossSectionTest {

  private static final double NULL = Double.NaN;

  @ParameterizedTest
  @ValueSource(longs = {1, 7, 19, 2024})
  @DisplayName("ranks, z-scores and demeaned values equal the exact reference, ties and NULLs too")
  void randomCrossSectionsEqualTheReference(long seed) {
    Random random = new Random(seed);
    int checked = 0;
    for (int trial = 0; trial < 250; trial++) {
      double[] x = new double[random.nextInt(41)];
      double scale = Math.pow(10, random.nextInt(9) - 6);
      for (int i = 0; i < x.length; i++) {
        double u = random.nextDouble();
        // About a fifth NULL, a fifth on a coarse grid (ties), the rest continuous.
        x[i] =
            u < 0.2
                ? NULL
                : u < 0.4
                    ? scale * random.nextInt(4)
                    : scale * (random.nextGaussian() + (trial % 3 == 0 ? 1e4 : 0));
      }
      double[] ranks = CrossSection.percentileRanks(x);
      double[] z = CrossSection.zScores(x);
      double[] demeaned = CrossSection.demeaned(x);
      for (int i = 0; i < x.length; i++) {
        assertThat(FeatureVectorTest.agree(ranks[i], ReferenceCrossSection.rank(x, i)))
            .as("rank %d of %s: %s", i, java.util.Arrays.toString(x), ranks[i])
            .isTrue();
        assertThat(FeatureVectorTest.agree(z[i], ReferenceCrossSection.z(x, i)))
            .as("z %d of %s: %s", i, java.util.Arrays.toString(x), z[i])
            .isTrue();
        assertThat(FeatureVectorTest.agree(demeaned[i], ReferenceCrossSection.demeaned(x, i)))
            .as("demeaned %d of %s", i, java.util.Arrays.toString(x))
            .isTrue();
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(3_000);
  }

  @Test
  @DisplayName(
      "ties share the mean of their positions; ranks are in (0, 1] over the non-NULL values")
  void tiesAreAveraged() {
    double[] x = {3, 1, 2, 2, NULL, -0.0, 0.0};
    assertThat(CrossSection.percentileRanks(x))
        .containsExactly(1.0, 3.0 / 6, 4.5 / 6, 4.5 / 6, NULL, 1.5 / 6, 1.5 / 6);
  }

  @Test
  @DisplayName("z uses the sample stdev (ddof = 1) and leaves NULL out")
  void zUsesTheSampleStdev() {
    double[] z = CrossSection.zScores(new double[] {3, 1, NULL, 2, 2});
    double stdev = Math.sqrt(2.0 / 3);
    assertThat(z[0]).isCloseTo(1 / stdev, within(1e-15));
    assertThat(z[1]).isCloseTo(-1 / stdev, within(1e-15));
    assertThat(z[2]).isNaN();
    assertThat(z[3]).isZero();
    assertThat(z[4]).isZero();
  }

  @Test
  @DisplayName("z is NULL below two values and when every value is equal, rounding or not")
  void zIsNullWithoutASpread() {
    assertThat(CrossSection.zScores(new double[] {0.5, NULL, NULL})).containsOnly(NULL);
    assertThat(CrossSection.zScores(new double[] {})).isEmpty();
    // 0.1 * 3 / 3 is not 0.1 in doubles: a two-pass stdev of these is a rounding residue, not 0.
    assertThat(CrossSection.zScores(new double[] {0.1, 0.1, 0.1, NULL})).containsOnly(NULL);
    assertThat(CrossSection.percentileRanks(new double[] {0.1, 0.1, 0.1})).containsOnly(2.0 / 3);
  }

  @Test
  @DisplayName("a single value ranks 1 and is its own mean; all NULL gives all NULL")
  void singleAndEmptyCrossSections() {
    assertThat(CrossSection.percentileRanks(new double[] {NULL, 0.02})).containsExactly(NULL, 1.0);
    assertThat(CrossSection.demeaned(new double[] {NULL, 0.02})).containsExactly(NULL, 0.0);
    assertThat(CrossSection.percentileRanks(new double[] {NULL, NULL})).containsOnly(NULL);
    assertThat(CrossSection.demeaned(new double[] {NULL, NULL})).containsOnly(NULL);
  }
}
