package io.pitlake.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The feature columns: their counts, and their order in the tables that hold them (TABLES.md's
 * column tables of those tables are checked by {@link TablesDocumentationTest}).
 */
class FeatureColumnsTest {

  private static final Pattern NAME = Pattern.compile("`([a-z_0-9{}]+)`");

  @Test
  @DisplayName("gold.features_daily and gold.cross_section_daily hold the features in their order")
  void declaredInFeatureOrder() {
    List<String> features = declared(PitlakeTables.GOLD_FEATURES_DAILY);
    int first = features.indexOf(FeatureColumns.ALL.get(0));
    assertThat(features.subList(first, first + FeatureColumns.ALL.size()))
        .containsExactlyElementsOf(FeatureColumns.ALL);
    List<String> crossSection = declared(PitlakeTables.GOLD_CROSS_SECTION_DAILY);
    first = crossSection.indexOf(FeatureColumns.CROSS_SECTION.get(0));
    assertThat(crossSection.subList(first, first + FeatureColumns.CROSS_SECTION.size()))
        .containsExactlyElementsOf(FeatureColumns.CROSS_SECTION);
  }

  @Test
  @DisplayName("the feature columns are 158 Alpha158 columns and 22 of the technical set")
  void featureColumnCounts() {
    assertThat(FeatureColumns.ALPHA158).hasSize(158).doesNotHaveDuplicates();
    assertThat(FeatureColumns.TECHNICAL).hasSize(22);
    assertThat(FeatureColumns.ALL).doesNotHaveDuplicates();
    assertThat(FeatureColumns.ALPHA158.subList(13, 18))
        .containsExactly("roc5", "roc10", "roc20", "roc30", "roc60");
    assertThat(FeatureColumns.TECHNICAL).containsAll(FeatureColumns.CROSS_SECTIONAL);
    assertThat(FeatureColumns.CROSS_SECTION).hasSize(13).doesNotHaveDuplicates();
  }

  private static List<String> declared(TableSpec table) {
    return table.schema().columns().stream().map(Types.NestedField::name).toList();
  }
}
