package io.pitlake.dq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RowCountsTest {

  @Test
  void aTableThatLostRowsIsAFindingAndOneThatGrewOrIsNewIsNot() {
    assertThat(
            RowCounts.findings(
                Map.of("silver.bars_daily", 100L, "gold.bar_features_daily", 90L),
                Map.of(
                    "silver.bars_daily", 120L,
                    "gold.bar_features_daily", 80L,
                    "silver.quarantine", 3L)))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.gate()).isEqualTo(Gate.ROW_COUNT);
              assertThat(f.brief())
                  .isEqualTo(
                      "gold.bar_features_daily: 80 rows, 10 fewer than the previous publish's"
                          + " 90");
            });
  }

  @Test
  void equalCountsPass() {
    assertThat(RowCounts.findings(Map.of("t", 5L), Map.of("t", 5L))).isEmpty();
  }
}
