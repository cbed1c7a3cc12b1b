package io.pitlake.cli;

import io.pitlake.catalog.Catalogs;
import io.pitlake.job.Backfill;
import io.pitlake.job.FlinkSettings;
import io.pitlake.job.LakeTables;
import io.pitlake.job.RunMode;
import io.pitlake.job.TableStats;
import io.pitlake.job.sql.SqlEnvironments;
import io.pitlake.report.LakeReport;
import io.pitlake.report.ReportOptions;
import io.pitlake.report.ReportPage;
import io.pitlake.report.ReportReader;
import io.pitlake.table.TableSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.iceberg.catalog.Catalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Writes the coverage report: one static HTML page a person opens in a browser to see what the lake
 * holds as known at T, where it has holes and what it found wrong.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Write the lake's coverage report as one static HTML page (no server, nothing fetched):"
          + " coverage per symbol and month against the NYSE calendar, known gaps, rows per table"
          + " and layer over time, quarantine reasons over time, the lag from event to"
          + " availability per dataset, and the data-quality findings open at T."
    })
final class ReportCommand implements Callable<Integer> {

  @Mixin LakeOptions lake;

  @Spec CommandSpec spec;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "The HTML file to write, e.g. report.html (replaced if it exists).")
  Path out;

  @Option(
      names = "--as-of",
      paramLabel = "INSTANT",
      converter = Converters.IsoInstant.class,
      description =
          "The report's instant T, an ISO instant with offset (default: now): every figure counts"
              + " the rows known at T (available_at <= T).")
  Instant asOf;

  @Override
  public Integer call() throws Exception {
    Path parent = out.toAbsolutePath().getParent();
    if (!Files.isDirectory(parent)) {
      throw new UsageException(
          String.format("--out %s: no directory %s: create it first", out, parent));
    }
    if (Files.isDirectory(out)) {
      throw new UsageException(
          String.format("--out %s is a directory: give a file name, e.g. %s", out, "report.html"));
    }
    Instant t = asOf == null ? Instant.now() : asOf;
    long t0 = System.nanoTime();
    var catalogConfig = lake.catalog(false);
    List<String> tables = new ArrayList<>();
    List<String> withRows = new ArrayList<>();
    Catalog catalog = Catalogs.create(catalogConfig);
    try (var closing = Backfill.closeable(catalog)) {
      // An empty table costs a Flink source to plan and run; its snapshot says it has no rows.
      for (TableSpec table : LakeTables.existing(catalog)) {
        tables.add(table.id().toString());
        if (TableStats.of(catalog, table).rows() > 0) {
          withRows.add(table.id().toString());
        }
      }
    }
    if (tables.isEmpty()) {
      throw new UsageException(
          "the lake has no tables yet: run 'pitlake backfill' (or check --warehouse / --config)");
    }
    var options = lake.options();
    var tableEnv =
        SqlEnvironments.create(
            catalogConfig, RunMode.BATCH, FlinkSettings.forCli(options), options);
    var err = spec.commandLine().getErr();
    err.printf(
        "[report] %d tables (%d with rows) as known at %s%n", tables.size(), withRows.size(), t);
    LakeReport report = new ReportReader(tableEnv, err).read(tables, withRows, t);
    String html =
        ReportPage.render(
            report, options.get(ReportOptions.HEATMAP_SYMBOLS), options.get(ReportOptions.LISTED));
    Path partial = parent.resolve(out.getFileName() + ".partial");
    Files.writeString(partial, html, StandardCharsets.UTF_8);
    Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    long symbols =
        report.coverage().stream().map(LakeReport.CoverageCell::symbol).distinct().count();
    spec.commandLine()
        .getOut()
        .printf(
            "wrote %s: %d tables, %d symbols, %d gaps, %d quarantined, %d open findings, in %.1f"
                + " s%n",
            out,
            tables.size(),
            symbols,
            report.gaps().size(),
            report.quarantine().stream().mapToLong(LakeReport.QuarantineMonth::rows).sum(),
            report.findings().size(),
            (System.nanoTime() - t0) / 1e9);
    return Pitlake.EXIT_OK;
  }
}
