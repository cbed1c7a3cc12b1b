package io.pitlake.catalog;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.flink.CatalogLoader;

/**
 * The only place that turns a {@link CatalogConfig} into a catalog, for each consumer: the Java
 * API, Flink's serializable {@link CatalogLoader}, and Flink SQL's {@code CREATE CATALOG} options.
 */
public final class Catalogs {

  private Catalogs() {}

  /** Builds a live catalog for driver-side work (table creation, listings, maintenance). */
  public static Catalog create(CatalogConfig config) {
    return CatalogUtil.buildIcebergCatalog(config.name(), config.properties(), new Configuration());
  }

  /** A serializable loader that Flink operators open on the TaskManagers. */
  public static CatalogLoader loader(CatalogConfig config) {
    Map<String, String> props = config.properties();
    String impl = props.get(CatalogProperties.CATALOG_IMPL);
    if (impl != null) {
      return CatalogLoader.custom(config.name(), props, new Configuration(), impl);
    }
    String type = props.get(CatalogUtil.ICEBERG_CATALOG_TYPE);
    return switch (type) {
      case CatalogUtil.ICEBERG_CATALOG_TYPE_REST ->
          CatalogLoader.rest(config.name(), new Configuration(), props);
      case CatalogUtil.ICEBERG_CATALOG_TYPE_HADOOP ->
          CatalogLoader.hadoop(config.name(), new Configuration(), props);
      case CatalogUtil.ICEBERG_CATALOG_TYPE_HIVE ->
          CatalogLoader.hive(config.name(), new Configuration(), props);
      default ->
          throw new IllegalArgumentException(
              String.format(
                  "catalog.type '%s' is not supported: use rest, hadoop or hive, or set"
                      + " catalog.catalog-impl to a catalog class",
                  type));
    };
  }

  /**
   * Options for Flink SQL's {@code CREATE CATALOG name WITH (...)}: Iceberg's Flink catalog factory
   * takes the same properties plus {@code type=iceberg}; {@code type} becomes {@code catalog-type}.
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
}
