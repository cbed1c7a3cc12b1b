package io.pitlake.engines.s3;

import io.pitlake.engines.Processes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * A real S3-compatible server on loopback: s3proxy (Maven Central's {@code jar-with-dependencies},
 * copied by the build to the path in system property {@code s3proxy.jar}) in a JVM of its own, with
 * the {@code filesystem-nio2} backend, so every bucket is a directory under {@link #baseDir} and
 * every object a file the test can inspect. It runs as a separate process, not on the test class
 * path, so its jclouds and Jetty never meet Spark's libraries.
 *
 * <p>It checks AWS v2/v4 signatures against an identity and credential generated per instance, so a
 * client without the right credentials fails; the credential reaches s3proxy only through its
 * owner-readable properties file, never a command line.
 */
final class S3ProxyServer implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofMinutes(1);

  final Path baseDir;
  final String bucket;
  final URI endpoint;
  final String accessKeyId;
  final String secretAccessKey;
  private final Process process;
  private final Path log;

  private S3ProxyServer(
      Path baseDir,
      String bucket,
      URI endpoint,
      String accessKeyId,
      String secretAccessKey,
      Process process,
      Path log) {
    this.baseDir = baseDir;
    this.bucket = bucket;
    this.endpoint = endpoint;
    this.accessKeyId = accessKeyId;
    this.secretAccessKey = secretAccessKey;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts s3proxy with one empty {@code bucket}; its objects live under {@code dir/data} and its
   * configuration and log under {@code dir/server}. The bucket is private: only signed requests
   * with the generated credentials may list or read it. Returns once it accepts connections.
   */
  static S3ProxyServer start(Path dir, String bucket) throws IOException {
    Path baseDir = Files.createDirectories(dir.resolve("data"));
    // filesystem-nio2 maps a world-readable directory to a public-read bucket: keep it private.
    Files.createDirectory(
        baseDir.resolve(bucket),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Path serverDir = Files.createDirectories(dir.resolve("server"));
    int port = Processes.freeLoopbackPort();
    URI endpoint = URI.create("http://127.0.0.1:" + port);
    String accessKeyId = "pitlake-" + randomHex(8);
    String secretAccessKey = randomHex(20);

    Path conf = serverDir.resolve("s3proxy.conf");
    Files.createFile(
        conf, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(
        conf,
        String.join(
            "\n",
            "s3proxy.endpoint=" + endpoint,
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=" + accessKeyId,
            "s3proxy.credential=" + secretAccessKey,
            // Trino sends x-amz-optional-object-attributes, which s3proxy otherwise refuses.
            "s3proxy.ignore-unknown-headers=true",
            "jclouds.provider=filesystem-nio2",
            "jclouds.filesystem.basedir=" + baseDir,
            ""));
    Path log = serverDir.resolve("s3proxy.log");
    Process process =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m",
                    "-jar",
                    jar().toString(),
                    "--properties",
                    conf.toString()))
            .directory(serverDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    S3ProxyServer server =
        new S3ProxyServer(baseDir, bucket, endpoint, accessKeyId, secretAccessKey, process, log);
    try {
      server.awaitListening(port);
    } catch (RuntimeException | Error e) {
      server.close();
      throw e;
    }
    return server;
  }

  /** The directory that holds the bucket's objects, one file per object key. */
  Path bucketDir() {
    return baseDir.resolve(bucket);
  }

  private void awaitListening(int port) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError(
            "s3proxy exited with " + process.exitValue() + " before listening:\n" + logText());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        return;
      } catch (IOException notYet) {
        sleep(Duration.ofMillis(100));
      }
    }
    throw new AssertionError("s3proxy did not listen within " + START_TIMEOUT + ":\n" + logText());
  }

  private String logText() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() {
    Processes.stop(process, Duration.ofSeconds(10));
  }

  private static Path jar() {
    String jar = System.getProperty("s3proxy.jar");
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException(
          "system property s3proxy.jar names no file ("
              + jar
              + "): run the engine tests through Maven (./mvnw verify)");
    }
    return Path.of(jar);
  }

  private static String randomHex(int bytes) {
    byte[] random = new byte[bytes];
    new SecureRandom().nextBytes(random);
    return HexFormat.of().formatHex(random);
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
