package io.pitlake.cli;

import io.pitlake.catalog.Catalogs;
import io.pitlake.job.Backfill;
import io.pitlake.job.LakeTables;
import io.pitlake.job.progress.Figures;
import io.pitlake.maintenance.LakeMaintenance;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Compacts small files, expires old snapshots and deletes orphan files, table by table. */
@Command(
    name = "maintain",
    mixinStandardHelpOptions = true,
    description = {
      "Compact each table's small data files (sorted by the table's sort order), expire",
      "snapshots older than maintain.snapshot-retention (never a tagged one, nor the newest a",
      "streaming job committed) and delete unreferenced files older than maintain.orphan-age.",
      "Safe while pitlake live runs."
    })
final class MaintainCommand implements Callable<Integer> {

  @Mixin LakeOptions lake;

  @Spec CommandSpec spec;

  @Option(
      names = "--tables",
      split = ",",
      paramLabel = "NS.TABLE",
      description = "Only these tables, e.g. silver.bars_daily (default: every table of the lake).")
  List<String> only;

  @Override
  public Integer call() throws Exception {
    var options = lake.options();
    LakeMaintenance maintenance;
    try {
      maintenance =
          new LakeMaintenance(options, Clock.systemUTC(), spec.commandLine().getErr()::println);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--config " + lake.config + ": " + e.getMessage());
    }
    Catalog catalog = Catalogs.create(lake.catalog(false));
    try (var closing = Backfill.closeable(catalog)) {
      List<TableIdentifier> tables = tables(catalog);
      long t0 = System.nanoTime();
      List<LakeMaintenance.Report> reports = maintenance.run(catalog, tables);
      print(spec.commandLine().getOut(), reports);
      long before = reports.stream().mapToLong(r -> r.dataBefore().files()).sum();
      long after = reports.stream().mapToLong(r -> r.dataAfter().files()).sum();
      spec.commandLine()
          .getOut()
          .printf(
              "[maintain] %d tables: %s data files before, %s after; %s snapshots expired, %s"
                  + " orphan files deleted; %s%n",
              reports.size(),
              Figures.count(before),
              Figures.count(after),
              Figures.count(reports.stream().mapToLong(r -> r.expiredSnapshots()).sum()),
              Figures.count(reports.stream().mapToLong(r -> r.orphansDeleted()).sum()),
              Figures.seconds(System.nanoTime() - t0));
    }
    return Pitlake.EXIT_OK;
  }

  private List<TableIdentifier> tables(Catalog catalog) {
    List<TableIdentifier> all = LakeTables.existingIds(catalog);
    if (only == null) {
      return all;
    }
    List<TableIdentifier> chosen = new ArrayList<>();
    for (String name : only) {
      TableIdentifier id = TableIdentifier.parse(name.strip());
      if (!all.contains(id)) {
        throw new UsageException(
            String.format(
                "--tables %s: no such table in the lake: 'pitlake tables' lists them", name));
      }
      chosen.add(id);
    }
    return chosen;
  }

  private static void print(PrintWriter out, List<LakeMaintenance.Report> reports) {
    List<List<String>> rows = new ArrayList<>();
    for (LakeMaintenance.Report r : reports) {
      rows.add(
          List.of(
              r.table().toString(),
              Figures.count(r.dataBefore().files()),
              Figures.count(r.dataAfter().files()),
              Figures.count(r.dataBefore().bytes()),
              Figures.count(r.dataAfter().bytes()),
              Figures.count(r.snapshotsBefore()),
              Figures.count(r.snapshotsAfter()),
              r.storageBefore() == null ? "-" : Figures.count(r.storageBefore().files()),
              r.storageAfter() == null ? "-" : Figures.count(r.storageAfter().files()),
              r.storageBefore() == null ? "-" : Figures.count(r.storageBefore().bytes()),
              r.storageAfter() == null ? "-" : Figures.count(r.storageAfter().bytes())));
    }
    TablePrinter.print(
        out,
        List.of(
            "table",
            "data files",
            "after",
            "data bytes",
            "after",
            "snapshots",
            "after",
            "stored files",
            "after",
            "stored bytes",
            "after"),
        rows);
  }
}
