package io.pitlake.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** DESIGN.md's column table of gold.features_daily is the declared schema, in order. */
class FeaturesDailyDocumentationTest {

  private static final Pattern NAME = Pattern.compile("`([a-z_0-9{}]+)`");

  @Test
  @DisplayName("DESIGN.md documents every column of gold.features_daily, in the declared order")
  void designDocumentsEveryColumnInOrder() throws Exception {
    String design = Files.readString(Path.of("..", "DESIGN.md"));
    int start = design.indexOf("### gold.features_daily");
    assertThat(start).as("DESIGN.md needs a section ### gold.features_daily").isNotNegative();
    int end = design.indexOf("\n### ", start + 1);
    List<String> documented = new ArrayList<>();
    for (String line : design.substring(start, end).split("\n")) {
      if (line.startsWith("| `")) {
        Matcher names = NAME.matcher(line.split("\\|")[1]);
        while (names.find()) {
          String name = names.group(1);
          if (name.contains("{d}")) {
            FeatureColumns.WINDOWS.forEach(d -> documented.add(name.replace("{d}", "" + d)));
          } else {
            documented.add(name);
          }
        }
      }
    }
    List<String> declared =
        PitlakeTables.GOLD_FEATURES_DAILY.schema().columns().stream()
            .map(Types.NestedField::name)
            .toList();
    // The table groups a family's windows in one row, so compare as sets, then the features' order.
    assertThat(documented).containsExactlyInAnyOrderElementsOf(declared);
    assertThat(declared.subList(declared.size() - FeatureColumns.ALL.size(), declared.size()))
        .containsExactlyElementsOf(FeatureColumns.ALL);
  }

  @Test
  @DisplayName("the feature columns are 158 Alpha158 columns and 22 of the technical set")
  void featureColumnCounts() {
    assertThat(FeatureColumns.ALPHA158).hasSize(158).doesNotHaveDuplicates();
    assertThat(FeatureColumns.TECHNICAL).hasSize(22);
    assertThat(FeatureColumns.ALL).doesNotHaveDuplicates();
    assertThat(FeatureColumns.ALPHA158.subList(13, 18))
        .containsExactly("roc5", "roc10", "roc20", "roc30", "roc60");
  }
}
