package io.pitlake.cli;

import io.pitlake.catalog.CatalogConfig;
import io.pitlake.catalog.Catalogs;
import io.pitlake.catalog.rest.CatalogAuth;
import io.pitlake.catalog.rest.CatalogClients;
import io.pitlake.catalog.rest.RestCatalogServer;
import io.pitlake.table.PitlakeTables;
import io.pitlake.table.TableBootstrap;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.iceberg.catalog.Catalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Commands about the lake's catalog. */
@Command(
    name = "catalog",
    mixinStandardHelpOptions = true,
    description = "Work with the lake's Iceberg catalog.",
    subcommands = {CatalogCommand.Serve.class})
final class CatalogCommand {

  /**
   * Serves the lake's catalog over the Iceberg REST protocol until stopped, so that stock Trino,
   * Spark, PyIceberg or DuckDB read the tables with {@code type=rest} and the printed URI.
   */
  @Command(
      name = "serve",
      mixinStandardHelpOptions = true,
      description = {
        "Serve the lake's catalog over the Iceberg REST catalog protocol until stopped (Ctrl-C).",
        "Clients need only type=rest and the printed URI; the data files are read from the"
            + " warehouse directly."
      })
  static final class Serve implements Callable<Integer> {

    @Mixin LakeOptions lake;

    @Spec CommandSpec spec;

    @Option(
        names = "--port",
        defaultValue = "8181",
        description = "TCP port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
        names = "--bind",
        defaultValue = "127.0.0.1",
        paramLabel = "ADDRESS",
        description =
            "Address to listen on (default: ${DEFAULT-VALUE}, this machine only); 0.0.0.0 serves"
                + " every interface, e.g. in a container.")
    String bind;

    @Option(
        names = "--clients",
        paramLabel = "DIR",
        defaultValue = "${env:PITLAKE_CATALOG_CLIENTS}",
        description =
            "Directory of client secrets: DIR/writer/<name> and DIR/reader/<name>, each holding"
                + " one secret (default: $PITLAKE_CATALOG_CLIENTS). Every request then needs a"
                + " client's token; without it only loopback is served, open to every local"
                + " process.")
    Path clients;

    @Option(
        names = "--threads",
        defaultValue = "8",
        description = "Request threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Override
    public Integer call() throws Exception {
      if (port < 0 || port > 65535) {
        throw new UsageException("--port " + port + ": not a TCP port: use 0..65535");
      }
      if (threads < 1) {
        throw new UsageException("--threads " + threads + ": must be at least 1");
      }
      CatalogAuth auth = auth();
      CatalogConfig config = lake.catalog(true);
      Catalog catalog = Catalogs.create(config);
      TableBootstrap.ensureTables(catalog, PitlakeTables.all());
      RestCatalogServer server;
      try {
        server = RestCatalogServer.start(catalog, bind, port, threads, auth);
      } catch (RuntimeException e) {
        closeQuietly(catalog);
        throw new UsageException(e.getMessage());
      }
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    server.close();
                    closeQuietly(catalog);
                    stopped.countDown();
                  },
                  "pitlake-catalog-stop"));
      PrintWriter out = spec.commandLine().getOut();
      out.printf(
          "pitlake: Iceberg REST catalog '%s' at %s (Ctrl-C stops it)%n",
          config.name(), server.uri());
      out.printf("pitlake: clients set type=rest and uri=%s%n", server.uri());
      out.println(
          auth.isOpen()
              ? "pitlake: no --clients: open to every process on this machine (loopback only);"
                  + " pass --clients DIR to require tokens"
              : String.format(
                  "pitlake: tokens required (%s, from %s); OAuth2 client credentials at"
                      + " %sv1/oauth/tokens",
                  auth.describe(), clients, server.uri()));
      out.flush();
      stopped.await();
      return Pitlake.EXIT_OK;
    }

    /**
     * Open on loopback without {@code --clients}; anywhere else the server refuses to start (it
     * checks again itself), before the catalog is even opened.
     */
    private CatalogAuth auth() {
      if (clients == null) {
        if (!isLoopback(bind)) {
          throw new UsageException(
              "--bind "
                  + bind
                  + " without --clients would let anyone who reaches it drop every table: pass"
                  + " --clients DIR (README: 'Serve the catalog with tokens')");
        }
        return CatalogAuth.open();
      }
      try {
        return CatalogAuth.tokens(CatalogClients.load(clients));
      } catch (IllegalArgumentException | UncheckedIOException e) {
        throw new UsageException(e.getMessage());
      }
    }

    private static boolean isLoopback(String address) {
      try {
        return InetAddress.getByName(address).isLoopbackAddress();
      } catch (UnknownHostException e) {
        throw new UsageException("--bind " + address + ": unknown host: use an IP address");
      }
    }

    private static void closeQuietly(Catalog catalog) {
      if (catalog instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          // Stopping anyway; the SQLite file is consistent after every commit.
        }
      }
    }
  }
}
