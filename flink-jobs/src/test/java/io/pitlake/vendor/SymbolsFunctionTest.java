package io.pitlake.vendor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SymbolsFunctionTest {

  final SymbolsFunction symbols = new SymbolsFunction();

  @Test
  void spellsEveryVendorsClassShareTheSameWayOnce() {
    assertThat(symbols.eval(new String[] {"BRK-B", "AAPL", "BRK/B", " BRK.B "}))
        .containsExactly("BRK.B", "AAPL");
  }

  @Test
  void keepsATickerItCannotReadAndSkipsBlanks() {
    assertThat(symbols.eval(new String[] {"", null, "ABC$", "msft"}))
        .containsExactly("ABC$", "msft");
    assertThat(symbols.eval(null)).isNull();
  }
}
