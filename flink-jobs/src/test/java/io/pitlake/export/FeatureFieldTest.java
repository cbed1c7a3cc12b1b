package io.pitlake.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pitlake.table.FeatureColumns;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FeatureFieldTest {

  @Test
  @DisplayName("gold.bar_features_daily's features are its numeric columns but ids and raw prices")
  void barFeatureColumns() {
    assertThat(FeatureField.BAR_FEATURE_COLUMNS)
        .containsExactly(
            "dollar_volume", "ret_1d", "ret_5d", "ret_21d", "vol_21d", "returns_in_window");
  }

  @Test
  @DisplayName(
      "a name resolves to gold.bar_features_daily if it has it, else to gold.features_daily;"
          + " TABLE.NAME picks the table")
  void resolution() {
    assertThat(FeatureField.parse("ret_1d"))
        .isEqualTo(new FeatureField(FeatureField.BAR_FEATURES, "ret_1d"));
    assertThat(FeatureField.parse("returns_in_window").table())
        .isEqualTo(FeatureField.BAR_FEATURES);
    assertThat(FeatureField.parse("features_daily.ret_1d"))
        .isEqualTo(new FeatureField(FeatureField.FEATURES, "ret_1d"));
    assertThat(FeatureField.parse("bar_features_daily.vol_21d"))
        .isEqualTo(new FeatureField(FeatureField.BAR_FEATURES, "vol_21d"));
    for (String column : FeatureColumns.ALL) {
      FeatureField field = FeatureField.parse(column);
      assertThat(field.column()).isEqualTo(column);
      assertThat(field.table())
          .as(column)
          .isEqualTo(
              FeatureField.BAR_FEATURE_COLUMNS.contains(column)
                  ? FeatureField.BAR_FEATURES
                  : FeatureField.FEATURES);
    }
  }

  @Test
  @DisplayName("an unknown field is refused in one line naming it and where the lists are")
  void unknown() {
    assertThatThrownBy(() -> FeatureField.parse("close"))
        .hasMessage(
            "--fields close is not a feature column: choose from gold.bar_features_daily's"
                + " (dollar_volume,ret_1d,ret_5d,ret_21d,vol_21d,returns_in_window) or"
                + " gold.features_daily's (FeatureColumns.ALL, listed in TABLES.md"
                + " \"gold.features_daily\", e.g. roc5,rsi_14)");
    assertThatThrownBy(() -> FeatureField.parse("features_daily.returns_in_window"))
        .hasMessageStartingWith(
            "--fields features_daily.returns_in_window is not a feature column: TABLE.COLUMN takes"
                + " features_daily");
    assertThatThrownBy(() -> FeatureField.parse("silver.bars_daily"))
        .hasMessageStartingWith("--fields silver.bars_daily is not a feature column");
  }

  @Test
  @DisplayName("both tables' ret_1d under one name is refused as a column named twice")
  void sameColumnFromBothTables() {
    assertThatThrownBy(
            () ->
                new ExportRequest(
                    ExportMode.AS_OF,
                    Instant.EPOCH,
                    List.of(),
                    null,
                    null,
                    List.of("ret_1d", "features_daily.ret_1d")))
        .hasMessage("--fields ret_1d,features_daily.ret_1d names a column twice: give each once");
  }
}
