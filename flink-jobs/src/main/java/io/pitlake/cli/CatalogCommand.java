package io.pitlake.cli;

import io.pitlake.catalog.CatalogConfig;
import io.pitlake.catalog.Catalogs;
import io.pitlake.catalog.rest.RestCatalogServer;
import io.pitlake.table.PitlakeTables;
import io.pitlake.table.TableBootstrap;
import java.io.PrintWriter;
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
      CatalogConfig config = lake.catalog(true);
      Catalog catalog = Catalogs.create(config);
      TableBootstrap.ensureTables(catalog, PitlakeTables.all());
      RestCatalogServer server;
      try {
        server = RestCatalogServer.start(catalog, bind, port, threads);
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
      out.flush();
      stopped.await();
      return Pitlake.EXIT_OK;
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
