package io.pitlake.catalog;

import static org.apache.flink.util.Preconditions.checkArgument;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a REST catalog's token or OAuth2 credential comes from (a file or an environment variable),
 * never the secret itself.
 *
 * <p>A {@link CatalogConfig} is logged, shown in Flink's job graph and serialized into every
 * operator that opens the catalog. Keeping only the location there, and reading the secret when a
 * catalog is built ({@link Catalogs}), means it reaches Iceberg's REST client and nothing else. So
 * a config file says {@code catalog.token-file=/etc/pitlake/catalog-token/flink}; a literal {@code
 * catalog.token} is refused.
 *
 * @param property the Iceberg REST catalog property it becomes: {@code token} or {@code credential}
 *     ({@code client_id:client_secret})
 * @param key the config key that names the location, for messages ({@code token-file})
 * @param location the file path or the variable name
 */
public record CatalogSecret(String property, String key, String location) {

  /** Iceberg's REST properties that hold a secret, which pitlake reads from files or variables. */
  public static final List<String> PROPERTIES = List.of("token", "credential");

  /** The suffixes of the location keys: {@code token-file}, {@code credential-env}, ... */
  public static final List<String> SOURCES = List.of("-file", "-env");

  public CatalogSecret {
    checkArgument(PROPERTIES.contains(property), "not a secret property: %s", property);
    checkArgument(
        location != null && !location.isBlank(),
        "catalog.%s is empty: name a file or variable",
        key);
  }

  /**
   * The secret named in catalog {@code properties}, if any.
   *
   * @throws IllegalArgumentException if a secret is written inline or named twice
   */
  static Optional<CatalogSecret> in(Map<String, String> properties) {
    List<CatalogSecret> found = new ArrayList<>();
    for (String property : PROPERTIES) {
      checkArgument(
          !properties.containsKey(property),
          "catalog.%s holds a secret in the config file: write it to a file and set"
              + " catalog.%s-file=PATH (or catalog.%s-env=VARIABLE)",
          property,
          property,
          property);
      for (String source : SOURCES) {
        String key = property + source;
        if (properties.containsKey(key)) {
          found.add(new CatalogSecret(property, key, properties.get(key)));
        }
      }
    }
    checkArgument(
        found.size() <= 1,
        "catalog.%s and catalog.%s both name the catalog's secret: keep one",
        found.isEmpty() ? "" : found.get(0).key(),
        found.size() < 2 ? "" : found.get(1).key());
    return found.stream().findFirst();
  }

  /** Whether {@code key} is one of the location keys, which Iceberg never sees. */
  static boolean isLocationKey(String key) {
    return PROPERTIES.stream().anyMatch(p -> SOURCES.stream().anyMatch(s -> key.equals(p + s)));
  }

  /**
   * Reads the secret; called where the catalog is built (driver, JobManager or TaskManager).
   *
   * @throws IllegalStateException naming the location and the fix, never the value
   */
  String resolve() {
    String value;
    if (key.endsWith("-env")) {
      value = System.getenv(location);
      if (value == null || value.isBlank()) {
        throw new IllegalStateException(
            String.format(
                "catalog.%s: the environment variable %s is not set in this process: export it"
                    + " where pitlake runs (every JobManager and TaskManager)",
                key, location));
      }
    } else {
      try {
        value =
            Files.readAllLines(Path.of(location), StandardCharsets.UTF_8).stream()
                .findFirst()
                .orElse("");
      } catch (IOException e) {
        throw new IllegalStateException(
            String.format(
                "catalog.%s: cannot read %s (%s): mount it where pitlake runs (every JobManager"
                    + " and TaskManager)",
                key, location, e.getClass().getSimpleName()),
            e);
      }
      if (value.isBlank()) {
        throw new IllegalStateException(
            String.format(
                "catalog.%s: %s is empty: write the %s on its first line",
                key, location, property));
      }
    }
    return value.strip();
  }
}
