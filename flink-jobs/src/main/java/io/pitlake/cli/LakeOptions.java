package io.pitlake.cli;

import io.pitlake.catalog.CatalogConfig;
import io.pitlake.job.FlinkSettings;
import io.pitlake.source.rest.RateLimitScope;
import io.pitlake.source.rest.RestSourceOptions;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Option;

/**
 * Where the lake is and how pitlake is configured, shared by every subcommand.
 *
 * <p>A config file is a Java properties file: {@code catalog.*} keys are Iceberg catalog properties
 * (plus {@code catalog.name}); every other key is a pitlake option ({@code polygon.*}, {@code
 * rest.*}, {@code backfill.*}). Without {@code catalog.*} keys the lake is the embedded SQLite
 * catalog in {@code --warehouse}.
 */
final class LakeOptions {

  static final String CATALOG_PREFIX = "catalog.";

  @Option(
      names = "--warehouse",
      paramLabel = "DIR",
      description = "Warehouse directory of the embedded catalog (default: ${DEFAULT-VALUE}).",
      defaultValue = "${env:PITLAKE_WAREHOUSE:-./lake}")
  Path warehouse;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Properties file with catalog.* (Iceberg catalog) and pitlake options.")
  Path config;

  private Properties loaded;

  /** The lake's catalog: from {@code catalog.*} in the config file, else the embedded one. */
  CatalogConfig catalog(boolean createWarehouse) {
    Map<String, String> props = new HashMap<>();
    String name = CatalogConfig.DEFAULT_NAME;
    for (String key : properties().stringPropertyNames()) {
      if (key.equals(CATALOG_PREFIX + "name")) {
        name = properties().getProperty(key);
      } else if (key.startsWith(CATALOG_PREFIX)) {
        props.put(key.substring(CATALOG_PREFIX.length()), properties().getProperty(key));
      }
    }
    if (!props.isEmpty()) {
      try {
        return new CatalogConfig(name, props);
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new UsageException("--config " + config + ": " + e.getMessage());
      }
    }
    Path dir = warehouse.toAbsolutePath().normalize();
    if (createWarehouse) {
      try {
        Files.createDirectories(dir);
      } catch (IOException e) {
        throw new UsageException(
            String.format(
                "--warehouse %s: cannot create it (%s): choose a writable directory",
                warehouse, e.getClass().getSimpleName()));
      }
      if (!Files.isWritable(dir)) {
        throw new UsageException(
            String.format(
                "--warehouse %s: not writable by this user: choose a writable directory",
                warehouse));
      }
    } else if (!Files.exists(dir.resolve(CatalogConfig.CATALOG_DB))) {
      throw new UsageException(
          String.format(
              "--warehouse %s holds no pitlake lake (no %s): run 'pitlake backfill' first or"
                  + " point --warehouse at an existing lake",
              warehouse, CatalogConfig.CATALOG_DB));
    }
    return CatalogConfig.embedded(dir);
  }

  /**
   * pitlake options from the config file (everything but {@code catalog.*}). On the embedded
   * cluster every reader runs in this JVM, so unless the file says otherwise the readers of a
   * vendor share one rate limiter at the vendor's full rate ({@link RateLimitScope#PROCESS}).
   */
  Configuration options() {
    Map<String, String> options = new HashMap<>();
    for (String key : properties().stringPropertyNames()) {
      if (!key.startsWith(CATALOG_PREFIX)) {
        options.put(key, properties().getProperty(key));
      }
    }
    Configuration conf = Configuration.fromMap(options);
    if (!conf.contains(RestSourceOptions.RATE_LIMIT_SCOPE)
        && !FlinkSettings.submittedByFlinkClient()) {
      conf.set(RestSourceOptions.RATE_LIMIT_SCOPE, RateLimitScope.PROCESS);
    }
    return conf;
  }

  private Properties properties() {
    if (loaded == null) {
      loaded = new Properties();
      if (config != null) {
        if (!Files.isReadable(config)) {
          throw new UsageException("--config " + config + ": no readable file there");
        }
        try (Reader reader = Files.newBufferedReader(config)) {
          loaded.load(reader);
        } catch (IOException | IllegalArgumentException e) {
          throw new UsageException(
              "--config " + config + ": not a properties file: " + e.getMessage());
        }
      }
    }
    return loaded;
  }
}
