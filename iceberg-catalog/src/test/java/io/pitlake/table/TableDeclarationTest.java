package io.pitlake.table;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TableDeclarationTest {

  private final List<TableSpec> declared = new ArrayList<>();

  private TableDeclaration table(String name) {
    return new TableDeclaration(PitlakeTables.SILVER, name, declared::add);
  }

  /** A table of one column besides the time columns, sorted by it. */
  private TableDeclaration symbolTable(String name) {
    return table(name)
        .columns(required(1, "symbol", Types.StringType.get()))
        .pit(2, 3, 4)
        .sortedBy("symbol");
  }

  @Test
  @DisplayName("the time columns are added once, as timestamptz, at the field ids the table names")
  void timeColumnsSitAtTheirFieldIds() {
    TableSpec spec =
        table("t")
            .columns(
                required(1, "symbol", Types.StringType.get()),
                optional(3, "close", Types.DoubleType.get()),
                required(6, "vendor", Types.StringType.get()))
            .pit(PitColumns.ids(2, 4, 5).optionalEventTime("bar start").ingestedAt("fetched"))
            .sortedBy("symbol")
            .declare();

    assertThat(spec.schema().columns())
        .extracting(Types.NestedField::name)
        .containsExactly("symbol", "event_time", "close", "available_at", "ingested_at", "vendor");
    Types.NestedField eventTime = spec.schema().findField("event_time");
    assertThat(eventTime.isOptional()).isTrue();
    assertThat(eventTime.doc()).isEqualTo("bar start");
    assertThat(eventTime.type()).isEqualTo(Types.TimestampType.withZone());
    assertThat(spec.schema().findField("available_at").isRequired()).isTrue();
    assertThat(spec.schema().findField("ingested_at").doc()).isEqualTo("fetched");
    assertThat(declared).containsExactly(spec);
  }

  @Test
  @DisplayName("a time column declared as an ordinary column, or none declared, is refused")
  void timeColumnsOnlyThroughPit() {
    assertThatThrownBy(() -> table("t").columns(required(1, "event_time", Types.StringType.get())))
        .hasMessageContaining("silver.t: declare event_time with pit(...)");
    assertThatThrownBy(
            () -> table("t").columns(required(1, "symbol", Types.StringType.get())).declare())
        .hasMessageContaining(
            "silver.t: every table carries event_time, available_at and ingested_at");
    assertThatThrownBy(() -> table("t").pit(1, 2, 3).declare())
        .hasMessageContaining("silver.t: declare the columns its files are sorted by");
    assertThatThrownBy(() -> PitColumns.ids(1, 2, 2))
        .hasMessageContaining("three different field ids, got 1, 2, 2");
    assertThat(declared).isEmpty();
  }

  @Test
  @DisplayName("a table built by SQL names its file after itself; one written otherwise has none")
  void sqlFileFollowsTheTable() {
    TableSpec built = symbolTable("built").builtBy(Layer.REFERENCE).declare();
    TableSpec written = symbolTable("written").declare();

    assertThat(built.layer()).isEqualTo(Layer.REFERENCE);
    assertThat(built.sqlFile()).isEqualTo("silver/built.sql");
    assertThat(written.layer()).isNull();
    assertThatThrownBy(written::sqlFile)
        .hasMessageContaining("silver.written is not built by SQL: it has no layer");
  }

  @Test
  @DisplayName("dictionaries go only where a table says so, whatever its layout")
  void dictionariesOnlyByDeclaration() {
    TableSpec clustered = symbolTable("clustered").layout(Layout.CLUSTERED).declare();
    TableSpec without = symbolTable("without").withoutDictionaries().declare();

    assertThat(clustered.properties())
        .containsEntry(TableSpec.SORT_ON_WRITE, "true")
        .doesNotContainKey(PitlakeTables.PARQUET_DICTIONARY);
    assertThat(without.properties()).containsEntry(PitlakeTables.PARQUET_DICTIONARY, "false");
  }

  @Test
  @DisplayName("a table live commits every checkpoint keeps 20 metadata files, any other 100")
  void liveTablesKeepFewerMetadataFiles() {
    TableSpec live = symbolTable("live").liveCommits().declare();
    TableSpec other = symbolTable("other").declare();

    assertThat(live.properties())
        .containsEntry(TableProperties.METADATA_PREVIOUS_VERSIONS_MAX, "20");
    assertThat(other.properties())
        .containsEntry(TableProperties.METADATA_PREVIOUS_VERSIONS_MAX, "100");
  }

  @Test
  @DisplayName("every table is declared once, and each layer's tables in declaration order")
  void layersFollowTheDeclarations() {
    List<TableSpec> all = PitlakeTables.all();
    assertThat(all).extracting(TableSpec::id).doesNotHaveDuplicates();
    List<TableSpec> inLayers = new ArrayList<>();
    for (Layer layer : Layer.values()) {
      assertThat(layer.tables()).as("%s builds a table", layer).isNotEmpty();
      assertThat(layer.files())
          .containsExactlyElementsOf(layer.tables().stream().map(TableSpec::sqlFile).toList());
      inLayers.addAll(layer.tables());
    }
    assertThat(inLayers)
        .containsExactlyInAnyOrderElementsOf(all.stream().filter(t -> t.layer() != null).toList());
    assertThat(Layer.GOLD.files()).containsExactly("gold/bar_features_daily.sql");
    assertThat(Layer.BARS).containsExactly(Layer.SILVER, Layer.GOLD);
  }
}
