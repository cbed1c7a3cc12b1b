package io.pitlake.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * TABLES.md's column tables of gold.features_daily and gold.cross_section_daily are the declared
 * schemas, in order.
 */
class FeaturesDailyDocumentationTest {

  private static final Pattern NAME = Pattern.compile("`([a-z_0-9{}]+)`");

  @Test
  @DisplayName("TABLES.md documents every column of gold.features_daily, in the declared order")
  void designDocumentsEveryColumnInOrder() throws Exception {
    List<String> documented =
        documented(
            "### gold.features_daily",
            Map.of("{d}", FeatureColumns.WINDOWS.stream().map(String::valueOf).toList()));
    List<String> declared = declared(PitlakeTables.GOLD_FEATURES_DAILY);
    // The table groups a family's windows in one row, so compare as sets, then the features' order.
    assertThat(documented).containsExactlyInAnyOrderElementsOf(declared);
    int first = declared.indexOf(FeatureColumns.ALL.get(0));
    assertThat(declared.subList(first, first + FeatureColumns.ALL.size()))
        .containsExactlyElementsOf(FeatureColumns.ALL);
  }

  @Test
  @DisplayName(
      "TABLES.md documents every column of gold.cross_section_daily, in the declared order")
  void designDocumentsEveryCrossSectionColumn() throws Exception {
    List<String> documented =
        documented("### gold.cross_section_daily", Map.of("{f}", FeatureColumns.CROSS_SECTIONAL));
    List<String> declared = declared(PitlakeTables.GOLD_CROSS_SECTION_DAILY);
    assertThat(documented).containsExactlyInAnyOrderElementsOf(declared);
    int first = declared.indexOf(FeatureColumns.CROSS_SECTION.get(0));
    assertThat(declared.subList(first, first + FeatureColumns.CROSS_SECTION.size()))
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

  /**
   * The column names in the first cell of the column table of TABLES.md's section {@code heading},
   * each placeholder expanded to every one of its values.
   */
  private static List<String> documented(String heading, Map<String, List<String>> placeholders)
      throws Exception {
    String design = Files.readString(Path.of("..", "TABLES.md"));
    int start = design.indexOf(heading);
    assertThat(start).as("TABLES.md needs a section %s", heading).isNotNegative();
    int end = design.indexOf("\n### ", start + 1);
    List<String> documented = new ArrayList<>();
    for (String line : design.substring(start, end).split("\n")) {
      if (line.startsWith("| `")) {
        Matcher names = NAME.matcher(line.split("\\|")[1]);
        while (names.find()) {
          String name = names.group(1);
          String placeholder =
              placeholders.keySet().stream().filter(name::contains).findFirst().orElse(null);
          if (placeholder == null) {
            documented.add(name);
          } else {
            placeholders
                .get(placeholder)
                .forEach(v -> documented.add(name.replace(placeholder, v)));
          }
        }
      }
    }
    return documented;
  }

  private static List<String> declared(TableSpec table) {
    return table.schema().columns().stream().map(Types.NestedField::name).toList();
  }
}
