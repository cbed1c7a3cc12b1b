package io.pitlake.cli;

import io.pitlake.catalog.Catalogs;
import io.pitlake.job.LakeTables;
import io.pitlake.job.TableStats;
import io.pitlake.job.progress.Figures;
import io.pitlake.table.TableSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.iceberg.catalog.Catalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Lists pitlake's tables with live row counts and their newest snapshot. */
@Command(
    name = "tables",
    mixinStandardHelpOptions = true,
    description = "List the lake's tables with row counts and the latest snapshot.")
final class TablesCommand implements Callable<Integer> {

  @Mixin LakeOptions lake;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Catalog catalog = Catalogs.create(lake.catalog(false));
    try {
      List<List<String>> rows = new ArrayList<>();
      for (TableSpec table : LakeTables.known(catalog)) {
        if (!catalog.tableExists(table.id())) {
          rows.add(List.of(table.id().toString(), "-", "-", "0"));
          continue;
        }
        TableStats stats = TableStats.of(catalog, table);
        rows.add(
            List.of(
                stats.table(),
                Figures.count(stats.rows()),
                stats.snapshotId() == null ? "-" : stats.snapshotId().toString(),
                Figures.count(stats.snapshots())));
      }
      TablePrinter.print(
          spec.commandLine().getOut(),
          List.of("table", "rows", "latest snapshot", "snapshots"),
          rows);
    } finally {
      if (catalog instanceof AutoCloseable closeable) {
        closeable.close();
      }
    }
    return Pitlake.EXIT_OK;
  }
}
