package io.pitlake.catalog;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.io.CloseableIterable;

/**
 * The only place that turns a {@link CatalogConfig} into a catalog, for each consumer: the Java
 * API, Flink's serializable {@link CatalogLoader}, and Flink SQL's {@code CREATE CATALOG} options.
 */
public final class Catalogs {

  private Catalogs() {}

  /**
   * Builds a live catalog for driver-side work (table creation, listings, maintenance), and for
   * operators through {@link #loader}. A REST catalog's secret is read here, from the file or
   * variable its config names, and handed to Iceberg's client only; the client's own request logs,
   * which would print it, are filtered first ({@link AuthorizationLogFilter}).
   */
  public static Catalog create(CatalogConfig config) {
    if (config.secret().isPresent()) {
      AuthorizationLogFilter.install();
    }
    return CatalogUtil.buildIcebergCatalog(
        config.name(), icebergProperties(config), ForklessLocalFileSystem.configuration());
  }

  /**
   * A serializable loader that Flink operators open on the TaskManagers. With a secret, the loader
   * carries its location, not its value, and reads it where it opens the catalog: the job graph,
   * which Flink stores and shows, holds no secret.
   */
  public static CatalogLoader loader(CatalogConfig config) {
    if (config.secret().isPresent()) {
      return new SecretReadingCatalogLoader(config.name(), config.properties());
    }
    Map<String, String> props = config.properties();
    String impl = props.get(CatalogProperties.CATALOG_IMPL);
    if (impl != null) {
      return CatalogLoader.custom(
          config.name(), props, ForklessLocalFileSystem.configuration(), impl);
    }
    String type = props.get(CatalogUtil.ICEBERG_CATALOG_TYPE);
    return switch (type) {
      case CatalogUtil.ICEBERG_CATALOG_TYPE_REST ->
          CatalogLoader.rest(config.name(), ForklessLocalFileSystem.configuration(), props);
      case CatalogUtil.ICEBERG_CATALOG_TYPE_HADOOP ->
          CatalogLoader.hadoop(config.name(), ForklessLocalFileSystem.configuration(), props);
      case CatalogUtil.ICEBERG_CATALOG_TYPE_HIVE ->
          CatalogLoader.hive(config.name(), ForklessLocalFileSystem.configuration(), props);
      default ->
          throw new IllegalArgumentException(
              String.format(
                  "catalog.type '%s' is not supported: use rest, hadoop or hive, or set"
                      + " catalog.catalog-impl to a catalog class",
                  type));
    };
  }

  /** The properties Iceberg gets: a secret's location key replaced by the secret itself. */
  private static Map<String, String> icebergProperties(CatalogConfig config) {
    Optional<CatalogSecret> secret = config.secret();
    if (secret.isEmpty()) {
      return config.properties();
    }
    Map<String, String> props = new HashMap<>(config.properties());
    props.keySet().removeIf(CatalogSecret::isLocationKey);
    props.put(secret.get().property(), secret.get().resolve());
    return props;
  }

  /**
   * Options for Flink SQL's {@code CREATE CATALOG name WITH (...)}: Iceberg's Flink catalog factory
   * takes the same properties plus {@code type=iceberg}; {@code type} becomes {@code catalog-type}.
   * A secret stays a location here: open the catalog through {@link #loader}, which reads it.
   */
  public static Map<String, String> flinkSqlOptions(CatalogConfig config) {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("type", "iceberg");
    config
        .properties()
        .forEach(
            (key, value) ->
                options.put(
                    CatalogUtil.ICEBERG_CATALOG_TYPE.equals(key) ? "catalog-type" : key, value));
    return options;
  }

  /**
   * Reads {@code table}'s current rows that match {@code filter}, only {@code columns}, through a
   * catalog opened from {@code loader} and closed afterwards: how an operator seeds what it
   * remembers from a committed table when it opens.
   *
   * @param each called once per row, in no particular order
   */
  public static void scan(
      CatalogLoader loader,
      TableIdentifier table,
      Expression filter,
      List<String> columns,
      Consumer<Record> each)
      throws IOException {
    Catalog catalog = loader.loadCatalog();
    try (CloseableIterable<Record> rows =
        IcebergGenerics.read(catalog.loadTable(table)).where(filter).select(columns).build()) {
      rows.forEach(each);
    } finally {
      if (catalog instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          throw new IOException("cannot close catalog " + loader, e);
        }
      }
    }
  }
}
