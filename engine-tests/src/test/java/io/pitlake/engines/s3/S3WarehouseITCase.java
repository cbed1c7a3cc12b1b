package io.pitlake.engines.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.engines.EngineLakes;
import io.pitlake.engines.PitlakeProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pitlake's warehouse on S3: a backfill writes every table through Iceberg's {@code S3FileIO} to an
 * S3-compatible server on loopback (s3proxy), with only the SQLite catalog file on the local disk;
 * {@code pitlake catalog serve} then serves that catalog over REST and a stock Spark session reads
 * every table back from S3. Credentials reach pitlake only through the AWS SDK's default chain
 * (environment variables, or a shared credentials file), never through its config file or command
 * line, and no file pitlake writes may contain the secret.
 */
class S3WarehouseITCase {

  private static final String BUCKET = "pitlake";
  private static final String SYMBOLS = "AAPL,MSFT";
  private static final String FROM = "2024-01-01";
  private static final String TO = "2024-06-28";
  private static final Duration TIMEOUT = Duration.ofMinutes(5);
  private static final Pattern SERVED = Pattern.compile("clients set type=rest and uri=(\\S+)");
  private static final Pattern COMPLETED_CHECKPOINT =
      Pattern.compile("Completed checkpoint \\d+ for job ([0-9a-f]{32})");

  @TempDir Path tmp;

  @Test
  void backfillWritesTheWarehouseToS3AndSparkReadsItBack() throws Exception {
    long t0 = System.nanoTime();
    try (S3ProxyServer s3 = S3ProxyServer.start(tmp.resolve("s3"), BUCKET)) {
      bench("s3proxy start", t0);
      Path work = tmp.resolve("work");
      Path catalogDir = Files.createDirectories(tmp.resolve("catalog"));
      Path config = writeLakeProperties(tmp.resolve("lake.properties"), catalogDir, s3);
      Map<String, String> env =
          Map.of("AWS_ACCESS_KEY_ID", s3.accessKeyId, "AWS_SECRET_ACCESS_KEY", s3.secretAccessKey);

      long backfill = System.nanoTime();
      PitlakeProcess.run(
              work.resolve("backfill"),
              env,
              TIMEOUT,
              "backfill",
              "--symbols",
              SYMBOLS,
              "--from",
              FROM,
              "--to",
              TO,
              "--config",
              config.toString())
          .assertSucceeded();
      bench("backfill to S3 (" + SYMBOLS + " " + FROM + ".." + TO + ")", backfill);

      assertTablesAreObjectsInTheBucket(s3);
      assertOnlyTheCatalogIsLocal(catalogDir);
      assertThat(work.resolve("backfill").resolve("lake"))
          .as("the default local warehouse")
          .doesNotExist();

      Map<String, Long> counts = tables(work.resolve("tables"), env, config);
      assertThat(counts.get("bronze.polygon_aggs")).isPositive();
      assertThat(counts.get("silver.bars_daily")).isPositive();
      assertThat(counts.get("gold.bar_features_daily")).isPositive();

      // A credentials file (e.g. a mounted Secret) works through the same default chain.
      Path credentials = tmp.resolve("secrets").resolve("aws-credentials");
      Files.createDirectories(credentials.getParent());
      Files.writeString(
          credentials,
          "[default]\naws_access_key_id = "
              + s3.accessKeyId
              + "\naws_secret_access_key = "
              + s3.secretAccessKey
              + "\n");
      assertThat(
              tables(
                  work.resolve("tables-credentials-file"),
                  Map.of(
                      "AWS_ACCESS_KEY_ID", "",
                      "AWS_SECRET_ACCESS_KEY", "",
                      "AWS_SHARED_CREDENTIALS_FILE", credentials.toString()),
                  config))
          .isEqualTo(counts);

      // The bucket is private, so the credentials above are what let pitlake in.
      assertThat(unsignedGet(s3, "?list-type=2")).as("unsigned bucket listing").isEqualTo(403);
      assertThat(unsignedGet(s3, "/lake/bronze/polygon_aggs/metadata/" + firstMetadata(s3)))
          .as("unsigned read of a metadata object")
          .isEqualTo(403);

      try (PitlakeProcess server =
          PitlakeProcess.start(
              work.resolve("catalog-serve"),
              env,
              "catalog",
              "serve",
              "--config",
              config.toString(),
              "--port",
              "0")) {
        URI uri = URI.create(server.awaitOutput(SERVED, Duration.ofMinutes(1)).group(1));
        long read = System.nanoTime();
        assertThat(readWithSpark(uri, s3)).isEqualTo(counts);
        bench("Spark session + read of every table from S3", read);
      }

      assertSecretInNoFile(s3.secretAccessKey, List.of(work, catalogDir, s3.bucketDir(), config));
    }
  }

  /**
   * Flink's S3 file system keeps a streaming run's checkpoints in the bucket: the {@code
   * flink-s3-fs-hadoop} plugin, loaded from {@code FLINK_PLUGINS_DIR}, configured by plain {@code
   * s3.*} keys in the same properties file, with the same credentials from the environment.
   */
  @Test
  void streamingBackfillKeepsItsCheckpointsOnS3() throws Exception {
    try (S3ProxyServer s3 = S3ProxyServer.start(tmp.resolve("s3"), BUCKET)) {
      Path work = tmp.resolve("work");
      Path catalogDir = Files.createDirectories(tmp.resolve("catalog"));
      Path config =
          writeLakeProperties(
              tmp.resolve("lake.properties"),
              catalogDir,
              s3,
              "streaming.checkpoint-interval=1s",
              "streaming.checkpoint-dir=s3://" + BUCKET + "/checkpoints",
              "s3.endpoint=" + s3.endpoint,
              "s3.path.style.access=true");
      Map<String, String> env =
          Map.of(
              "AWS_ACCESS_KEY_ID",
              s3.accessKeyId,
              "AWS_SECRET_ACCESS_KEY",
              s3.secretAccessKey,
              "FLINK_PLUGINS_DIR",
              flinkPluginsDir().toString());

      long t0 = System.nanoTime();
      PitlakeProcess.run(
              work.resolve("backfill"),
              env,
              TIMEOUT,
              "backfill",
              "--mode",
              "streaming",
              "--symbols",
              "AAPL",
              "--from",
              FROM,
              "--to",
              "2024-03-29",
              "--config",
              config.toString())
          .assertSucceeded();
      bench("streaming backfill with checkpoints on S3 (AAPL " + FROM + "..2024-03-29)", t0);

      Matcher completed = COMPLETED_CHECKPOINT.matcher(logs(work));
      List<String> jobs = new ArrayList<>();
      while (completed.find()) {
        jobs.add(completed.group(1));
      }
      assertThat(jobs).as("jobs that completed a checkpoint (pitlake's log)").isNotEmpty();
      for (String job : jobs) {
        assertThat(s3.bucketDir().resolve("checkpoints").resolve(job))
            .as("checkpoint directory of job %s in the bucket", job)
            .isDirectory();
      }
      assertTablesAreObjectsInTheBucket(s3);
      assertSecretInNoFile(s3.secretAccessKey, List.of(work, catalogDir, s3.bucketDir(), config));
    }
  }

  /** The HTTP status of an anonymous GET of {@code pathAndQuery} in the bucket. */
  private static int unsignedGet(S3ProxyServer s3, String pathAndQuery)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(s3.endpoint.resolve("/" + BUCKET + pathAndQuery)).GET().build();
    return HttpClient.newHttpClient()
        .send(request, HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private static String firstMetadata(S3ProxyServer s3) throws IOException {
    Path metadata = s3.bucketDir().resolve("lake/bronze/polygon_aggs/metadata");
    return files(metadata, ".metadata.json").get(0).getFileName().toString();
  }

  private static Path writeLakeProperties(
      Path file, Path catalogDir, S3ProxyServer s3, String... pitlakeOptions) throws IOException {
    List<String> lines =
        new ArrayList<>(
            List.of(
                "# An S3 lake: SQLite catalog on the local disk, data and metadata in the bucket.",
                "# No credentials here: the AWS SDK's default chain finds them.",
                "catalog.catalog-impl=org.apache.iceberg.jdbc.JdbcCatalog",
                "catalog.uri=jdbc:sqlite:" + catalogDir.resolve("catalog.db"),
                "catalog.jdbc.schema-version=V1",
                "catalog.jdbc.journal_mode=WAL",
                "catalog.warehouse=s3://" + BUCKET + "/lake",
                "catalog.io-impl=org.apache.iceberg.aws.s3.S3FileIO",
                "catalog.s3.endpoint=" + s3.endpoint,
                "catalog.s3.path-style-access=true",
                "catalog.client.region=us-east-1"));
    lines.addAll(List.of(pitlakeOptions));
    return Files.writeString(file, String.join("\n", lines) + "\n");
  }

  /** The plugins directory with {@code s3-fs-hadoop/}, prepared by the build. */
  private static Path flinkPluginsDir() {
    Path dir = Path.of(System.getProperty("pitlake.flink-plugins", "(not set)"));
    assertThat(dir.resolve("s3-fs-hadoop"))
        .as("system property pitlake.flink-plugins: run through Maven (./mvnw verify)")
        .isDirectory();
    return dir;
  }

  /** Everything pitlake logged to files under {@code dir}. */
  private static String logs(Path dir) throws IOException {
    StringBuilder text = new StringBuilder();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path log : files.filter(p -> p.getFileName().toString().endsWith(".log")).toList()) {
        text.append(Files.readString(log));
      }
    }
    return text.toString();
  }

  /** Every table has metadata JSON in the bucket; every table with rows has Parquet files there. */
  private static void assertTablesAreObjectsInTheBucket(S3ProxyServer s3) throws IOException {
    Path lake = s3.bucketDir().resolve("lake");
    for (String table : EngineLakes.TABLES) {
      Path dir = lake.resolve(table.replace('.', '/'));
      assertThat(files(dir.resolve("metadata"), ".metadata.json"))
          .as("metadata objects of %s under %s", table, dir)
          .isNotEmpty();
      if (!table.equals("silver.quarantine")) {
        assertThat(files(dir.resolve("data"), ".parquet"))
            .as("data objects of %s under %s", table, dir)
            .isNotEmpty();
      }
    }
  }

  /** The local catalog directory holds the SQLite database (and its WAL files) and nothing else. */
  private static void assertOnlyTheCatalogIsLocal(Path catalogDir) throws IOException {
    try (Stream<Path> entries = Files.list(catalogDir)) {
      assertThat(entries.map(p -> p.getFileName().toString()).toList())
          .contains("catalog.db")
          .allMatch(name -> name.startsWith("catalog.db"));
    }
  }

  /** {@code pitlake tables}: rows per table. */
  private static Map<String, Long> tables(Path workDir, Map<String, String> env, Path config) {
    String out =
        PitlakeProcess.run(workDir, env, TIMEOUT, "tables", "--config", config.toString())
            .assertSucceeded()
            .stdout();
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String line : out.split("\\R")) {
      String[] cells = line.strip().split("\\s+");
      if (cells.length == 4 && EngineLakes.TABLES.contains(cells[0])) {
        counts.put(cells[0], Long.parseLong(cells[1].replace(",", "")));
      }
    }
    assertThat(counts.keySet())
        .as("tables listed by pitlake:%n%s", out)
        .containsExactlyInAnyOrderElementsOf(EngineLakes.TABLES);
    return counts;
  }

  /**
   * Reads every table through the REST catalog with a stock Spark session; the REST server does not
   * hand out FileIO settings, so the client names its own S3 endpoint and credentials. Checks that
   * every data file Spark sees is an {@code s3://} object and returns the row counts.
   */
  private static Map<String, Long> readWithSpark(URI restUri, S3ProxyServer s3) {
    String catalog = "spark.sql.catalog.s3lake";
    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("pitlake-s3-read")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.shuffle.partitions", "2")
            .config(catalog, "org.apache.iceberg.spark.SparkCatalog")
            .config(catalog + ".type", "rest")
            .config(catalog + ".uri", restUri.toString())
            .config(catalog + ".io-impl", "org.apache.iceberg.aws.s3.S3FileIO")
            .config(catalog + ".s3.endpoint", s3.endpoint.toString())
            .config(catalog + ".s3.path-style-access", "true")
            .config(catalog + ".client.region", "us-east-1")
            .config(catalog + ".s3.access-key-id", s3.accessKeyId)
            .config(catalog + ".s3.secret-access-key", s3.secretAccessKey)
            .getOrCreate();
    try {
      Map<String, Long> counts = new LinkedHashMap<>();
      for (String table : EngineLakes.TABLES) {
        String name = "s3lake." + table;
        counts.put(table, spark.sql("SELECT COUNT(*) FROM " + name).first().getLong(0));
        List<String> paths =
            spark.sql("SELECT file_path FROM " + name + ".files").collectAsList().stream()
                .map((Row row) -> row.getString(0))
                .toList();
        assertThat(paths)
            .as("data files of %s seen by Spark", table)
            .allMatch(path -> path.startsWith("s3://" + BUCKET + "/lake/"));
      }
      return counts;
    } finally {
      spark.stop();
    }
  }

  /**
   * No file under {@code roots} (pitlake's stdout, stderr and logs, the catalog database, every
   * object in the bucket, the config file) contains the secret; there must be files of each kind.
   */
  private static void assertSecretInNoFile(String secret, List<Path> roots) throws IOException {
    byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
    List<Path> scanned = new ArrayList<>();
    for (Path root : roots) {
      try (Stream<Path> files = Files.walk(root)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          assertThat(contains(Files.readAllBytes(file), needle))
              .as("%s contains the S3 secret key", file)
              .isFalse();
          scanned.add(file);
        }
      }
    }
    assertThat(scanned)
        .as("files scanned for the secret")
        .anyMatch(p -> p.getFileName().toString().endsWith(".log"))
        .anyMatch(p -> p.getFileName().toString().endsWith(".err"))
        .anyMatch(p -> p.getFileName().toString().equals("catalog.db"))
        .anyMatch(p -> p.getFileName().toString().endsWith(".metadata.json"));
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static List<Path> files(Path dir, String suffix) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
    }
  }

  private static void bench(String what, long startNanos) {
    System.out.printf("[bench] %s: %.1f s%n", what, (System.nanoTime() - startNanos) / 1e9);
  }
}
