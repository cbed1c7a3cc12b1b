package io.pitlake.catalog.rest;

import static org.apache.iceberg.relocated.com.google.common.base.Preconditions.checkArgument;
import static org.apache.iceberg.relocated.com.google.common.base.Preconditions.checkNotNull;

import com.sun.net.httpserver.HttpServer;
import io.pitlake.http.HttpServers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.iceberg.catalog.Catalog;

/**
 * Serves one Iceberg catalog over the Iceberg REST catalog protocol, so that Trino, Spark,
 * PyIceberg and DuckDB read pitlake's lake with nothing but {@code type=rest} and a URI.
 *
 * <p>pitlake's embedded catalog is a SQLite file that only processes on this machine can open; this
 * server is how every other engine reaches it. The protocol work is Iceberg's own ({@code
 * CatalogHandlers}); this class only binds a socket and routes requests ({@link
 * RestCatalogRoutes}). It binds the given address only (loopback by default in the CLI), never all
 * interfaces by accident, and it refuses to serve anything but loopback without authentication
 * ({@link CatalogAuth}): an open catalog on a network lets anyone who reaches it drop every table.
 */
public final class RestCatalogServer implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor;

  private RestCatalogServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Starts serving {@code catalog} on {@code bindAddress:port} ({@code port} 0 picks a free one).
   * The catalog stays owned by the caller.
   *
   * @throws IllegalArgumentException if {@code auth} is open and the address is not loopback
   */
  public static RestCatalogServer start(
      Catalog catalog, String bindAddress, int port, int threads, CatalogAuth auth) {
    checkNotNull(catalog, "catalog must not be null");
    checkNotNull(auth, "auth must not be null: pass CatalogAuth.open() for loopback");
    checkArgument(port >= 0 && port <= 65535, "port %s is not a TCP port (0..65535)", port);
    checkArgument(threads > 0, "threads must be positive, got %s", threads);
    InetSocketAddress address = new InetSocketAddress(bindAddress, port);
    checkArgument(
        !auth.isOpen()
            || (address.getAddress() != null && address.getAddress().isLoopbackAddress()),
        "refusing to serve %s without tokens: anyone who reaches it could drop every table; pass"
            + " --clients DIR (README: 'Serve the catalog with tokens') or bind 127.0.0.1",
        bindAddress);
    try {
      HttpServer server = HttpServers.create(address, 64);
      ExecutorService executor = Executors.newFixedThreadPool(threads);
      server.setExecutor(executor);
      server.createContext("/", new RestCatalogRoutes(catalog, auth));
      server.createContext(TokenRoute.PATH, new TokenRoute(auth));
      server.start();
      return new RestCatalogServer(server, executor);
    } catch (IOException e) {
      throw new UncheckedIOException(
          String.format(
              "cannot listen on %s:%d (%s): pick another --port or --bind", bindAddress, port, e),
          e);
    }
  }

  /** The base URI clients put in their {@code uri} catalog property. */
  public URI uri() {
    InetSocketAddress address = server.getAddress();
    String host = address.getAddress().getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + address.getPort() + "/");
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
