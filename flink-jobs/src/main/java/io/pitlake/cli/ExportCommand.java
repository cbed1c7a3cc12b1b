package io.pitlake.cli;

import io.pitlake.catalog.Catalogs;
import io.pitlake.export.ExportMode;
import io.pitlake.export.ExportRequest;
import io.pitlake.export.ExportSink;
import io.pitlake.export.PanelExport;
import io.pitlake.export.ParquetPanelWriter;
import io.pitlake.export.QlibWriter;
import io.pitlake.job.Backfill;
import io.pitlake.job.FlinkSettings;
import io.pitlake.job.RunMode;
import io.pitlake.job.sql.SqlEnvironments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.flink.table.api.TableEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Exports adjusted daily bars and features as known at T, or as first known, for research tools
 * that do not read Iceberg: Qlib's binary layout, or one flat Parquet file.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = "Export the lake point in time for research tools: Qlib's layout or Parquet.",
    subcommands = {ExportCommand.Qlib.class, ExportCommand.ParquetPanel.class})
final class ExportCommand {

  /** The flags both formats share: the point-in-time mode and what to export. */
  static final class Selection {

    @Option(
        names = "--as-of",
        paramLabel = "INSTANT",
        converter = Converters.IsoInstant.class,
        description =
            "Knowledge time T, an ISO instant with offset (default: now). Every row is as known at"
                + " T: revisions and actions known by T applied, nothing known after T. With"
                + " --first-known: only sessions first known by T.")
    Instant asOf;

    @Option(
        names = "--tag",
        paramLabel = "NAME",
        description =
            "Read the lake at its tag NAME ('pitlake tag create'), as it was when tagged; combines"
                + " with --as-of and --first-known (history as known at T within the tagged lake).")
    String tag;

    @Option(
        names = "--first-known",
        description =
            "Each symbol x session as first known: at the later of its bar's first availability"
                + " and the session's decision instant (its close), as a backtest saw it then.")
    boolean firstKnown;

    @Option(
        names = "--symbols",
        split = ",",
        paramLabel = "TICKER[,TICKER...]",
        converter = Converters.Ticker.class,
        description = "Tickers (default: every symbol with bars).")
    List<String> symbols = List.of();

    @Option(
        names = "--start",
        paramLabel = "YYYY-MM-DD",
        converter = Converters.IsoDate.class,
        description = "First session, inclusive (default: the first with a bar).")
    LocalDate start;

    @Option(
        names = "--end",
        paramLabel = "YYYY-MM-DD",
        converter = Converters.IsoDate.class,
        description = "Last session, inclusive (default: the last with a bar).")
    LocalDate end;

    @Option(
        names = "--fields",
        split = ",",
        paramLabel = "FEATURE[,FEATURE...]",
        description =
            "Feature columns to add to the adjusted prices, each as known at the row's instant:"
                + " gold.bar_features_daily's (dollar_volume, ret_1d, ret_5d, ret_21d, vol_21d,"
                + " returns_in_window) or gold.features_daily's (Alpha158 and the technical set,"
                + " e.g. roc5, rsi_14; TABLES.md). A name both have is bar_features_daily's;"
                + " write features_daily.NAME for the other.")
    List<String> fields = List.of();

    ExportRequest request() {
      try {
        return new ExportRequest(
            firstKnown ? ExportMode.FIRST_KNOWN : ExportMode.AS_OF,
            asOf == null ? Instant.now() : asOf,
            symbols,
            start,
            end,
            fields);
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
    }
  }

  /** Runs an export into a sink the format makes, and prints what was written. */
  abstract static class Format implements Callable<Integer> {

    @Mixin LakeOptions lake;

    @Mixin Selection selection;

    @Spec CommandSpec spec;

    /** Checks {@code --out} before anything runs: a bad path must not cost a Flink job. */
    abstract void checkOut();

    abstract ExportSink sink(ExportRequest request);

    abstract String what();

    @Override
    public Integer call() throws Exception {
      ExportRequest request = selection.request();
      checkOut();
      var catalog = lake.catalog(false);
      var options = lake.options();
      String tag = selection.tag;
      if (tag != null) {
        try (var tags = Backfill.closeable(Catalogs.create(catalog))) {
          QueryCommand.checkTag(tags.get(), tag);
        }
      }
      TableEnvironment tableEnv =
          tag == null
              ? SqlEnvironments.create(
                  catalog, RunMode.BATCH, FlinkSettings.forCli(options), options)
              : SqlEnvironments.atTag(catalog, FlinkSettings.forCli(options), options, tag);
      var err = spec.commandLine().getErr();
      err.printf(
          "[export] %s, %s %s%s%n",
          what(),
          request.mode() == ExportMode.AS_OF ? "as of" : "as first known, up to",
          request.asOf(),
          tag == null ? "" : ", at tag " + tag);
      PanelExport.Summary summary;
      try {
        summary = PanelExport.run(tableEnv, request, sink(request), err);
      } catch (RuntimeException e) {
        throw QueryCommand.missingTagAsUsage(e);
      }
      spec.commandLine()
          .getOut()
          .printf(
              "exported %,d rows of %d symbols, sessions %s..%s, in %.1f s: %s%n",
              summary.rows(),
              summary.symbols(),
              summary.first(),
              summary.last(),
              summary.seconds(),
              what());
      return Pitlake.EXIT_OK;
    }
  }

  /** Qlib's binary layout. */
  @Command(
      name = "qlib",
      mixinStandardHelpOptions = true,
      description = {
        "Write Qlib's binary layout (calendars/, instruments/all.txt, features/): $open $high"
            + " $low $close $vwap total-return adjusted, $volume divided by the same factor,"
            + " $factor = adjusted / raw, and any --fields.",
        "Load it with qlib.init(provider_uri=DIR) and D.features(...)."
      })
  static final class Qlib extends Format {

    @Option(
        names = "--out",
        required = true,
        paramLabel = "DIR",
        description = "A new or empty directory.")
    Path out;

    @Override
    void checkOut() {
      if (Files.exists(out)) {
        boolean empty;
        try (Stream<Path> entries = Files.list(out)) {
          empty = entries.findAny().isEmpty();
        } catch (IOException e) {
          throw new UsageException(
              String.format("--out %s is not a readable directory: give a new directory", out));
        }
        if (!empty) {
          throw new UsageException(
              String.format(
                  "--out %s is not empty: give a new or empty directory (an export never mixes"
                      + " with older files)",
                  out));
        }
      }
    }

    @Override
    ExportSink sink(ExportRequest request) {
      return new QlibWriter(out, request.columns());
    }

    @Override
    String what() {
      return "Qlib layout in " + out;
    }
  }

  /** One flat Parquet file. */
  @Command(
      name = "parquet",
      mixinStandardHelpOptions = true,
      description = {
        "Write a flat long panel to one Parquet file: date (a timestamp), symbol, open high low"
            + " close vwap (total-return adjusted), volume (divided by the same factor), factor,"
            + " and any --fields; pandas.read_parquet and polars.read_parquet read it as is."
      })
  static final class ParquetPanel extends Format {

    @Option(
        names = "--out",
        required = true,
        paramLabel = "FILE",
        description = "A new file, e.g. panel.parquet.")
    Path out;

    @Override
    void checkOut() {
      if (Files.exists(out)) {
        throw new UsageException(
            String.format("--out %s exists: give a new file name or remove it first", out));
      }
      Path parent = out.toAbsolutePath().getParent();
      if (!Files.isDirectory(parent)) {
        throw new UsageException(
            String.format("--out %s: no directory %s: create it first", out, parent));
      }
    }

    @Override
    ExportSink sink(ExportRequest request) {
      return new ParquetPanelWriter(out, request.columns());
    }

    @Override
    String what() {
      return "Parquet panel " + out;
    }
  }
}
