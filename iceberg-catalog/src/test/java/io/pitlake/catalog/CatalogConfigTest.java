package io.pitlake.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.iceberg.flink.CatalogLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  @Test
  void refusesARestSecretWrittenInTheConfig() {
    for (String property : CatalogSecret.PROPERTIES) {
      assertThatThrownBy(
              () ->
                  new CatalogConfig(
                      "lake", Map.of("type", "rest", property, "inline-secret-value-1234")))
          .hasMessageContaining("catalog." + property + " holds a secret in the config file")
          .hasMessageContaining("catalog." + property + "-file=PATH")
          .hasMessageNotContaining("inline-secret-value-1234");
    }
    assertThatThrownBy(
            () ->
                new CatalogConfig(
                    "lake", Map.of("type", "rest", "token-file", "/a", "credential-env", "B")))
        .hasMessageContaining("both name the catalog's secret: keep one");
    assertThatThrownBy(
            () ->
                new CatalogConfig(
                    "lake",
                    Map.of(
                        "catalog-impl", "org.apache.iceberg.jdbc.JdbcCatalog", "token-file", "/a")))
        .hasMessageContaining(
            "catalog.token-file is a REST catalog's secret: set catalog.type=rest");
  }

  @Test
  void theLoaderCarriesWhereTheSecretIsNeverTheSecret(@TempDir Path dir) throws Exception {
    String secret = "catalog-secret-5a1e0c8b9d2f4e67a8b1";
    Path file = dir.resolve("token");
    Files.writeString(file, secret + "\n");
    CatalogConfig config =
        new CatalogConfig(
            "lake",
            Map.of("type", "rest", "uri", "http://127.0.0.1:1/", "token-file", file.toString()));

    assertThat(config.secret()).hasValue(new CatalogSecret("token", "token-file", file.toString()));
    assertThat(config.secret().orElseThrow().resolve()).isEqualTo(secret);
    CatalogLoader loader = Catalogs.loader(config);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(loader);
    }
    assertThat(bytes.toString(StandardCharsets.ISO_8859_1))
        .as("the serialized loader, as the job graph holds it")
        .contains(file.toString())
        .doesNotContain(secret);
    assertThat(loader.toString()).contains("token-file").doesNotContain(secret);
    assertThat(config.toString()).doesNotContain(secret);
    assertThat(Catalogs.flinkSqlOptions(config).values()).doesNotContain(secret);
  }

  @Test
  void aMissingSecretNamesItsLocationAndTheFix(@TempDir Path dir) {
    Path missing = dir.resolve("nothing-here");
    CatalogConfig file =
        new CatalogConfig(
            "lake",
            Map.of("type", "rest", "uri", "http://127.0.0.1:1/", "token-file", "" + missing));
    assertThatThrownBy(() -> Catalogs.create(file))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("catalog.token-file: cannot read " + missing)
        .hasMessageContaining("mount it where pitlake runs");
    CatalogConfig env =
        new CatalogConfig(
            "lake",
            Map.of(
                "type",
                "rest",
                "uri",
                "http://127.0.0.1:1/",
                "credential-env",
                "PITLAKE_TEST_UNSET_VARIABLE"));
    assertThatThrownBy(() -> Catalogs.create(env))
        .hasMessageContaining(
            "catalog.credential-env: the environment variable PITLAKE_TEST_UNSET_VARIABLE is not"
                + " set");
  }
}
