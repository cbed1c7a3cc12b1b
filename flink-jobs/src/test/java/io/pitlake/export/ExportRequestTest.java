package io.pitlake.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ExportRequestTest {

  private static final Instant T = Instant.parse("2024-06-20T00:00:00Z");

  @Test
  @DisplayName(
      "the columns are the adjusted prices, then the features asked for, in order, from their tables")
  void columns() {
    ExportRequest request =
        new ExportRequest(
            ExportMode.AS_OF,
            T,
            List.of(),
            null,
            null,
            List.of("vol_21d", "roc5", "features_daily.ret_1d"));
    assertThat(request.columns())
        .containsExactly(
            "open", "high", "low", "close", "vwap", "volume", "factor", "vol_21d", "roc5",
            "ret_1d");
    assertThat(request.features())
        .extracting(FeatureField::table)
        .containsExactly(FeatureField.BAR_FEATURES, FeatureField.FEATURES, FeatureField.FEATURES);
  }

  @Test
  @DisplayName("a field named twice or a symbol named twice is refused with the flag and the fix")
  void duplicates() {
    assertThatThrownBy(
            () ->
                new ExportRequest(
                    ExportMode.AS_OF, T, List.of(), null, null, List.of("ret_1d", "ret_1d")))
        .hasMessage("--fields ret_1d,ret_1d names a column twice: give each once");
    assertThatThrownBy(
            () ->
                new ExportRequest(
                    ExportMode.FIRST_KNOWN, T, List.of("AAPL", "AAPL"), null, null, List.of()))
        .hasMessage("--symbols AAPL,AAPL names a symbol twice: give each once");
  }
}
