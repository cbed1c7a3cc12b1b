package io.pitlake.catalog.rest;

import java.util.List;
import java.util.Locale;

/**
 * What a client of the REST catalog may do. Two roles, because the lake has two kinds of users:
 * pitlake's Flink jobs, which create and commit tables, and query engines (Trino, Spark, Python),
 * which only read. A finer grain (per namespace or table) would need a policy store that nobody
 * here maintains; two roles close the hole that matters: a reader that drops or rewrites a table.
 */
public enum CatalogRole {
  /** Every {@code GET} and {@code HEAD} (config, list, load, exists) and scan metrics reports. */
  READER,
  /** Everything, including creates, commits, renames and drops. */
  WRITER;

  /** The role's directory under {@code --clients} and its name in messages. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Whether this role may make the request {@code method} on {@code path} (the segments after
   * {@code /v1}). A reader's engine reports scan metrics with a {@code POST} that changes nothing
   * ({@code .../tables/{table}/metrics}); refusing it would make every Trino or Spark read log a
   * warning, so it counts as a read.
   */
  boolean allows(String method, List<String> path) {
    if (this == WRITER || method.equals("GET") || method.equals("HEAD")) {
      return true;
    }
    return method.equals("POST")
        && path.size() == 5
        && path.get(0).equals("namespaces")
        && path.get(2).equals("tables")
        && path.get(4).equals("metrics");
  }
}
