package io.pitlake.catalog;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;

/**
 * Which Iceberg catalog pitlake uses, described only by Iceberg's standard catalog properties.
 *
 * <p>Keeping the description to plain properties means any catalog Iceberg supports (JDBC, REST,
 * Hadoop, Glue, Nessie) is one config-file change away, and the same map configures the Java API,
 * Flink SQL's {@code CREATE CATALOG} and, later, Trino or Spark. The one exception is a REST
 * catalog's secret: the properties name where it is ({@code token-file}, {@code credential-env};
 * {@link CatalogSecret}), and only the catalog factory reads it.
 *
 * @param name the catalog name used in SQL ({@code pitlake} by default)
 * @param properties Iceberg catalog properties ({@code catalog-impl} or {@code type}, {@code uri},
 *     {@code warehouse}, {@code io-impl}, {@code jdbc.*}, ...)
 */
public record CatalogConfig(String name, Map<String, String> properties) {

  public static final String DEFAULT_NAME = "pitlake";
  public static final String CATALOG_DB = "catalog.db";

  public CatalogConfig {
    checkNotNull(name, "catalog name must not be null");
    checkArgument(
        name.matches("[A-Za-z_][A-Za-z0-9_]*"),
        "catalog name '%s' is not a SQL identifier: use letters, digits and underscores",
        name);
    checkNotNull(properties, "catalog properties must not be null");
    checkArgument(
        properties.containsKey(CatalogProperties.CATALOG_IMPL)
            || properties.containsKey(CatalogUtil.ICEBERG_CATALOG_TYPE),
        "catalog properties name no catalog: set catalog.catalog-impl or catalog.type");
    Optional<CatalogSecret> secret = CatalogSecret.in(properties);
    checkArgument(
        secret.isEmpty()
            || CatalogUtil.ICEBERG_CATALOG_TYPE_REST.equals(
                properties.get(CatalogUtil.ICEBERG_CATALOG_TYPE)),
        "catalog.%s is a REST catalog's secret: set catalog.type=rest, or drop it",
        secret.map(CatalogSecret::key).orElse(""));
    properties = Map.copyOf(new TreeMap<>(properties));
  }

  /** Where the REST catalog's token or credential is, if it needs one. */
  public Optional<CatalogSecret> secret() {
    return CatalogSecret.in(properties);
  }

  /**
   * The embedded default: an Iceberg {@code JdbcCatalog} on a SQLite file inside the warehouse, so
   * one directory holds the whole lake and nothing needs a server.
   */
  public static CatalogConfig embedded(Path warehouse) {
    Path root = warehouse.toAbsolutePath().normalize();
    Map<String, String> props = new TreeMap<>();
    props.put(CatalogProperties.CATALOG_IMPL, "org.apache.iceberg.jdbc.JdbcCatalog");
    props.put(CatalogProperties.URI, "jdbc:sqlite:" + root.resolve(CATALOG_DB));
    // A scheme-qualified location, so Trino, Spark and DuckDB can map the files too.
    props.put(CatalogProperties.WAREHOUSE_LOCATION, root.toUri().toString());
    props.put("jdbc.schema-version", "V1");
    // WAL lets readers and the committing writer share the file without SQLITE_BUSY (iceberg
    // #18043).
    props.put("jdbc.journal_mode", "WAL");
    props.put("jdbc.busy_timeout", "30000");
    return new CatalogConfig(DEFAULT_NAME, props);
  }

  /**
   * True for the embedded SQLite catalog, which must live on a local disk shared by all workers.
   */
  public boolean isEmbedded() {
    return properties.getOrDefault(CatalogProperties.URI, "").startsWith("jdbc:sqlite:");
  }
}
