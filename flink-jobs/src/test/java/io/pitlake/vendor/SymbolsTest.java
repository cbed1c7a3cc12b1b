package io.pitlake.vendor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SymbolsTest {

  @ParameterizedTest(name = "{0} {1} -> {2} -> {3}")
  @CsvSource({
    "POLYGON, BRK.B, BRK.B, BRK.B",
    "ALPACA, BRK.B, BRK.B, BRK.B",
    "FMP, BRK-B, BRK.B, BRK-B",
    "SEC, BRK-A, BRK.A, BRK-A",
    "POLYGON, AAPL, AAPL, AAPL",
    "FMP, AAPL, AAPL, AAPL",
    "SEC, BF-B, BF.B, BF-B",
    "ALPACA, GOOGL, GOOGL, GOOGL"
  })
  @DisplayName("each vendor's ticker maps to pitlake's spelling and back to the vendor's")
  void roundTripsPerVendor(Vendor vendor, String vendorTicker, String pitlake, String back) {
    VendorSymbol symbol = Symbols.fromVendor(vendor, vendorTicker);
    assertThat(symbol.vendor()).isEqualTo(vendor);
    assertThat(symbol.original()).isEqualTo(vendorTicker);
    assertThat(symbol.symbol()).isEqualTo(pitlake);
    assertThat(Symbols.toVendor(vendor, symbol.symbol())).isEqualTo(back);
  }

  @Test
  @DisplayName("dot, dash and slash class notations are one pitlake symbol")
  void allClassNotationsAgree() {
    assertThat(Symbols.toPitlake("BRK.B")).isEqualTo("BRK.B");
    assertThat(Symbols.toPitlake("BRK-B")).isEqualTo("BRK.B");
    assertThat(Symbols.toPitlake("BRK/B")).isEqualTo("BRK.B");
    assertThat(Symbols.toPitlake(" BRK/B ")).isEqualTo("BRK.B");
    assertThat(Symbols.toVendor(Vendor.FMP, "BRK.B")).isEqualTo("BRK-B");
    assertThat(Symbols.toVendor(Vendor.POLYGON, "BRK.B")).isEqualTo("BRK.B");
  }

  @Test
  @DisplayName("Polygon's preferred notation and tickers without a class pass through unchanged")
  void leavesOtherTickersAlone() {
    assertThat(Symbols.toPitlake("KIMpL")).isEqualTo("KIMpL");
    assertThat(Symbols.toVendor(Vendor.SEC, "KIMpL")).isEqualTo("KIMpL");
    assertThat(Symbols.toPitlake("O:AAPL211119C00085000")).isEqualTo("O:AAPL211119C00085000");
    assertThat(Symbols.toPitlake("ABCDE-WS")).isEqualTo("ABCDE.WS");
  }

  @Test
  @DisplayName("blank tickers and foreign characters are refused with the fix")
  void refusesInvalidTickers() {
    assertThatThrownBy(() -> Symbols.toPitlake(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ticker must not be blank");
    assertThatThrownBy(() -> Symbols.fromVendor(Vendor.FMP, "BRK B"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'BRK B'")
        .hasMessageContaining("use letters, digits and one of . - /");
  }
}
