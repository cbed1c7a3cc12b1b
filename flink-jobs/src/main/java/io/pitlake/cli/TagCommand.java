package io.pitlake.cli;

import io.pitlake.catalog.Catalogs;
import io.pitlake.job.Backfill;
import io.pitlake.job.LakeTables;
import io.pitlake.job.progress.Figures;
import io.pitlake.tag.ConsistentPoint;
import io.pitlake.tag.LakeTags;
import io.pitlake.tag.TagPoint;
import java.io.PrintWriter;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Lake-wide tags: every table tagged at one consistent point, for reads a backtest can repeat
 * ({@code pitlake query --tag}, Trino's {@code FOR VERSION AS OF 'NAME'}, Spark's {@code VERSION AS
 * OF 'NAME'}).
 */
@Command(
    name = "tag",
    mixinStandardHelpOptions = true,
    description = "Tag every table of the lake at one consistent point, list or delete tags.",
    subcommands = {TagCommand.Create.class, TagCommand.ListTags.class, TagCommand.Delete.class})
final class TagCommand {

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Tag every table of the lake with NAME at one consistent point.",
        "Tables a streaming job (pitlake live) writes are tagged at the newest checkpoint all of",
        "them have committed (flink.max-committed-checkpoint-id); every other table at its",
        "current snapshot. A tag keeps its snapshots through pitlake maintain."
      })
  static final class Create implements Callable<Integer> {

    @Mixin LakeOptions lake;

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The tag's name.")
    String name;

    @Override
    public Integer call() throws Exception {
      String invalid = LakeTags.invalidName(name);
      if (invalid != null) {
        throw new UsageException(invalid);
      }
      Catalog catalog = Catalogs.create(lake.catalog(false));
      try (var closing = Backfill.closeable(catalog)) {
        List<TableIdentifier> tables = LakeTables.existingIds(catalog);
        List<TableIdentifier> holders = LakeTags.holders(catalog, tables, name);
        if (!holders.isEmpty()) {
          throw new UsageException(
              String.format(
                  "tag '%s' already exists (on %d of %d tables): choose another name, or remove"
                      + " it with 'pitlake tag delete %s' and create it again",
                  name, holders.size(), tables.size(), name));
        }
        TagPoint point = ConsistentPoint.of(catalog, tables);
        List<LakeTags.Tagged> made = LakeTags.create(catalog, name, point);
        PrintWriter out = spec.commandLine().getOut();
        print(out, made);
        long empty = point.tables().stream().filter(c -> c.snapshotId() == null).count();
        StringBuilder how = new StringBuilder();
        for (Map.Entry<String, Long> job : point.checkpoints().entrySet()) {
          how.append(
              String.format(
                  "; the tables streaming job %s writes at its checkpoint %d",
                  job.getKey(), job.getValue()));
        }
        if (empty > 0) {
          how.append(String.format("; %d empty table(s) got an empty snapshot", empty));
        }
        out.printf("tagged %d tables '%s'%s%n", made.size(), name, how);
      }
      return Pitlake.EXIT_OK;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description =
          "List the lake's tags: tag, table, snapshot, its commit time, checkpoint, rows.")
  static final class ListTags implements Callable<Integer> {

    @Mixin LakeOptions lake;

    @Spec CommandSpec spec;

    @Parameters(
        index = "0",
        arity = "0..1",
        paramLabel = "NAME",
        description = "Only this tag (default: every tag).")
    String name;

    @Override
    public Integer call() throws Exception {
      Catalog catalog = Catalogs.create(lake.catalog(false));
      try (var closing = Backfill.closeable(catalog)) {
        List<LakeTags.Tagged> tags = LakeTags.list(catalog, LakeTables.existingIds(catalog), name);
        if (name != null && tags.isEmpty()) {
          throw new UsageException(unknown(name));
        }
        print(spec.commandLine().getOut(), tags);
        spec.commandLine()
            .getOut()
            .printf(
                "%d tag(s) on %d table(s)%n",
                tags.stream().map(LakeTags.Tagged::tag).distinct().count(),
                tags.stream().map(LakeTags.Tagged::table).distinct().count());
      }
      return Pitlake.EXIT_OK;
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = {
        "Remove tag NAME from every table that has it.",
        "Its snapshots are then expired by pitlake maintain once older than the retention."
      })
  static final class Delete implements Callable<Integer> {

    @Mixin LakeOptions lake;

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The tag's name.")
    String name;

    @Override
    public Integer call() throws Exception {
      Catalog catalog = Catalogs.create(lake.catalog(false));
      try (var closing = Backfill.closeable(catalog)) {
        List<TableIdentifier> removed =
            LakeTags.delete(catalog, LakeTables.existingIds(catalog), name);
        if (removed.isEmpty()) {
          throw new UsageException(unknown(name));
        }
        spec.commandLine()
            .getOut()
            .printf("removed tag '%s' from %d tables%n", name, removed.size());
      }
      return Pitlake.EXIT_OK;
    }
  }

  /** The one-line error for a tag no table has. */
  static String unknown(String name) {
    return String.format(
        "no tag '%s' in the lake: 'pitlake tag list' shows the tags, 'pitlake tag create %s'"
            + " makes it",
        name, name);
  }

  private static void print(PrintWriter out, List<LakeTags.Tagged> tags) {
    List<List<String>> rows = new ArrayList<>();
    for (LakeTags.Tagged t : tags) {
      rows.add(
          List.of(
              t.tag(),
              t.table().toString(),
              Long.toString(t.snapshotId()),
              DateTimeFormatter.ISO_INSTANT.format(t.committedAt().truncatedTo(ChronoUnit.SECONDS)),
              t.checkpointId() == null ? "-" : Long.toString(t.checkpointId()),
              Figures.count(t.rows())));
    }
    TablePrinter.print(
        out, List.of("tag", "table", "snapshot", "committed at", "checkpoint", "rows"), rows);
  }
}
