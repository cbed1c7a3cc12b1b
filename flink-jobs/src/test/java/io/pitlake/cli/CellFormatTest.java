package io.pitlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CellFormatTest {

  @Test
  @DisplayName("doubles print plain, with one number of decimals per column")
  void doublesPrintPlainPerColumn() {
    List<Row> rows =
        List.of(
            Row.of("AAPL", 9.91453889218477E10, -0.020330008399351396, 11096.859267163452),
            Row.of("MSFT", 5.5e9, 0.03783820798169635, 7.5));

    List<List<String>> cells = CellFormat.cells(rows, 4, false);

    assertThat(cells.get(0))
        .containsExactly("AAPL", "99145388921.8477", "-0.0203300", "11096.8593");
    assertThat(cells.get(1)).containsExactly("MSFT", "5500000000.0000", "0.0378382", "7.5000");
  }

  @Test
  @DisplayName("full precision prints every digit of a double, still without an exponent")
  void fullPrecisionKeepsEveryDigit() {
    List<Row> rows = List.of(Row.of(9.91453889218477E10, 11096.859267163452, 2.0));

    assertThat(CellFormat.cells(rows, 3, true).get(0))
        .containsExactly("99145388921.8477", "11096.859267163452", "2");
  }

  @Test
  @DisplayName("decimals, integers, dates and NULL print as they are; extreme doubles keep E")
  void otherValuesPrintAsTheyAre() {
    List<Row> rows =
        List.of(
            Row.of(
                new BigDecimal("11097.2591"),
                1_506L,
                LocalDate.of(2024, 12, 31),
                null,
                Double.NaN,
                1.5e300,
                new BigDecimal("1E+3")));

    assertThat(CellFormat.cells(rows, 7, false).get(0))
        .containsExactly("11097.2591", "1506", "2024-12-31", "NULL", "NaN", "1.5E300", "1000");
  }

  @Test
  @DisplayName("six significant digits of the column's largest value, 4 to 10 decimals")
  void decimalsFollowTheLargestValue() {
    assertThat(CellFormat.decimals(0)).isEqualTo(4);
    assertThat(CellFormat.decimals(1177.44)).isEqualTo(4);
    assertThat(CellFormat.decimals(0.0378)).isEqualTo(7);
    assertThat(CellFormat.decimals(0.5)).isEqualTo(6);
    assertThat(CellFormat.decimals(1e-9)).isEqualTo(10);
  }
}
