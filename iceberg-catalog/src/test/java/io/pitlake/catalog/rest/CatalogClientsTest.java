package io.pitlake.catalog.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogClientsTest {

  static final String SECRET = "0123456789abcdef0123456789abcdef-a";

  @TempDir Path dir;

  @Test
  void readsOneClientPerFileUnderItsRoleAndSkipsDotEntries() throws IOException {
    write("writer/flink", SECRET);
    write("reader/trino", SECRET + "b");
    write("reader/..data/ignored", "short");

    CatalogClients clients = CatalogClients.load(dir);

    assertThat(clients.count(CatalogRole.WRITER)).isOne();
    assertThat(clients.count(CatalogRole.READER)).isOne();
    assertThat(clients.withSecret(SECRET).map(CatalogClient::id)).hasValue("flink");
    assertThat(clients.withCredentials("trino", SECRET + "b").map(CatalogClient::role))
        .hasValue(CatalogRole.READER);
    assertThat(clients.withCredentials("trino", SECRET)).isEmpty();
    assertThat(clients.withSecret(SECRET.substring(1))).isEmpty();
  }

  @Test
  void everyMistakeNamesTheFileAndTheFixButNeverTheSecret() throws IOException {
    write("writer/flink", "too-short-secret");
    assertThatThrownBy(() -> CatalogClients.load(dir))
        .hasMessageContaining("the secret file " + dir.resolve("writer/flink"))
        .hasMessageContaining("openssl rand -hex 32")
        .hasMessageNotContaining("too-short-secret");

    write("writer/flink", SECRET);
    write("admin/root", SECRET + "c");
    assertThatThrownBy(() -> CatalogClients.load(dir))
        .hasMessageContaining("unexpected entry admin: only the directories reader/ and writer/");

    Files.delete(dir.resolve("admin/root"));
    Files.delete(dir.resolve("admin"));
    write("reader/flink", SECRET + "d");
    assertThatThrownBy(() -> CatalogClients.load(dir))
        .hasMessageContaining("client flink is both a reader and a writer");

    Files.delete(dir.resolve("reader/flink"));
    write("reader/trino", SECRET);
    assertThatThrownBy(() -> CatalogClients.load(dir))
        .hasMessageContaining("has the same secret as another client")
        .hasMessageNotContaining(SECRET);
  }

  @Test
  void anEmptyOrMissingDirectoryIsRefused() {
    assertThatThrownBy(() -> CatalogClients.load(dir))
        .hasMessageContaining("holds no client: write a secret to " + dir + "/writer/<name>");
    assertThatThrownBy(() -> CatalogClients.load(dir.resolve("missing")))
        .hasMessageContaining("no such directory");
  }

  @Test
  void aReaderMayReadAndReportMetricsOnly() {
    List<String> table = List.of("namespaces", "gold", "tables", "t");
    assertThat(CatalogRole.READER.allows("GET", table)).isTrue();
    assertThat(CatalogRole.READER.allows("HEAD", table)).isTrue();
    assertThat(
            CatalogRole.READER.allows(
                "POST", List.of("namespaces", "gold", "tables", "t", "metrics")))
        .isTrue();
    for (String method : List.of("POST", "DELETE", "PUT")) {
      assertThat(CatalogRole.READER.allows(method, table)).as(method).isFalse();
      assertThat(CatalogRole.WRITER.allows(method, table)).as(method).isTrue();
    }
  }

  private void write(String path, String secret) throws IOException {
    Files.createDirectories(dir.resolve(path).getParent());
    Files.writeString(dir.resolve(path), secret + "\n");
  }
}
