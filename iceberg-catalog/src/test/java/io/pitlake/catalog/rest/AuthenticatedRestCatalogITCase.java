package io.pitlake.catalog.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pitlake.catalog.CatalogConfig;
import io.pitlake.catalog.Catalogs;
import io.pitlake.table.PitlakeTables;
import io.pitlake.table.TableBootstrap;
import io.pitlake.table.TableSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.exceptions.NotAuthorizedException;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REST server with {@code --clients}: over loopback HTTP, every route but the token endpoint
 * refuses requests without a valid token and changes nothing, a reader token reads but cannot
 * create, commit or drop, and Iceberg's own REST client gets in with a writer's token or OAuth2
 * credential.
 */
class AuthenticatedRestCatalogITCase {

  static final String WRITER_SECRET = "writer-secret-0123456789abcdef0123456789";
  static final String READER_SECRET = "reader-secret-0123456789abcdef0123456789";
  static final TableIdentifier TABLE = PitlakeTables.BRONZE_POLYGON_AGGS.id();

  @TempDir Path root;

  Catalog embedded;
  RestCatalogServer server;
  final HttpClient http = HttpClient.newHttpClient();
  final List<AutoCloseable> clients = new ArrayList<>();

  @BeforeEach
  void serve() throws IOException {
    Files.createDirectories(root.resolve("lake"));
    embedded = Catalogs.create(CatalogConfig.embedded(root.resolve("lake")));
    TableBootstrap.ensureTables(embedded, PitlakeTables.all());
    server =
        RestCatalogServer.start(
            embedded, "127.0.0.1", 0, 4, CatalogAuth.tokens(CatalogClients.load(clientsDir())));
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable client : clients) {
      client.close();
    }
    server.close();
    ((AutoCloseable) embedded).close();
  }

  @Test
  @DisplayName("anonymous and wrong-token requests of every route get 401 and change nothing")
  void everyRouteRefusesRequestsWithoutAValidToken() throws Exception {
    Map<String, Object> before = state();
    for (String authorization :
        new String[] {null, "Bearer not-a-token", "Bearer " + WRITER_SECRET + "x", "Basic Zm9v"}) {
      for (String[] request : everyRoute()) {
        HttpResponse<String> response = send(request[0], request[1], request[2], authorization);
        String what = request[0] + " " + request[1] + " with " + authorization;
        assertThat(response.statusCode()).as(what).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
            .as(what)
            .hasValue("Bearer realm=\"pitlake\"");
        if (!request[0].equals("HEAD")) {
          assertThat(response.body())
              .as(what)
              .contains("\"type\":\"NotAuthorizedException\"")
              .contains("\"code\":401")
              .doesNotContain(WRITER_SECRET)
              .doesNotContain("not-a-token");
        }
      }
    }
    assertThat(state()).as("tables, namespaces and metadata locations").isEqualTo(before);

    // The same requests are real: with the writer's token the drop goes through.
    assertThat(
            send("DELETE", "v1/namespaces/bronze/tables/polygon_aggs", "", bearer(WRITER_SECRET))
                .statusCode())
        .isEqualTo(204);
    assertThat(embedded.tableExists(TABLE)).isFalse();
  }

  @Test
  @DisplayName("a reader token lists and loads, and gets 403 on create, commit and drop")
  void aReaderReadsButCannotChangeAnything() throws Exception {
    Catalog reader = rest(Map.of("token", READER_SECRET));
    Map<String, Object> before = state();

    assertThat(((SupportsNamespaces) reader).listNamespaces()).contains(Namespace.of("bronze"));
    assertThat(reader.listTables(Namespace.of("gold"))).isNotEmpty();
    Table table = reader.loadTable(TABLE);
    assertThat(table.schema().sameSchema(embedded.loadTable(TABLE).schema())).isTrue();

    Schema schema = new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));
    assertThatThrownBy(() -> reader.createTable(TableIdentifier.of("gold", "intruder"), schema))
        .isInstanceOf(ForbiddenException.class)
        .hasMessageContaining("a reader token may not POST /v1/namespaces/gold/tables");
    assertThatThrownBy(
            () ->
                table
                    .newAppend()
                    .appendFile(
                        DataFiles.builder(table.spec())
                            .withPath(table.location() + "/data/x.parquet")
                            .withFormat(FileFormat.PARQUET)
                            .withFileSizeInBytes(10)
                            .withRecordCount(1)
                            .withPartitionPath("session_date_year=2024")
                            .build())
                    .commit())
        .isInstanceOf(ForbiddenException.class)
        .hasMessageContaining("changes need a writer token");
    assertThatThrownBy(() -> reader.dropTable(TABLE))
        .isInstanceOf(ForbiddenException.class)
        .hasMessageContaining("DELETE");
    assertThatThrownBy(() -> ((SupportsNamespaces) reader).createNamespace(Namespace.of("x")))
        .isInstanceOf(ForbiddenException.class);

    assertThat(state()).isEqualTo(before);
    assertThat(embedded.tableExists(TableIdentifier.of("gold", "intruder"))).isFalse();
  }

  @Test
  @DisplayName("Iceberg's client commits with a writer's token, or its OAuth2 client credential")
  void aWriterCommitsWithATokenOrACredential() {
    for (Map<String, String> auth :
        List.of(Map.of("token", WRITER_SECRET), Map.of("credential", "flink:" + WRITER_SECRET))) {
      Catalog writer = rest(auth);
      Table table = writer.loadTable(TABLE);
      long before = table.snapshots().spliterator().getExactSizeIfKnown();
      table
          .newAppend()
          .appendFile(
              DataFiles.builder(table.spec())
                  .withPath(table.location() + "/data/" + auth.keySet() + ".parquet")
                  .withFormat(FileFormat.PARQUET)
                  .withFileSizeInBytes(10)
                  .withRecordCount(3)
                  .withPartitionPath("session_date_year=2024")
                  .build())
          .commit();
      Table local = embedded.loadTable(TABLE);
      assertThat(local.currentSnapshot().snapshotId())
          .as("%s", auth.keySet())
          .isEqualTo(table.currentSnapshot().snapshotId());
      assertThat(local.snapshots()).hasSize((int) before + 1);
    }
  }

  @Test
  @DisplayName("pitlake's catalog factory reads a writer token or credential from a file")
  void pitlakesCatalogFactoryReadsTheSecretFromAFile() throws Exception {
    Path token = root.resolve("writer-token");
    Files.writeString(token, WRITER_SECRET + "\n");
    Path credential = root.resolve("writer-credential");
    Files.writeString(credential, "flink:" + WRITER_SECRET + "\n");
    for (Map<String, String> secret :
        List.of(
            Map.of("token-file", token.toString()), Map.of("credential-file", "" + credential))) {
      Map<String, String> props = new LinkedHashMap<>(secret);
      props.put("type", "rest");
      props.put("uri", server.uri().toString());
      CatalogConfig config = new CatalogConfig("lake", props);
      Catalog catalog = Catalogs.create(config);
      clients.add((AutoCloseable) catalog);
      assertThat(catalog.loadTable(TABLE).schema().columns()).isNotEmpty();
      Catalog loaded = Catalogs.loader(config).loadCatalog();
      clients.add((AutoCloseable) loaded);
      loaded.loadTable(TABLE).updateProperties().set("touched-by", secret.keySet() + "").commit();
      assertThat(embedded.loadTable(TABLE).properties())
          .containsEntry("touched-by", secret.keySet() + "");
      assertThat(embedded.loadTable(TABLE).properties().values()).doesNotContain(WRITER_SECRET);
    }
    Files.writeString(token, READER_SECRET);
    Catalog reader =
        Catalogs.create(
            new CatalogConfig(
                "lake",
                Map.of("type", "rest", "uri", "" + server.uri(), "token-file", "" + token)));
    clients.add((AutoCloseable) reader);
    assertThatThrownBy(() -> reader.dropTable(TABLE))
        .isInstanceOf(ForbiddenException.class)
        .hasMessageNotContaining(READER_SECRET);
    Files.writeString(token, "wrong-" + READER_SECRET);
    assertThatThrownBy(
            () ->
                Catalogs.create(
                    new CatalogConfig(
                        "lake",
                        Map.of(
                            "type", "rest", "uri", "" + server.uri(), "token-file", "" + token))))
        .isInstanceOf(NotAuthorizedException.class)
        .hasMessageNotContaining(READER_SECRET);
  }

  @Test
  @DisplayName("the token endpoint issues tokens for credentials, refreshes them, refuses others")
  void theTokenEndpointSpeaksOAuth2ClientCredentials() throws Exception {
    HttpResponse<String> wrong =
        send(
            "POST",
            "v1/oauth/tokens",
            "grant_type=client_credentials&client_id=flink&client_secret=" + READER_SECRET,
            null);
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).contains("\"error\":\"invalid_client\"").doesNotContain(READER_SECRET);

    HttpResponse<String> unsupported = send("POST", "v1/oauth/tokens", "grant_type=password", null);
    assertThat(unsupported.statusCode()).isEqualTo(400);
    assertThat(unsupported.body()).contains("unsupported_grant_type");

    String token =
        token("grant_type=client_credentials&client_id=trino&client_secret=" + READER_SECRET);
    assertThat(send("GET", "v1/namespaces", "", bearer(token)).statusCode()).isEqualTo(200);
    assertThat(send("DELETE", "v1/namespaces/gold", "", bearer(token)).statusCode())
        .as("an exchanged reader token is still a reader's")
        .isEqualTo(403);

    String refreshed =
        token(
            "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange&subject_token="
                + token
                + "&subject_token_type=urn%3Aietf%3Aparams%3Aoauth%3Atoken-type%3Aaccess_token");
    assertThat(refreshed).isNotEqualTo(token);
    assertThat(send("GET", "v1/config", "", bearer(refreshed)).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("an open server binds loopback only; anything else needs clients")
  void anOpenServerRefusesAnyAddressButLoopback() {
    assertThatThrownBy(() -> RestCatalogServer.start(embedded, "0.0.0.0", 0, 1, CatalogAuth.open()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("refusing to serve 0.0.0.0 without tokens")
        .hasMessageContaining("--clients DIR");
  }

  /** One request per route family: method, path, body. Bodies are valid, so a 401 is the gate. */
  private static List<String[]> everyRoute() {
    String update =
        "{\"requirements\":[],\"updates\":[{\"action\":\"set-properties\",\"updates\":{\"a\":\"b\"}}]}";
    String table =
        "{\"name\":\"intruder\",\"schema\":{\"type\":\"struct\",\"schema-id\":0,\"fields\":"
            + "[{\"id\":1,\"name\":\"id\",\"required\":true,\"type\":\"long\"}]}}";
    String rename =
        "{\"source\":{\"namespace\":[\"bronze\"],\"name\":\"polygon_aggs\"},"
            + "\"destination\":{\"namespace\":[\"bronze\"],\"name\":\"renamed\"}}";
    String tablePath = "v1/namespaces/bronze/tables/polygon_aggs";
    return List.of(
        new String[] {"GET", "v1/config", ""},
        new String[] {"GET", "v1/namespaces", ""},
        new String[] {"POST", "v1/namespaces", "{\"namespace\":[\"intruder\"]}"},
        new String[] {"GET", "v1/namespaces/bronze", ""},
        new String[] {"HEAD", "v1/namespaces/bronze", ""},
        new String[] {"DELETE", "v1/namespaces/gold", ""},
        new String[] {"POST", "v1/namespaces/bronze/properties", "{\"updates\":{\"a\":\"b\"}}"},
        new String[] {"GET", "v1/namespaces/bronze/tables", ""},
        new String[] {"POST", "v1/namespaces/bronze/tables", table},
        new String[] {"GET", tablePath, ""},
        new String[] {"HEAD", tablePath, ""},
        new String[] {"POST", tablePath, update},
        new String[] {"DELETE", tablePath, ""},
        new String[] {"DELETE", tablePath + "?purgeRequested=true", ""},
        new String[] {"POST", tablePath + "/metrics", "{}"},
        new String[] {"POST", "v1/tables/rename", rename},
        new String[] {
          "POST", "v1/namespaces/bronze/register", "{\"name\":\"x\",\"metadata-location\":\"/x\"}"
        },
        new String[] {"GET", "v1/namespaces/bronze/views", ""},
        new String[] {"DELETE", "v1/namespaces/bronze/views/v", ""},
        new String[] {"GET", "v1/nowhere", ""});
  }

  /** Namespaces with their properties, and every table's metadata location. */
  private Map<String, Object> state() {
    SupportsNamespaces namespaces = (SupportsNamespaces) embedded;
    Map<String, Object> state = new LinkedHashMap<>();
    for (Namespace ns : namespaces.listNamespaces()) {
      state.put(ns.toString(), namespaces.loadNamespaceMetadata(ns));
      for (TableIdentifier id : embedded.listTables(ns)) {
        state.put(
            id.toString(),
            ((org.apache.iceberg.HasTableOperations) embedded.loadTable(id))
                .operations()
                .current()
                .metadataFileLocation());
      }
    }
    assertThat(state).containsKey(TABLE.toString());
    for (TableSpec spec : PitlakeTables.all()) {
      assertThat(state).containsKey(spec.id().toString());
    }
    return state;
  }

  private Catalog rest(Map<String, String> auth) {
    Map<String, String> props = new LinkedHashMap<>(auth);
    props.put("type", "rest");
    props.put("uri", server.uri().toString());
    Catalog catalog = CatalogUtil.buildIcebergCatalog("lake", props, new Configuration());
    clients.add((AutoCloseable) catalog);
    return catalog;
  }

  private String token(String form) throws Exception {
    HttpResponse<String> response = send("POST", "v1/oauth/tokens", form, null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body())
        .contains("\"token_type\":\"bearer\"")
        .contains("\"expires_in\":3600");
    return response.body().replaceFirst(".*\"access_token\":\"([^\"]+)\".*", "$1");
  }

  private HttpResponse<String> send(String method, String path, String body, String authorization)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(server.uri() + path))
            .method(
                method,
                body.isEmpty()
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (path.equals("v1/oauth/tokens")) {
      request.header("Content-Type", "application/x-www-form-urlencoded");
    } else if (!body.isEmpty()) {
      request.header("Content-Type", "application/json");
    }
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String bearer(String token) {
    return "Bearer " + token;
  }

  private Path clientsDir() throws IOException {
    Path dir = root.resolve("clients");
    Files.createDirectories(dir.resolve("writer"));
    Files.createDirectories(dir.resolve("reader"));
    Files.writeString(dir.resolve("writer/flink"), WRITER_SECRET + "\n");
    Files.writeString(dir.resolve("reader/trino"), READER_SECRET + "\n");
    // What a Kubernetes Secret volume holds besides its keys.
    Files.createDirectories(dir.resolve("reader/..2026_12_06_00_00_00.000000001"));
    return dir;
  }
}
