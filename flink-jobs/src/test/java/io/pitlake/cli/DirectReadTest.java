package io.pitlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DirectReadTest {

  @Test
  @DisplayName("reads columns, AND-ed comparisons with literals, ORDER BY and LIMIT")
  void parsesTheSimpleShape() {
    DirectRead.Query query =
        DirectRead.parse(
                "select symbol, session_date, `close` FROM gold.bar_features_daily WHERE"
                    + " symbol='O''Neil' AND session_date >= DATE '2024-01-02' AND close > -1.5"
                    + " AND available_at <= TIMESTAMP '2024-06-01 00:00:00' AND ret_1d IS NOT"
                    + " NULL ORDER BY session_date DESC, symbol LIMIT 5;")
            .orElseThrow();

    assertThat(query.table()).isEqualTo(TableIdentifier.of("gold", "bar_features_daily"));
    assertThat(query.columns()).containsExactly("symbol", "session_date", "close");
    assertThat(query.where())
        .containsExactly(
            new DirectRead.Condition("symbol", "=", "O'Neil"),
            new DirectRead.Condition("session_date", ">=", LocalDate.of(2024, 1, 2)),
            new DirectRead.Condition("close", ">", new BigDecimal("-1.5")),
            new DirectRead.Condition("available_at", "<=", LocalDateTime.of(2024, 6, 1, 0, 0)),
            new DirectRead.Condition("ret_1d", "IS NOT NULL", null));
    assertThat(query.orderBy())
        .containsExactly(
            new DirectRead.Order("session_date", true), new DirectRead.Order("symbol", false));
    assertThat(query.limit()).hasValue(5);
  }

  @Test
  @DisplayName("SELECT * of a table is a direct read")
  void selectStar() {
    assertThat(DirectRead.parse("SELECT * FROM silver.news").orElseThrow().columns()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "SELECT COUNT(*) FROM gold.bar_features_daily",
        "SELECT symbol AS s FROM gold.bar_features_daily",
        "SELECT symbol FROM gold.bar_features_daily WHERE symbol = 'A' OR symbol = 'B'",
        "SELECT symbol FROM gold.bar_features_daily WHERE symbol IN ('A', 'B')",
        "SELECT g.symbol FROM gold.bar_features_daily AS g",
        "SELECT symbol FROM bar_features_daily",
        "SELECT symbol FROM gold.bar_features_daily WHERE ARRAY_CONTAINS(symbols, 'A')",
        "SELECT symbol FROM gold.bar_features_daily WHERE symbol LIKE 'A%'",
        "SELECT DISTINCT symbol FROM gold.bar_features_daily",
        "SELECT symbol FROM gold.bar_features_daily LIMIT 5 OFFSET 2",
        "SELECT symbol FROM gold.bar_features_daily WHERE session_date > '2024-01-01' + 1",
        "SELECT symbol FROM gold.bar_features_daily WHERE symbol = 'unterminated",
        "SELECT symbol FROM (SELECT * FROM gold.bar_features_daily)"
      })
  @DisplayName("anything else is left to Flink")
  void leavesEverythingElseToFlink(String sql) {
    assertThat(DirectRead.parse(sql)).isEmpty();
  }

  @Test
  @DisplayName("the README's first query is a direct read")
  void readmeQuery() {
    assertThat(
            DirectRead.parse(
                    "SELECT symbol, session_date, close, ret_1d, vol_21d FROM"
                        + " gold.bar_features_daily WHERE symbol='AAPL' ORDER BY session_date"
                        + " DESC LIMIT 5")
                .map(DirectRead.Query::columns))
        .contains(List.of("symbol", "session_date", "close", "ret_1d", "vol_21d"));
  }
}
