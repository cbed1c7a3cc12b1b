package io.pitlake.testing;

import io.pitlake.catalog.CatalogConfig;
import io.pitlake.catalog.Catalogs;
import io.pitlake.catalog.rest.CatalogAuth;
import io.pitlake.catalog.rest.CatalogClients;
import io.pitlake.catalog.rest.RestCatalogServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import org.apache.iceberg.catalog.Catalog;

/**
 * A {@link Lake} behind pitlake's REST catalog server with one writer client, reached the way
 * pitlake's jobs reach it on Kubernetes: {@link #config()} names a token file ({@code
 * catalog.token-file}), never the token. The token is fresh per instance, so a test can look for it
 * in everything a run leaves behind.
 */
public final class ServedLake implements AutoCloseable {

  private final Catalog catalog;
  private final RestCatalogServer server;
  private final CatalogConfig config;
  private final String token;

  /** Serves {@code lake} on a free loopback port; client files go under {@code dir}. */
  public ServedLake(Lake lake, Path dir) throws IOException {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    this.token = HexFormat.of().formatHex(bytes);
    Path writer = dir.resolve("clients/writer/flink");
    Files.createDirectories(writer.getParent());
    Files.writeString(writer, token + "\n");
    Path tokenFile = dir.resolve("catalog-token");
    Files.writeString(tokenFile, token + "\n");
    this.catalog = Catalogs.create(lake.config());
    this.server =
        RestCatalogServer.start(
            catalog,
            "127.0.0.1",
            0,
            4,
            CatalogAuth.tokens(CatalogClients.load(dir.resolve("clients"))));
    this.config =
        new CatalogConfig(
            CatalogConfig.DEFAULT_NAME,
            Map.of(
                "type",
                "rest",
                "uri",
                server.uri().toString(),
                "token-file",
                tokenFile.toString()));
  }

  /** The REST catalog as pitlake's jobs configure it: URI and the writer's token file. */
  public CatalogConfig config() {
    return config;
  }

  /** The writer's token, to search for. */
  public String token() {
    return token;
  }

  @Override
  public void close() throws Exception {
    server.close();
    ((AutoCloseable) catalog).close();
  }
}
