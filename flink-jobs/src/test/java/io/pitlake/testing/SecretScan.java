package io.pitlake.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.table.TableSpec;
import java.util.Collection;
import java.util.Map;

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
}
