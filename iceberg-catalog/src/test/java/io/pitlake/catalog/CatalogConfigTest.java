package io.pitlake.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogConfigTest {

  @Test
  void embeddedCatalogIsSqliteInsideTheWarehouseWithASchemeQualifiedLocation() {
    CatalogConfig config = CatalogConfig.embedded(Path.of("/tmp/lake"));

    assertThat(config.name()).isEqualTo("pitlake");
    assertThat(config.isEmbedded()).isTrue();
    assertThat(config.properties())
        .containsEntry("uri", "jdbc:sqlite:/tmp/lake/catalog.db")
        .containsEntry("warehouse", "file:///tmp/lake")
        .containsEntry("catalog-impl", "org.apache.iceberg.jdbc.JdbcCatalog");
  }

  @Test
  void flinkSqlOptionsRenameTypeToCatalogType() {
    CatalogConfig rest =
        new CatalogConfig("lake", Map.of("type", "rest", "uri", "http://127.0.0.1:8181"));

    assertThat(Catalogs.flinkSqlOptions(rest))
        .containsEntry("type", "iceberg")
        .containsEntry("catalog-type", "rest")
        .containsEntry("uri", "http://127.0.0.1:8181");
  }

  @Test
  void rejectsAConfigThatNamesNoCatalog() {
    assertThatThrownBy(() -> new CatalogConfig("lake", Map.of("uri", "x")))
        .hasMessageContaining("catalog.catalog-impl or catalog.type");
    assertThatThrownBy(() -> new CatalogConfig("my-lake", Map.of("type", "rest")))
        .hasMessageContaining("'my-lake' is not a SQL identifier");
  }
}
