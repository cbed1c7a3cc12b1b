package io.pitlake.engines.python;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.engines.EngineLakes;
import io.pitlake.engines.PitlakeProcess;
import io.pitlake.engines.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.deletes.PositionDelete;
import org.apache.iceberg.deletes.PositionDeleteWriter;
import org.apache.iceberg.encryption.EncryptedFiles;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.rest.RESTCatalog;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pitlake's Python package ({@code python/}) reads a lake pitlake built, through {@code pitlake
 * catalog serve --clients} with a reader's token, and its pytest suite compares every read with
 * {@code pitlake query} of the table's documented as-of SQL on the same lake.
 *
 * <p>The lake: a year of two symbols' bars; a second backfill with another simulator seed that
 * revises {@link #REVISED}'s last two months (version 2, known only from that run on); Polygon's
 * splits and dividends of {@link #WITH_ACTIONS}, the adjustment factors built from them and {@code
 * gold.features_daily} (compared with TA-Lib and pandas by {@code test_features_daily.py}, with
 * pyqlib's own Alpha158 on {@code pitlake export qlib} by {@code test_alpha158_qlib.py}); a
 * streaming build of the panel (insert-only, like every table); and a branch {@link #WITH_DELETES}
 * of the panel on which one row is deleted by a position delete file, as another engine's row-level
 * delete in merge-on-read mode would, the case the package must refuse since pitlake itself never
 * writes one. The venv is installed while the lake is built (pip waits on the network, pitlake on
 * the CPU). For universes and ticker resolution ({@code test_universes.py}) it also holds {@link
 * #RENAMED}'s bars and ticker details (the security master) and the sample universe file. pytest
 * gets the catalog, the tokens, pitlake's command line and these facts through its environment, and
 * its output is printed here.
 *
 * <p>A second, wide lake holds what {@code backfill} builds for {@link #WIDE_SYMBOLS} simulated
 * symbols over {@link #WIDE_YEAR} (silver and gold daily bars), served by a catalog of its own, so
 * {@code test_pruning.py} can show that a one-symbol year plans a small bounded number of bytes,
 * not the table: on the main lake's six symbols a whole table is a few files, too small to tell.
 * Its backfill (83 CPU seconds) runs after the main lake's build, not beside it: beside it, under
 * other builds' load, it pushed the main lake's first backfill past its 5-minute limit.
 */
class PythonITCase {

  static final String SYMBOLS = "AAPL,MSFT,SPLT,DIVC";

  /** The simulators' symbols with a split and dividends in 2024. */
  static final String WITH_ACTIONS = "SPLT,DIVC";

  /** The simulators' rename: OLDC became NEWC on 2024-09-03. */
  static final String RENAMED = "OLDC,NEWC";

  /** The universe file the README ingests too: index DEMO, with OLDC a member since 2000. */
  static final String UNIVERSE_SAMPLE = "sql/silver/index_membership.sample.csv";

  /**
   * A later change to DEMO, ingested after the first universe build: MSFT joins on 2024-12-02,
   * announced 2024-11-22. A read at the tag of that first build must not see it.
   */
  static final String UNIVERSE_CHANGE =
      "index,symbol,cik,effective_from,effective_to,announced_at\n"
          + "DEMO,MSFT,,2024-12-02,,2024-11-22T17:15:00-05:00\n";

  /** The SEC simulator's made-up filers with a decade of filings: AAPL and MSFT, by their CIKs. */
  static final int FILERS = 2;

  static final String CIKS = "320193,789019";

  static final String REVISED = "AAPL";
  static final String REVISED_FROM = "2024-11-01";
  static final String REVISED_TO = "2024-12-31";

  /** NYSE sessions from {@link #REVISED_FROM} to {@link #REVISED_TO}. */
  static final int REVISED_SESSIONS = 41;

  /** The panel's branch whose snapshot has a delete file. */
  static final String WITH_DELETES = "with-deletes";

  /** The wide lake's symbols: the benchmarks' simulated B0001..B0500. */
  static final int WIDE_SYMBOLS = 500;

  static final int WIDE_YEAR = 2024;

  /** NYSE sessions in {@link #WIDE_YEAR}: the rows of one symbol's year. */
  static final int WIDE_SESSIONS = 252;

  /** The wide lake's symbol the pytest reads: one from the middle of the sort order. */
  static final String WIDE_SYMBOL = "B0250";

  /**
   * The wide backfill's limit, above the other runs' 5 minutes: under other builds' load (average
   * 22–29 on two cores) it took 345 s.
   */
  static final Duration WIDE_TIMEOUT = Duration.ofMinutes(15);

  static final String READER = "python";
  static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);
  static final Duration PYTEST_TIMEOUT = Duration.ofMinutes(15);

  /** pytest's report, under the module's target directory (the tests' working directory). */
  static final Path PYTEST_REPORT = Path.of("target", "pytest-reports", "TEST-pytest.xml");

  @TempDir static Path work;

  @Test
  @DisplayName("the Python package returns exactly the rows of each table's documented as-of SQL")
  void pytestPasses() {
    Path project = Path.of(Processes.buildProperty("pitlake.python-project"));
    CompletableFuture<Timed<PythonEnvironment>> python =
        CompletableFuture.supplyAsync(
            () ->
                Timed.of(
                    () ->
                        PythonEnvironment.create(
                            Path.of(Processes.buildProperty("pitlake.python-venv")),
                            project,
                            work.resolve("pip.log"))));
    long t0 = System.nanoTime();
    Path lake = work.resolve("lake");
    pitlake(
        "backfill",
        "--symbols",
        SYMBOLS + "," + RENAMED,
        "--from",
        "2024-01-01",
        "--to",
        REVISED_TO);
    Instant revisedAt = Instant.now();
    pitlake(
        "backfill",
        "--symbols",
        REVISED,
        "--from",
        REVISED_FROM,
        "--to",
        REVISED_TO,
        "--seed",
        "7");
    pitlake("ingest", "--universe", project.getParent().resolve(UNIVERSE_SAMPLE).toString());
    // The universe as first built (the tag test_universes.py reads), before the change below.
    pitlake("build", "--layer", "reference");
    Path secConfig = write("sec.properties", "simulator.sec.synthetic-filers=" + FILERS + "\n");
    pitlake(
        "ingest",
        "--datasets",
        "polygon.splits,polygon.dividends,polygon.ticker_details,polygon.ticker_events,"
            + "sec.company_tickers,sec.submissions,sec.companyfacts",
        "--symbols",
        WITH_ACTIONS + "," + RENAMED,
        "--ciks",
        CIKS,
        "--from",
        "2024-01-01",
        "--to",
        REVISED_TO,
        "--config",
        secConfig.toString());
    pitlake("ingest", "--universe", write("universe-change.csv", UNIVERSE_CHANGE).toString());
    pitlake("build", "--layer", "reference");
    pitlake("build", "--layer", "adjusted");
    pitlake("build", "--layer", "features");
    pitlake("build", "--layer", "fundamentals");
    pitlake("build", "--layer", "panel", "--mode", "streaming");
    long t1 = System.nanoTime();

    Path wide = backfillWide(work.resolve("wide"));
    long t1w = System.nanoTime();

    Path clients = EngineLakes.clients(work.resolve("clients"), READER);
    try (PitlakeProcess server = EngineLakes.serve(work.resolve("catalog"), lake, clients);
        PitlakeProcess wideServer =
            EngineLakes.serve(work.resolve("catalog-wide"), wide, clients)) {
      String uri = server.awaitOutput(EngineLakes.SERVED, Duration.ofMinutes(1)).group(1);
      String wideUri = wideServer.awaitOutput(EngineLakes.SERVED, Duration.ofMinutes(1)).group(1);
      deleteOneRowOnABranch(uri, secret(clients, "writer/flink"));
      Timed<PythonEnvironment> venv = python.join();
      long t2 = System.nanoTime();

      Path log = work.resolve("pytest.log");
      int exit =
          PythonEnvironment.run(
              List.of(
                  venv.value().python(),
                  "-m",
                  "pytest",
                  "-p",
                  "no:cacheprovider",
                  "-rA",
                  "-q",
                  // JUnit XML beside failsafe's reports, so .ci/run prints pytest's summary too.
                  "--junitxml=" + PYTEST_REPORT.toAbsolutePath()),
              Map.of(
                  "PITLAKE_CATALOG_URI", uri,
                  "PITLAKE_READER_TOKEN", secret(clients, "reader/" + READER),
                  "PITLAKE_WRITER_TOKEN", secret(clients, "writer/flink"),
                  "PITLAKE_COMMAND", jsonArray(PitlakeProcess.command(List.of())),
                  "PITLAKE_WAREHOUSE", lake.toString(),
                  "PITLAKE_LOG_DIR", work.resolve("logs").toString(),
                  "PITLAKE_TEST_LAYOUT", layout(revisedAt, wideUri),
                  "PYTHONDONTWRITEBYTECODE", "1"),
              project,
              log,
              PYTEST_TIMEOUT);
      long t3 = System.nanoTime();
      String output = PythonEnvironment.read(log);
      System.out.println(output);
      System.out.printf(
          "[bench] Python: lake %.1f s, %d-symbol lake %.1f s, venv + pip install %.1f s"
              + " (meanwhile), catalog start and wait %.1f s, pytest %.1f s; %.1f s in all%n",
          (t1 - t0) / 1e9,
          WIDE_SYMBOLS,
          (t1w - t1) / 1e9,
          venv.seconds(),
          (t2 - t1w) / 1e9,
          (t3 - t2) / 1e9,
          (t3 - t0) / 1e9);
      assertThat(exit).as("pytest exit code; output:%n%s", output).isZero();
    }
  }

  /** A value and the seconds it took to make. */
  record Timed<T>(T value, double seconds) {
    static <T> Timed<T> of(Supplier<T> supplier) {
      long t0 = System.nanoTime();
      T value = supplier.get();
      return new Timed<>(value, (System.nanoTime() - t0) / 1e9);
    }
  }

  /**
   * Branches {@code gold.panel_daily} as {@link #WITH_DELETES} and deletes the first row of one of
   * its data files on that branch with a position delete file, through Iceberg's own REST client
   * and writer factory; the main branch is untouched.
   */
  private static void deleteOneRowOnABranch(String uri, String writerToken) {
    try (RESTCatalog catalog = new RESTCatalog()) {
      catalog.initialize("writer", Map.of(CatalogProperties.URI, uri, "token", writerToken));
      Table panel = catalog.loadTable(TableIdentifier.of("gold", "panel_daily"));
      panel.manageSnapshots().createBranch(WITH_DELETES).commit();
      DataFile data;
      try (CloseableIterable<FileScanTask> tasks = panel.newScan().planFiles()) {
        data = tasks.iterator().next().file();
      }
      PartitionSpec spec = panel.specs().get(data.specId());
      OutputFile out =
          panel
              .io()
              .newOutputFile(
                  panel
                      .locationProvider()
                      .newDataLocation(
                          spec, data.partition(), "delete-" + UUID.randomUUID() + ".parquet"));
      PositionDeleteWriter<Record> writer =
          new GenericFileWriterFactory.Builder(panel)
              .deleteFileFormat(FileFormat.PARQUET)
              .build()
              .newPositionDeleteWriter(
                  EncryptedFiles.plainAsEncryptedOutput(out), spec, data.partition());
      try (writer) {
        writer.write(PositionDelete.<Record>create().set(data.location(), 0L, null));
      }
      panel.newRowDelta().addDeletes(writer.toDeleteFile()).toBranch(WITH_DELETES).commit();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Backfills {@link #WIDE_SYMBOLS} simulated symbols' {@link #WIDE_YEAR} into {@code warehouse}.
   */
  private static Path backfillWide(Path warehouse) {
    String symbols =
        IntStream.rangeClosed(1, WIDE_SYMBOLS)
            .mapToObj(i -> String.format("B%04d", i))
            .collect(Collectors.joining(","));
    PitlakeProcess.run(
            work.resolve("backfill-wide"),
            Map.of(),
            WIDE_TIMEOUT,
            "backfill",
            "--symbols",
            symbols,
            "--from",
            WIDE_YEAR + "-01-01",
            "--to",
            WIDE_YEAR + "-12-31",
            "--warehouse",
            warehouse.toString())
        .assertSucceeded();
    return warehouse;
  }

  private static void pitlake(String... args) {
    List<String> command = new ArrayList<>(List.of(args));
    command.addAll(List.of("--warehouse", work.resolve("lake").toString()));
    PitlakeProcess.run(work.resolve(args[0]), Map.of(), RUN_TIMEOUT, command.toArray(String[]::new))
        .assertSucceeded();
  }

  /** What pytest needs to know of the lake (conftest.py's {@code layout}), as JSON. */
  private static String layout(Instant revisedAt, String wideUri) {
    return String.format(
        "{\"revised_at\": \"%s\", \"revised_symbol\": \"%s\", \"revised_from\": \"%s\","
            + " \"revised_to\": \"%s\", \"revised_sessions\": %d, \"with_deletes\": \"%s\","
            + " \"wide\": {\"uri\": \"%s\", \"symbols\": %d, \"symbol\": \"%s\", \"year\": %d,"
            + " \"sessions\": %d}}",
        revisedAt,
        REVISED,
        REVISED_FROM,
        REVISED_TO,
        REVISED_SESSIONS,
        WITH_DELETES,
        wideUri,
        WIDE_SYMBOLS,
        WIDE_SYMBOL,
        WIDE_YEAR,
        WIDE_SESSIONS);
  }

  /** A file in the test's work directory, for pitlake to read. */
  private static Path write(String name, String content) {
    try {
      return Files.writeString(work.resolve(name), content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String secret(Path clients, String client) {
    try {
      return Files.readString(clients.resolve(client)).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The JSON array of {@code values}: pitlake's command line, for pytest to start queries. */
  private static String jsonArray(List<String> values) {
    List<String> quoted = new ArrayList<>();
    for (String value : values) {
      quoted.add('"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"');
    }
    return "[" + String.join(",", quoted) + "]";
  }
}
