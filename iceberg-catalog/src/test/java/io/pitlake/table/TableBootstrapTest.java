package io.pitlake.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.pitlake.catalog.CatalogConfig;
import io.pitlake.catalog.Catalogs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TableBootstrapTest {

  @TempDir Path warehouse;

  @Test
  void createsEveryTableOnceWithItsDefinition() throws Exception {
    Catalog catalog = Catalogs.create(CatalogConfig.embedded(warehouse));

    assertThat(TableBootstrap.ensureTables(catalog, PitlakeTables.all()))
        .containsExactly(
            "bronze.polygon_aggs",
            "silver.bars_daily",
            "silver.quarantine",
            "silver.news",
            "silver.ticker_history",
            "silver.security_master",
            "gold.universe_daily",
            "silver.vendor_bars",
            "bronze.polygon_ws",
            "bronze.alpaca_ws",
            "bronze.feed_outages",
            "silver.minute_bars",
            "silver.trades",
            "gold.bar_features_minute",
            "silver.corporate_actions",
            "silver.sec_filings",
            "gold.bar_features_daily",
            "gold.adjustment_factors",
            "gold.price_dq",
            "silver.fundamental_facts",
            "gold.fundamentals_pit",
            "gold.fundamentals_dq",
            "gold.panel_daily",
            "gold.features_daily",
            "gold.cross_section_daily",
            "silver.index_membership",
            "gold.dq_results",
            "silver.option_contracts",
            "silver.option_bars_daily",
            "silver.option_contract_links",
            "gold.option_features_daily",
            "gold.iv_surface_daily");
    assertThat(TableBootstrap.ensureTables(catalog, PitlakeTables.all())).isEmpty();
    assertThat(warehouse.resolve(CatalogConfig.CATALOG_DB)).exists();

    for (TableSpec spec : PitlakeTables.all()) {
      Table table = catalog.loadTable(spec.id());
      assertThat(table.schema().sameSchema(spec.schema())).as(spec.name()).isTrue();
      assertThat(table.schema().identifierFieldNames())
          .isEqualTo(spec.schema().identifierFieldNames());
      assertThat(table.spec().fields()).hasSameSizeAs(spec.partitionSpec().fields());
      assertThat(table.sortOrder().fields()).hasSameSizeAs(spec.sortOrder().fields());
      assertThat(table.properties()).containsEntry(TableProperties.PARQUET_COMPRESSION, "zstd");
      assertThat(((HasTableOperations) table).operations().current().formatVersion()).isEqualTo(2);
      assertThat(table.location()).startsWith("file:");
    }
    if (catalog instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }

  @Test
  void everyTableIsInsertOnly() {
    for (TableSpec spec : PitlakeTables.all()) {
      assertThat(spec.schema().identifierFieldIds())
          .as("%s: identifier fields", spec.id())
          .isEmpty();
      assertThat(spec.properties())
          .as("%s: upsert", spec.id())
          .containsEntry(TableProperties.UPSERT_ENABLED, "false");
    }
  }

  @Test
  void addsTheColumnsAnOlderPitlakeDidNotWrite() throws Exception {
    Catalog catalog = Catalogs.create(CatalogConfig.embedded(warehouse));
    TableSpec spec = PitlakeTables.GOLD_PRICE_DQ;
    Schema older =
        new Schema(
            spec.schema().columns().stream()
                .filter(f -> !f.name().equals("event_time") && !f.name().equals("ingested_at"))
                .toList(),
            spec.schema().identifierFieldIds());
    TableBootstrap.ensureTables(catalog, PitlakeTables.all().subList(0, 1));
    catalog.buildTable(spec.id(), older).withProperties(spec.properties()).create();

    TableBootstrap.ensureTables(catalog, List.of(spec));

    Schema migrated = catalog.loadTable(spec.id()).schema();
    assertThat(migrated.findField("event_time")).isNotNull();
    assertThat(migrated.findField("ingested_at").type()).isEqualTo(Types.TimestampType.withZone());
    assertThat(migrated.findField("ingested_at").isOptional()).isTrue();
    assertThat(TableBootstrap.migrate(catalog.loadTable(spec.id()), spec)).isEmpty();
    if (catalog instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }

  @Test
  void bringsAnOlderLayoutToTheDefinitionsPropertiesAndSortOrderInOneMetadataCommit()
      throws Exception {
    Catalog catalog = Catalogs.create(CatalogConfig.embedded(warehouse));
    TableSpec spec = PitlakeTables.SILVER_BARS_DAILY;
    assertThat(spec.properties()).containsEntry(TableSpec.SORT_ON_WRITE, "true");
    String droppedStats = TableProperties.PARQUET_COLUMN_STATS_ENABLED_PREFIX + "no_such_column";
    Schema older =
        new Schema(
            spec.schema().columns().stream().filter(f -> !f.name().equals("ingested_at")).toList());
    ((SupportsNamespaces) catalog).createNamespace(spec.id().namespace());
    Table old =
        catalog
            .buildTable(spec.id(), older)
            .withPartitionSpec(spec.partitionSpec())
            .withProperty(TableProperties.UPSERT_ENABLED, "false")
            .withProperty(TableProperties.WRITE_TARGET_FILE_SIZE_BYTES, "134217728")
            .withProperty(droppedStats, "false")
            .create();
    // A data file of the older layout (its entry only: the migration must not read or touch it).
    old.newAppend()
        .appendFile(
            DataFiles.builder(old.spec())
                .withPath(warehouse.resolve("old-layout.parquet").toString())
                .withPartitionPath(old.spec().fields().get(0).name() + "=54")
                .withFileSizeInBytes(4_500_000)
                .withRecordCount(126_000)
                .build())
        .commit();
    long snapshot = old.currentSnapshot().snapshotId();
    int versions = metadataVersions(old);

    TableBootstrap.ensureTables(catalog, List.of(spec));

    Table migrated = catalog.loadTable(spec.id());
    spec.properties().entrySet().stream()
        .filter(e -> !TableProperties.RESERVED_PROPERTIES.contains(e.getKey()))
        .forEach(e -> assertThat(migrated.properties()).containsEntry(e.getKey(), e.getValue()));
    assertThat(migrated.properties()).doesNotContainKey(droppedStats);
    assertThat(migrated.schema().findField("ingested_at")).isNotNull();
    assertThat(migrated.sortOrder().fields())
        .extracting(f -> migrated.schema().findColumnName(f.sourceId()))
        .containsExactlyElementsOf(
            spec.sortOrder().fields().stream()
                .map(f -> spec.schema().findColumnName(f.sourceId()))
                .toList());
    // Schema, properties and sort order in one metadata commit; no snapshot, the data file kept.
    assertThat(metadataVersions(migrated)).isEqualTo(versions + 1);
    assertThat(migrated.currentSnapshot().snapshotId()).isEqualTo(snapshot);
    assertThat(migrated.snapshots()).hasSize(1);
    String location = ((HasTableOperations) migrated).operations().current().metadataFileLocation();

    TableBootstrap.ensureTables(catalog, List.of(spec));

    Table again = catalog.loadTable(spec.id());
    assertThat(((HasTableOperations) again).operations().current().metadataFileLocation())
        .as("a second bootstrap commits nothing")
        .isEqualTo(location);
    assertThat(TableBootstrap.migrate(again, spec)).isEmpty();
    if (catalog instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }

  /** The table's metadata versions so far: one per metadata commit. */
  private static int metadataVersions(Table table) {
    return ((HasTableOperations) table).operations().current().previousFiles().size() + 1;
  }

  @Test
  void writesTheBarsChainFeedsAndFeatureLibraryWithoutDictionariesAndTheBarsBySymbolBloomFilter()
      throws Exception {
    Catalog catalog = Catalogs.create(CatalogConfig.embedded(warehouse));
    TableSpec features = PitlakeTables.GOLD_FEATURES_DAILY;
    TableSpec silver = PitlakeTables.SILVER_BARS_DAILY;
    String bloom = TableProperties.PARQUET_BLOOM_FILTER_COLUMN_ENABLED_PREFIX;
    ((SupportsNamespaces) catalog).createNamespace(features.id().namespace());
    ((SupportsNamespaces) catalog).createNamespace(silver.id().namespace());
    catalog
        .buildTable(features.id(), features.schema())
        .withPartitionSpec(features.partitionSpec())
        .withProperty(TableProperties.UPSERT_ENABLED, "false")
        .withProperty(TableProperties.PARQUET_ROW_GROUP_SIZE_BYTES, "131072")
        .create();
    // An older lake's silver: dictionaries on (no property) and a bloom filter on another column.
    catalog
        .buildTable(silver.id(), silver.schema())
        .withPartitionSpec(silver.partitionSpec())
        .withProperty(TableProperties.UPSERT_ENABLED, "false")
        .withProperty(bloom + "vendor", "true")
        .create();

    TableBootstrap.ensureTables(catalog, List.of(features, silver));

    assertThat(catalog.loadTable(features.id()).properties())
        .containsEntry(TableProperties.PARQUET_ROW_GROUP_SIZE_BYTES, "1048576")
        .containsEntry(PitlakeTables.PARQUET_DICTIONARY, "false")
        .doesNotContainKey(bloom + "symbol");
    assertThat(catalog.loadTable(silver.id()).properties())
        .containsEntry(PitlakeTables.PARQUET_DICTIONARY, "false")
        .containsEntry(bloom + "symbol", "true")
        .containsEntry(TableProperties.PARQUET_BLOOM_FILTER_COLUMN_NDV_PREFIX + "symbol", "16")
        .doesNotContainKey(bloom + "vendor");
    assertThat(
            PitlakeTables.all().stream()
                .filter(spec -> spec.properties().containsKey(PitlakeTables.PARQUET_DICTIONARY))
                .map(spec -> spec.id().toString()))
        .containsExactlyInAnyOrder(
            "bronze.polygon_aggs",
            "silver.bars_daily",
            "gold.bar_features_daily",
            "bronze.polygon_ws",
            "bronze.alpaca_ws",
            "silver.trades",
            "gold.features_daily");
    if (catalog instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }

  @Test
  void refusesATableWhoseColumnTypeDiffersAndNamesTheFix() throws Exception {
    Catalog catalog = Catalogs.create(CatalogConfig.embedded(warehouse));
    TableSpec spec = PitlakeTables.GOLD_PRICE_DQ;
    Schema other =
        new Schema(
            spec.schema().columns().stream()
                .map(
                    f ->
                        f.name().equals("observed")
                            ? Types.NestedField.optional(
                                f.fieldId(), "observed", Types.StringType.get())
                            : f)
                .toList(),
            spec.schema().identifierFieldIds());
    TableBootstrap.ensureTables(catalog, PitlakeTables.all().subList(0, 1));
    catalog.buildTable(spec.id(), other).withProperties(spec.properties()).create();

    assertThatThrownBy(() -> TableBootstrap.ensureTables(catalog, List.of(spec)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("table gold.price_dq has column observed of type string")
        .hasMessageContaining("fresh --warehouse");
    if (catalog instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }

  /** Insert-only tables and the end columns their keyed versions stored. */
  static Stream<Arguments> keyedPredecessors() {
    return Stream.of(
        Arguments.of(PitlakeTables.SILVER_BARS_DAILY, List.of("superseded_at")),
        Arguments.of(
            PitlakeTables.SILVER_SECURITY_MASTER, List.of("valid_to", "valid_to_available_at")),
        Arguments.of(PitlakeTables.SILVER_FUNDAMENTAL_FACTS, List.of("superseded_at")),
        Arguments.of(PitlakeTables.GOLD_FUNDAMENTALS_PIT, List.of("superseded_at")),
        Arguments.of(PitlakeTables.GOLD_FUNDAMENTALS_DQ, List.of("superseded_at")));
  }

  @ParameterizedTest
  @MethodSource("keyedPredecessors")
  void turnsAnOlderKeyedTableIntoTheInsertOnlyOne(TableSpec spec, List<String> ends)
      throws Exception {
    Catalog catalog = Catalogs.create(CatalogConfig.embedded(warehouse));
    List<Types.NestedField> columns = new ArrayList<>(spec.schema().columns());
    for (int i = 0; i < ends.size(); i++) {
      columns.add(Types.NestedField.optional(90 + i, ends.get(i), Types.TimestampType.withZone()));
    }
    Schema keyed = new Schema(columns, Set.of(1, 2, 3));
    ((SupportsNamespaces) catalog).createNamespace(spec.id().namespace());
    catalog
        .buildTable(spec.id(), keyed)
        .withProperty(TableProperties.UPSERT_ENABLED, "true")
        .create();

    TableBootstrap.ensureTables(catalog, List.of(spec));

    Table migrated = catalog.loadTable(spec.id());
    ends.forEach(end -> assertThat(migrated.schema().findField(end)).as(end).isNull());
    assertThat(migrated.schema().identifierFieldNames()).isEmpty();
    assertThat(migrated.properties()).containsEntry(TableProperties.UPSERT_ENABLED, "false");
    assertThat(migrated.schema().columns())
        .extracting(Types.NestedField::name, Types.NestedField::type)
        .containsExactlyElementsOf(
            spec.schema().columns().stream().map(f -> tuple(f.name(), f.type())).toList());
    if (catalog instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }

  @Test
  void anOlderLakesLiveTableKeepsFewerMetadataFiles() throws Exception {
    Catalog catalog = Catalogs.create(CatalogConfig.embedded(warehouse));
    TableSpec live = PitlakeTables.SILVER_BARS_DAILY;
    ((SupportsNamespaces) catalog).createNamespace(live.id().namespace());
    catalog
        .buildTable(live.id(), live.schema())
        .withPartitionSpec(live.partitionSpec())
        .withProperty(TableProperties.UPSERT_ENABLED, "false")
        .withProperty(TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED, "true")
        .withProperty(TableProperties.METADATA_PREVIOUS_VERSIONS_MAX, "100")
        .create();
    assertThat(PitlakeTables.GOLD_PANEL_DAILY.properties())
        .as("a table live does not write keeps Iceberg's default")
        .containsEntry(TableProperties.METADATA_PREVIOUS_VERSIONS_MAX, "100");

    TableBootstrap.ensureTables(catalog, List.of(live));

    Table table = catalog.loadTable(live.id());
    assertThat(table.properties())
        .containsEntry(TableProperties.METADATA_PREVIOUS_VERSIONS_MAX, "20")
        .containsEntry(TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED, "true");
    for (int i = 0; i < 30; i++) {
      table.newFastAppend().commit();
    }
    try (Stream<Path> files =
        java.nio.file.Files.list(Path.of(java.net.URI.create(table.location() + "/metadata")))) {
      assertThat(files.filter(f -> f.toString().endsWith(".metadata.json")))
          .as("the current metadata.json and 20 previous ones")
          .hasSize(21);
    }
    if (catalog instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }
}
