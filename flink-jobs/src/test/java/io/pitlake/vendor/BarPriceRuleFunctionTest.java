package io.pitlake.vendor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BarPriceRuleFunctionTest {

  private final BarPriceRuleFunction rule = new BarPriceRuleFunction();

  @Test
  void aBarWithinItsRangeKeepsEveryRule() {
    assertThat(rule.eval(10.0, 12.0, 9.0, 11.0, 0.0)).isNull();
    assertThat(rule.eval(10.0, 10.0, 10.0, 10.0, 5.0)).isNull();
  }

  @Test
  void aMissingFieldIsNamedBeforeAnyPriceRule() {
    assertThat(rule.eval(null, -1.0, 9.0, 11.0, 1.0))
        .isEqualTo("missing or non-numeric field o (open)");
    assertThat(rule.eval(10.0, 12.0, 9.0, 11.0, null))
        .isEqualTo("missing or non-numeric field v (volume)");
  }

  @Test
  void eachPriceRuleIsNamed() {
    assertThat(rule.eval(10.0, 12.0, 0.0, 11.0, 1.0)).isEqualTo("non-positive price in o/h/l/c");
    assertThat(rule.eval(10.0, 8.0, 9.0, 8.5, 1.0)).isEqualTo("high h below low l");
    assertThat(rule.eval(10.0, 12.0, 9.0, 12.5, 1.0)).isEqualTo("close c outside [low l, high h]");
    assertThat(rule.eval(8.0, 12.0, 9.0, 11.0, 1.0)).isEqualTo("open o outside [low l, high h]");
    assertThat(rule.eval(10.0, 12.0, 9.0, 11.0, -1.0)).isEqualTo("negative volume v");
  }
}
