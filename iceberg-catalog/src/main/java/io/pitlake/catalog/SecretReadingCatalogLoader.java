package io.pitlake.catalog;

import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.flink.CatalogLoader;

/**
 * A REST catalog loader that holds where the catalog's secret is and reads it only in {@link
 * #loadCatalog()}, on the JobManager or TaskManager that opens the catalog. Iceberg's own {@code
 * CatalogLoader.rest} would carry the token in its properties through the job graph, its {@code
 * toString} and Flink's HA store.
 */
final class SecretReadingCatalogLoader implements CatalogLoader {

  private static final long serialVersionUID = 1L;

  private final String name;
  private final HashMap<String, String> properties;

  SecretReadingCatalogLoader(String name, Map<String, String> properties) {
    this.name = name;
    this.properties = new HashMap<>(properties);
  }

  @Override
  public Catalog loadCatalog() {
    return Catalogs.create(new CatalogConfig(name, properties));
  }

  @Override
  @SuppressWarnings({"checkstyle:NoClone", "checkstyle:SuperClone"})
  public CatalogLoader clone() {
    return new SecretReadingCatalogLoader(name, properties);
  }

  @Override
  public String toString() {
    return String.format(
        "RestCatalogLoader{name=%s, uri=%s, secret from %s}",
        name,
        properties.get(CatalogProperties.URI),
        new CatalogConfig(name, properties).secret().map(CatalogSecret::key).orElse("none"));
  }
}
