package io.pitlake.engines;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lakes every engine test reads, built once per test JVM by pitlake itself (as processes, the
 * way a user runs it) and served by two {@code pitlake catalog serve --clients} processes, which
 * let in only the engines' reader clients ({@link #TRINO}, {@link #SPARK}) and a writer:
 *
 * <ul>
 *   <li><b>full</b>: 3 symbols x 2 years, written by two backfills, so every table has an earlier
 *       snapshot ({@link #firstSnapshots}) to time-travel to, tagged {@link #TAG} in between;
 *   <li><b>prefix</b>: a separate run on only the inputs known by {@link #KNOWN_BY}: the sessions
 *       up to {@link #PREFIX_TO}, whose bars become available at {@code KNOWN_BY}.
 * </ul>
 */
public final class EngineLakes {

  public static final List<String> TABLES =
      List.of(
          "bronze.polygon_aggs",
          "silver.bars_daily",
          "silver.quarantine",
          "gold.bar_features_daily");

  /** The raw bronze tables {@code pitlake ingest} adds to the full lake (SEC simulator). */
  public static final List<String> RAW_TABLES =
      List.of("bronze.sec_submissions", "bronze.sec_companyfacts");

  /** The filers ingested: Snowflake and Tesla. */
  public static final String CIKS = "1640147,1318605";

  /**
   * The lake-wide tag {@code pitlake tag create} takes of the full lake after its first backfill.
   */
  public static final String TAG = "first-backfill";

  public static final String SYMBOLS = "AAPL,MSFT,NVDA";
  public static final String FROM = "2023-01-01";
  public static final String PREFIX_TO = "2024-06-28";
  public static final String TO = "2024-12-31";

  /**
   * When the bars of {@link #PREFIX_TO} (a Friday in EDT) became available: 20:00 New York, the end
   * of Polygon's extended session, plus the 15-minute publication delay.
   */
  public static final Instant KNOWN_BY = Instant.parse("2024-06-29T00:15:00Z");

  private static final Duration BACKFILL_TIMEOUT = Duration.ofMinutes(5);

  /** The line {@code pitlake catalog serve} prints once it serves; group 1 is the URI. */
  public static final Pattern SERVED = Pattern.compile("clients set type=rest and uri=(\\S+)");

  /** The catalog clients the engines read as: readers, whose writes the catalog refuses. */
  public static final String TRINO = "trino";

  public static final String SPARK = "spark";

  private static EngineLakes instance;

  public final Path root;
  public final Path full;
  public final Path prefix;

  /** Rows per table of the full lake, as pitlake counts them. */
  public final Map<String, Long> fullCounts;

  /** Rows per table after the first of the full lake's two backfills. */
  public final Map<String, Long> firstCounts;

  /** Each table's snapshot after the first backfill (tables without rows are absent). */
  public final Map<String, Long> firstSnapshots;

  public final URI fullCatalog;
  public final URI prefixCatalog;

  /** The servers' {@code --clients} directory: a writer and the engines' readers. */
  private final Path clients;

  private final List<PitlakeProcess> servers;

  /** Wall times of the fixture's steps, for the benchmark figures. */
  public final Map<String, Duration> timings = new LinkedHashMap<>();

  private EngineLakes(Path root) {
    this.root = root;
    this.full = root.resolve("full");
    this.prefix = root.resolve("prefix");

    backfill(full, PREFIX_TO, "full-1");
    Map<String, TableRow> first = tables(full, TABLES);
    tag(full, TAG);
    backfill(full, TO, "full-2");
    ingestFilings(full);
    backfill(prefix, PREFIX_TO, "prefix");
    List<String> all = new ArrayList<>(TABLES);
    all.addAll(RAW_TABLES);
    Map<String, TableRow> last = tables(full, all);

    this.firstCounts = counts(first);
    this.fullCounts = counts(last);
    Map<String, Long> snapshots = new LinkedHashMap<>();
    first.forEach(
        (table, row) -> {
          if (row.snapshot() != null) {
            snapshots.put(table, row.snapshot());
          }
        });
    this.firstSnapshots = snapshots;

    this.clients = clients(root.resolve("clients"), TRINO, SPARK);
    PitlakeProcess fullServer = serve(full, "catalog-full");
    PitlakeProcess prefixServer = serve(prefix, "catalog-prefix");
    this.servers = List.of(fullServer, prefixServer);
    this.fullCatalog = served(fullServer);
    this.prefixCatalog = served(prefixServer);
    Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "engine-lakes-stop"));
  }

  /** The lakes, built on first use; later callers in the same JVM reuse them. */
  public static synchronized EngineLakes get() {
    if (instance == null) {
      try {
        instance = new EngineLakes(Files.createTempDirectory("pitlake-engines-"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return instance;
  }

  private void backfill(Path warehouse, String to, String label) {
    long t0 = System.nanoTime();
    PitlakeProcess.run(
            root.resolve(label),
            Map.of(),
            BACKFILL_TIMEOUT,
            "backfill",
            "--symbols",
            SYMBOLS,
            "--from",
            FROM,
            "--to",
            to,
            "--warehouse",
            warehouse.toString())
        .assertSucceeded();
    timings.put("backfill " + label, Duration.ofNanos(System.nanoTime() - t0));
  }

  /** Tags every table of the lake at its current snapshot, as a user would before a backtest. */
  private void tag(Path warehouse, String name) {
    long t0 = System.nanoTime();
    PitlakeProcess.run(
            root.resolve("tag"),
            Map.of(),
            Duration.ofMinutes(2),
            "tag",
            "create",
            name,
            "--warehouse",
            warehouse.toString())
        .assertSucceeded();
    timings.put("tag create", Duration.ofNanos(System.nanoTime() - t0));
  }

  /** SEC submissions and companyfacts of {@link #CIKS}, from the SEC simulator pitlake starts. */
  private void ingestFilings(Path warehouse) {
    long t0 = System.nanoTime();
    PitlakeProcess.run(
            root.resolve("ingest"),
            Map.of(),
            BACKFILL_TIMEOUT,
            "ingest",
            "--datasets",
            "sec.submissions,sec.companyfacts",
            "--ciks",
            CIKS,
            "--warehouse",
            warehouse.toString())
        .assertSucceeded();
    timings.put("ingest filings", Duration.ofNanos(System.nanoTime() - t0));
  }

  /** One line of {@code pitlake tables}. */
  record TableRow(long rows, Long snapshot) {}

  private Map<String, TableRow> tables(Path warehouse, List<String> expected) {
    String out =
        PitlakeProcess.run(
                root.resolve("tables"),
                Map.of(),
                Duration.ofMinutes(2),
                "tables",
                "--warehouse",
                warehouse.toString())
            .assertSucceeded()
            .stdout();
    Map<String, TableRow> rows = new LinkedHashMap<>();
    for (String line : out.split("\\R")) {
      String[] cells = line.strip().split("\\s+");
      if (cells.length == 4 && expected.contains(cells[0])) {
        rows.put(
            cells[0],
            new TableRow(
                Long.parseLong(cells[1].replace(",", "")),
                cells[2].equals("-") ? null : Long.parseLong(cells[2])));
      }
    }
    assertThat(rows.keySet()).as("tables listed by pitlake:%n%s", out).containsAll(expected);
    return rows;
  }

  private static Map<String, Long> counts(Map<String, TableRow> rows) {
    Map<String, Long> counts = new LinkedHashMap<>();
    rows.forEach((table, row) -> counts.put(table, row.rows()));
    return counts;
  }

  private PitlakeProcess serve(Path warehouse, String label) {
    return serve(root.resolve(label), warehouse, clients);
  }

  /**
   * Starts {@code pitlake catalog serve} of {@code warehouse} on a free loopback port, letting in
   * the clients of a {@code --clients} directory ({@link #clients}); its output goes under {@code
   * workDir} and {@link #SERVED} matches the line with its URI.
   */
  public static PitlakeProcess serve(Path workDir, Path warehouse, Path clients) {
    return PitlakeProcess.start(
        workDir,
        Map.of(),
        "catalog",
        "serve",
        "--warehouse",
        warehouse.toString(),
        "--port",
        "0",
        "--clients",
        clients.toString());
  }

  /** The secret of the reader client {@code name} ({@link #TRINO}, {@link #SPARK}). */
  public String readerSecret(String name) {
    try {
      return Files.readString(clients.resolve("reader").resolve(name)).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A {@code --clients} directory: a writer, {@code writer/flink}, and the named readers, each with
   * a fresh random secret, as {@code openssl rand -hex 32} would write it.
   */
  public static Path clients(Path dir, String... readers) {
    SecureRandom random = new SecureRandom();
    List<String> clients = new ArrayList<>(List.of("writer/flink"));
    for (String reader : readers) {
      clients.add("reader/" + reader);
    }
    try {
      for (String client : clients) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        Path file = dir.resolve(client);
        Files.createDirectories(file.getParent());
        Files.writeString(file, HexFormat.of().formatHex(secret) + "\n");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  private URI served(PitlakeProcess server) {
    long t0 = System.nanoTime();
    Matcher m = server.awaitOutput(SERVED, Duration.ofMinutes(1));
    timings.merge("catalog serve start", Duration.ofNanos(System.nanoTime() - t0), Duration::plus);
    return URI.create(m.group(1));
  }

  private void stop() {
    servers.forEach(PitlakeProcess::close);
  }
}
