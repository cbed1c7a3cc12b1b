package io.pitlake.cli;

import io.pitlake.catalog.Catalogs;
import io.pitlake.job.Backfill;
import io.pitlake.job.FlinkSettings;
import io.pitlake.job.LakeTables;
import io.pitlake.job.RunMode;
import io.pitlake.job.sql.SqlEnvironments;
import io.pitlake.tag.LakeTags;
import io.pitlake.tag.TagReadingCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.iceberg.catalog.Catalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Runs one Flink SQL statement against the lake in batch mode and prints an aligned table. */
@Command(
    name = "query",
    mixinStandardHelpOptions = true,
    description = {
      "Run a Flink SQL query against the lake's catalog and print the result.",
      "Tables are namespace.table, e.g. gold.bar_features_daily; times print in UTC."
    })
final class QueryCommand implements Callable<Integer> {

  @Mixin LakeOptions lake;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SQL", description = "The query.")
  String sql;

  @picocli.CommandLine.Option(
      names = "--max-rows",
      defaultValue = "1000",
      description = "Print at most this many rows (default: ${DEFAULT-VALUE}).")
  int maxRows;

  @picocli.CommandLine.Option(
      names = "--full-precision",
      description =
          "Print floating-point numbers with every digit (default: six significant digits of each"
              + " column's largest value, at least four decimals).")
  boolean fullPrecision;

  @picocli.CommandLine.Option(
      names = "--flink",
      description =
          "Always run the query as a Flink job. Without it, a query of one table with only column"
              + " = literal conditions, ORDER BY and LIMIT is read through Iceberg directly.")
  boolean flink;

  @picocli.CommandLine.Option(
      names = "--tag",
      paramLabel = "NAME",
      description =
          "Read every table at the lake's tag NAME ('pitlake tag create'), as it was when tagged.")
  String tag;

  @Override
  public Integer call() throws Exception {
    var catalogConfig = lake.catalog(false);
    Optional<DirectRead.Query> direct = flink ? Optional.empty() : DirectRead.parse(sql);
    if (direct.isPresent() || tag != null) {
      Catalog catalog = Catalogs.create(catalogConfig);
      try (var closing = Backfill.closeable(catalog)) {
        if (tag != null) {
          checkTag(catalog, tag);
        }
        Optional<DirectRead.Answer> answer =
            direct.isEmpty()
                ? Optional.empty()
                : DirectRead.answer(catalog, direct.get(), maxRows, tag);
        if (answer.isPresent()) {
          print(answer.get().header(), answer.get().rows(), answer.get().truncated());
          return Pitlake.EXIT_OK;
        }
      }
    }
    var options = lake.options();
    var flinkConf = FlinkSettings.forCli(options);
    TableEnvironment tableEnv =
        tag == null
            ? SqlEnvironments.create(catalogConfig, RunMode.BATCH, flinkConf, options)
            : SqlEnvironments.atTag(catalogConfig, flinkConf, options, tag);
    TableResult result;
    try {
      result = tableEnv.executeSql(ReservedColumns.quote(sql));
    } catch (RuntimeException e) {
      throw missingTagAsUsage(e);
    }
    List<String> header = result.getResolvedSchema().getColumnNames();
    List<Row> rows = new ArrayList<>();
    boolean truncated = false;
    try (CloseableIterator<Row> it = result.collect()) {
      while (it.hasNext()) {
        Row row = it.next();
        if (rows.size() == maxRows) {
          truncated = true;
          break;
        }
        rows.add(row);
      }
    }
    print(header, rows, truncated);
    return Pitlake.EXIT_OK;
  }

  /**
   * A read at a tag one of its tables lacks, as the usage error it is ({@code query} and {@code
   * export}); any other failure as it is.
   */
  static RuntimeException missingTagAsUsage(RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof TagReadingCatalog.MissingTagException missing) {
        return new UsageException(missing.getMessage());
      }
    }
    return e;
  }

  /**
   * A tag name no table has is a usage error, before any table is read ({@code query} and {@code
   * export}).
   */
  static void checkTag(Catalog catalog, String tag) {
    String invalid = LakeTags.invalidName(tag);
    if (invalid != null) {
      throw new UsageException("--tag " + invalid);
    }
    if (LakeTags.list(catalog, LakeTables.existingIds(catalog), tag).isEmpty()) {
      throw new UsageException(TagCommand.unknown(tag));
    }
  }

  private void print(List<String> header, List<Row> rows, boolean truncated) {
    TablePrinter.print(
        spec.commandLine().getOut(), header, CellFormat.cells(rows, header.size(), fullPrecision));
    spec.commandLine()
        .getOut()
        .printf(
            "%d row%s%s%n",
            rows.size(),
            rows.size() == 1 ? "" : "s",
            truncated ? " (truncated; raise --max-rows)" : "");
  }
}
