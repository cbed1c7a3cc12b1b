package io.pitlake.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.table.TableSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Looks for secrets in what a run left behind. */
public final class SecretScan {

  private SecretScan() {}

  /** Fails naming the table and row when any value of any row of {@code tables} holds a secret. */
  public static void assertNoRowHolds(Lake lake, Collection<TableSpec> tables, String... secrets) {
    for (TableSpec table : tables) {
      for (Map<String, Object> row : lake.rows(table)) {
        for (Object value : row.values()) {
          for (String secret : secrets) {
            assertThat(String.valueOf(value))
                .as("%s.%s row %s", table.namespace(), table.name(), row)
                .doesNotContain(secret);
          }
        }
      }
    }
  }

  /**
   * Fails naming the file when any file under {@code dir} (table metadata JSON with its properties
   * and snapshot summaries, manifests, data files, the catalog database) holds a secret byte for
   * byte.
   */
  public static void assertNoFileHolds(Path dir, String... secrets) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertThat(files).as("files under %s", dir).isNotEmpty();
    for (Path file : files) {
      String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
      for (String secret : secrets) {
        assertThat(bytes.contains(secret)).as("%s holds a secret", file).isFalse();
      }
    }
  }
}
