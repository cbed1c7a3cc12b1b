package io.pitlake.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ReportQueriesTest {

  static final Instant T = Instant.parse("2024-08-01T12:30:00Z");

  @Test
  @DisplayName("the profile is one UNION ALL of the file per table, each at T")
  void profileUnionsEveryTable() {
    String sql = ReportQueries.tableProfile(List.of("bronze.polygon_aggs", "gold.price_dq"), T);
    assertThat(sql.split("UNION ALL")).hasSize(2);
    assertThat(sql)
        .contains("'bronze.polygon_aggs' AS table_name", "FROM bronze.polygon_aggs")
        .contains("'gold.price_dq' AS table_name", "FROM gold.price_dq")
        .doesNotContain("silver.bars_daily")
        .doesNotContain("2024-06-20")
        .contains("TIMESTAMP '2024-08-01 12:30:00.000000'");
  }

  @Test
  @DisplayName("LagBucket names exactly the buckets the profile's SQL assigns")
  void lagBucketsMatchTheSql() {
    String sql = ReportQueries.tableProfile(List.of("silver.bars_daily"), T);
    long assigned = Pattern.compile("THEN (\\d+)|ELSE (\\d+)").matcher(sql).results().count();
    assertThat(assigned).isEqualTo(LagBucket.values().length);
    assertThatThrownBy(() -> LagBucket.of(LagBucket.values().length))
        .hasMessageContaining("keep the two in step");
  }

  @Test
  @DisplayName("every report query carries the report's instant")
  void everyQueryAtT() {
    for (String sql :
        List.of(
            ReportQueries.coverage(T),
            ReportQueries.gaps(T),
            ReportQueries.quarantine(T),
            ReportQueries.openFindings(T))) {
      assertThat(sql)
          .contains("TIMESTAMP '2024-08-01 12:30:00.000000'")
          .doesNotContain("2024-06-20");
    }
  }
}
