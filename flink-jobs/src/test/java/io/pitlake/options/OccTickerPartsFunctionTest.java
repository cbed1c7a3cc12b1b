package io.pitlake.options;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

class OccTickerPartsFunctionTest {

  @Test
  void splitsATickerIntoRootExpiryCallPutAndStrikeDigits() {
    assertThat(parts("O:AAPL240621C00162500")).isEqualTo(Row.of("AAPL", "240621", "C", "00162500"));
    assertThat(parts("O:BRK.B250117P00400000"))
        .isEqualTo(Row.of("BRK.B", "250117", "P", "00400000"));
    assertThat(parts("O:XYZ1240621C00162500")).isEqualTo(Row.of("XYZ1", "240621", "C", "00162500"));
  }

  @Test
  void aTickerThatIsNullOrNotOccGivesOneRowOfNulls() {
    Row nulls = Row.of(null, null, null, null);

    assertThat(parts(null)).isEqualTo(nulls);
    assertThat(parts("AAPL")).isEqualTo(nulls);
    assertThat(parts("O:AAPL240621X00162500")).isEqualTo(nulls);
    assertThat(parts("O:AAPL240621C162500")).isEqualTo(nulls);
    assertThat(parts("O:TOOLONG240621C00162500")).isEqualTo(nulls);
  }

  private static Row parts(String ticker) {
    return TableFunctionRows.oneRow(new OccTickerPartsFunction(), f -> f.eval(ticker));
  }
}
