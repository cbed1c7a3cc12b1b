package io.pitlake.engines.trino;

import io.pitlake.engines.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Trino server (the stock {@code trino-server} tarball from Maven Central) on loopback with
 * only the Iceberg connector, one Iceberg catalog per REST catalog URI it is given.
 *
 * <p>Trino 476 needs Java 22 or newer; the test JVM stays on 17 and talks to it over JDBC. The
 * tarball is unpacked once per machine into {@code ~/.cache/pitlake/} and trimmed to the Iceberg
 * plugin (the tarball hard-links jars across plugins, so it must be unpacked whole first).
 */
public final class TrinoServer implements AutoCloseable {

  /** The variable that carries the REST catalog's credential into the catalog files. */
  static final String CREDENTIAL_ENV = "PITLAKE_CATALOG_CREDENTIAL";

  public static final String VERSION = "476";

  private final Process process;
  private final Path log;
  private final int port;

  private TrinoServer(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /**
   * A JDK that can run Trino: {@code $TRINO_JAVA_HOME}, else the newest JDK 22+ under the usual
   * install roots.
   */
  public static Optional<Path> findJdk() {
    String configured = System.getenv("TRINO_JAVA_HOME");
    if (configured != null && !configured.isBlank()) {
      return Optional.of(Path.of(configured));
    }
    List<Path> candidates = new ArrayList<>();
    for (String root : List.of("/usr/lib/jvm", "/opt/java", "/usr/local/java", "/opt")) {
      Path dir = Path.of(root);
      if (Files.isDirectory(dir)) {
        try (Stream<Path> children = Files.list(dir)) {
          children.filter(p -> Files.isExecutable(p.resolve("bin/java"))).forEach(candidates::add);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return candidates.stream()
        .filter(jdk -> featureVersion(jdk) >= 22)
        .max(Comparator.comparingInt(TrinoServer::featureVersion));
  }

  /** The JDK's feature version from its {@code release} file (0 when unknown). */
  static int featureVersion(Path jdk) {
    Path release = jdk.resolve("release");
    if (!Files.isReadable(release)) {
      return 0;
    }
    try (var in = Files.newBufferedReader(release)) {
      Properties props = new Properties();
      props.load(in);
      String version = props.getProperty("JAVA_VERSION", "\"0\"").replace("\"", "");
      return Integer.parseInt(version.split("[.+-]")[0]);
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }

  /**
   * Starts Trino with one catalog per entry of {@code catalogs} (name to REST catalog URI) and
   * waits until {@code readinessQuery} succeeds. Trino answers metadata queries before its worker
   * has registered, so the readiness query should scan a table ("No nodes available to run query").
   *
   * @param credential the REST catalog's OAuth2 credential ({@code client_id:secret}); it reaches
   *     Trino as the environment variable the catalog files name ({@code ${ENV:...}}), as the
   *     README advises, so no file holds it
   */
  public static TrinoServer start(
      Path tarball,
      Path jdk,
      Path workDir,
      Map<String, URI> catalogs,
      String credential,
      String readinessQuery,
      Duration timeout)
      throws Exception {
    Path home = unpack(tarball);
    int port = Processes.freeLoopbackPort();
    Path etc = workDir.resolve("etc");
    Path data = workDir.resolve("data");
    Files.createDirectories(etc.resolve("catalog"));
    Files.createDirectories(data);
    Files.writeString(
        etc.resolve("node.properties"),
        String.join(
            "\n",
            "node.environment=pitlake_test",
            "node.id=pitlake-test",
            "node.data-dir=" + data,
            ""));
    Files.writeString(
        etc.resolve("config.properties"),
        String.join(
            "\n",
            "coordinator=true",
            "node-scheduler.include-coordinator=true",
            "http-server.http.port=" + port,
            "node.bind-ip=127.0.0.1",
            "node.internal-address=127.0.0.1",
            "discovery.uri=http://127.0.0.1:" + port,
            "query.max-memory=256MB",
            "query.max-memory-per-node=256MB",
            ""));
    Files.writeString(
        etc.resolve("jvm.config"),
        String.join(
            "\n",
            "-server",
            "-Xmx1G",
            "-XX:+UseG1GC",
            "-XX:+ExitOnOutOfMemoryError",
            "-Djdk.attach.allowAttachSelf=true",
            ""));
    Files.writeString(etc.resolve("log.properties"), "io.trino=WARN\n");
    for (Map.Entry<String, URI> catalog : catalogs.entrySet()) {
      Files.writeString(
          etc.resolve("catalog").resolve(catalog.getKey() + ".properties"),
          String.join(
              "\n",
              "connector.name=iceberg",
              "iceberg.catalog.type=rest",
              "iceberg.rest-catalog.uri=" + catalog.getValue(),
              "iceberg.rest-catalog.security=OAUTH2",
              "iceberg.rest-catalog.oauth2.credential=${ENV:" + CREDENTIAL_ENV + "}",
              "fs.native-local.enabled=true",
              "local.location=/",
              ""));
    }
    Path log = workDir.resolve("trino.log");
    ProcessBuilder launcher =
        new ProcessBuilder(
                home.resolve("bin/launcher").toString(),
                "run",
                "--etc-dir=" + etc,
                "--data-dir=" + data,
                "--jvm-dir=" + jdk)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    launcher.environment().put(CREDENTIAL_ENV, credential);
    Process process = launcher.start();
    TrinoServer server = new TrinoServer(process, log, port);
    try {
      server.awaitReady(readinessQuery, timeout);
      return server;
    } catch (Exception | AssertionError e) {
      server.close();
      throw e;
    }
  }

  public Connection connect() throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", "pitlake");
    return DriverManager.getConnection("jdbc:trino://127.0.0.1:" + port, props);
  }

  private void awaitReady(String query, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    SQLException last = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError(
            "Trino exited with " + process.exitValue() + ":\n" + tail(Files.readString(log)));
      }
      try (Connection c = connect();
          var rs = c.createStatement().executeQuery(query)) {
        if (rs.next()) {
          return;
        }
      } catch (SQLException e) {
        last = e;
      }
      Thread.sleep(500);
    }
    throw new AssertionError(
        "Trino was not ready within "
            + timeout
            + " (last error: "
            + last
            + "):\n"
            + tail(Files.readString(log)));
  }

  /**
   * The server's install directory, unpacked from the tarball once per machine and kept to the
   * Iceberg plugin.
   */
  private static synchronized Path unpack(Path tarball) throws Exception {
    Path cache = Path.of(System.getProperty("user.home"), ".cache", "pitlake");
    Path home = cache.resolve("trino-server-" + VERSION);
    Path done = home.resolve(".pitlake-unpacked");
    if (Files.exists(done)) {
      return home;
    }
    Files.createDirectories(cache);
    Path staging = Files.createTempDirectory(cache, "trino-unpack-");
    run(List.of("tar", "-xzf", tarball.toString(), "-C", staging.toString()));
    Path unpacked = staging.resolve("trino-server-" + VERSION);
    try (Stream<Path> plugins = Files.list(unpacked.resolve("plugin"))) {
      for (Path plugin :
          plugins.filter(p -> !p.getFileName().toString().equals("iceberg")).toList()) {
        run(List.of("rm", "-rf", plugin.toString()));
      }
    }
    if (Files.exists(home)) {
      run(List.of("rm", "-rf", home.toString()));
    }
    Files.move(unpacked, home);
    Files.writeString(done, tarball.toString());
    run(List.of("rm", "-rf", staging.toString()));
    return home;
  }

  private static void run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).inheritIO().start();
    if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IOException("command failed: " + String.join(" ", command));
    }
  }

  private static String tail(String text) {
    return text.length() <= 4000 ? text : text.substring(text.length() - 4000);
  }

  @Override
  public void close() {
    Processes.stop(process, Duration.ofSeconds(20));
  }
}
