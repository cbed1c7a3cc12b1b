package io.pitlake.catalog.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pitlake.catalog.CatalogConfig;
import io.pitlake.catalog.Catalogs;
import io.pitlake.table.PitlakeTables;
import io.pitlake.table.TableBootstrap;
import io.pitlake.table.TableSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REST server in front of the embedded catalog, driven by Iceberg's own REST client over
 * loopback HTTP: what a REST client sees and commits is exactly what the embedded catalog holds.
 */
class RestCatalogServerITCase {

  @TempDir Path warehouse;

  Catalog embedded;
  RestCatalogServer server;
  Catalog rest;

  @BeforeEach
  void serve() {
    embedded = Catalogs.create(CatalogConfig.embedded(warehouse));
    TableBootstrap.ensureTables(embedded, PitlakeTables.all());
    server = RestCatalogServer.start(embedded, "127.0.0.1", 0, 4, CatalogAuth.open());
    rest =
        CatalogUtil.buildIcebergCatalog(
            "lake", Map.of("type", "rest", "uri", server.uri().toString()), new Configuration());
  }

  @AfterEach
  void stop() throws Exception {
    ((AutoCloseable) rest).close();
    server.close();
    ((AutoCloseable) embedded).close();
  }

  @Test
  void aRestClientSeesEveryNamespaceTableAndSchema() {
    assertThat(server.uri().getHost()).isEqualTo("127.0.0.1");
    assertThat(((SupportsNamespaces) rest).listNamespaces())
        .containsExactlyInAnyOrder(
            Namespace.of("bronze"), Namespace.of("silver"), Namespace.of("gold"));
    for (TableSpec spec : PitlakeTables.all()) {
      Table viaRest = rest.loadTable(spec.id());
      Table local = embedded.loadTable(spec.id());
      assertThat(viaRest.schema().sameSchema(local.schema())).as(spec.name()).isTrue();
      assertThat(viaRest.spec()).isEqualTo(local.spec());
      assertThat(viaRest.location()).isEqualTo(local.location()).startsWith("file:/");
    }
    assertThat(rest.listTables(Namespace.of("silver")))
        .contains(PitlakeTables.SILVER_BARS_DAILY.id(), PitlakeTables.SILVER_QUARANTINE.id())
        .containsExactlyInAnyOrderElementsOf(
            PitlakeTables.all().stream()
                .filter(spec -> spec.namespace().equals(PitlakeTables.SILVER))
                .map(TableSpec::id)
                .toList());
  }

  @Test
  void commitsThroughRestLandInTheEmbeddedCatalogAndBack() {
    TableIdentifier id = PitlakeTables.BRONZE_POLYGON_AGGS.id();
    Table viaRest = rest.loadTable(id);
    viaRest.newAppend().appendFile(dataFile(viaRest, "a.parquet", 10)).commit();

    Table local = embedded.loadTable(id);
    assertThat(local.currentSnapshot().snapshotId())
        .isEqualTo(viaRest.currentSnapshot().snapshotId());
    assertThat(local.currentSnapshot().summary()).containsEntry("added-records", "10");

    local.newAppend().appendFile(dataFile(local, "b.parquet", 5)).commit();
    Table reloaded = rest.loadTable(id);
    assertThat(reloaded.currentSnapshot().summary()).containsEntry("total-records", "15");
    assertThat(reloaded.history()).hasSize(2);
  }

  @Test
  void missingTablesAndUnknownPathsAreProtocolErrors() throws Exception {
    TableIdentifier missing = TableIdentifier.of("gold", "no_such_table");
    assertThat(rest.tableExists(missing)).isFalse();
    assertThatThrownBy(() -> rest.loadTable(missing))
        .isInstanceOf(NoSuchTableException.class)
        .hasMessageContaining("no_such_table");

    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(server.uri() + "v1/nowhere")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).contains("\"code\":404").contains("/v1/nowhere");
  }

  private static DataFile dataFile(Table table, String name, long records) {
    return DataFiles.builder(table.spec())
        .withPath(table.location() + "/data/" + name)
        .withFormat(FileFormat.PARQUET)
        .withFileSizeInBytes(1024)
        .withRecordCount(records)
        .withPartitionPath(table.spec().isUnpartitioned() ? "" : "session_date_year=2024")
        .build();
  }
}
