package io.pitlake.cli;

import io.pitlake.job.Backfill;
import io.pitlake.job.FlinkSettings;
import io.pitlake.job.TableStats;
import io.pitlake.job.ingest.IngestPlan;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Fetches daily bars for a date range and builds bronze, silver and gold from them. */
@Command(
    name = "backfill",
    mixinStandardHelpOptions = true,
    description = {
      "Fetch Polygon daily bars and build bronze, silver and gold tables.",
      "Without POLYGON_API_KEY (or polygon.api-key-file) the built-in simulator serves the data.",
      "Running it again adds nothing unless the vendor's data changed."
    })
final class BackfillCommand implements Callable<Integer> {

  private static final LocalDate FIRST_SUPPORTED = LocalDate.of(2000, 1, 1);
  private static final LocalDate LAST_SUPPORTED = LocalDate.of(2099, 12, 31);

  @Mixin LakeOptions lake;

  @Spec CommandSpec spec;

  @Mixin VendorInput input;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "YYYY-MM-DD",
      converter = Converters.IsoDate.class,
      description = "Last session date, inclusive.")
  LocalDate to;

  @Mixin ModeOption mode;

  @Override
  public Integer call() {
    if (input.from.isAfter(to)) {
      throw new UsageException(
          String.format(
              "--from %s is after --to %s: give the earlier date to --from", input.from, to));
    }
    if (input.from.isBefore(FIRST_SUPPORTED) || to.isAfter(LAST_SUPPORTED)) {
      throw new UsageException(
          String.format(
              "--from/--to %s..%s: the NYSE calendar covers %s..%s: narrow the range",
              input.from, to, FIRST_SUPPORTED, LAST_SUPPORTED));
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    var catalog = lake.catalog(true);
    var options = lake.options();
    try (PolygonEndpoint endpoint = PolygonEndpoint.resolve(options, System.getenv(), input.seed)) {
      err.println("pitlake: " + endpoint.description());
      IngestPlan plan =
          new IngestPlan(
              catalog,
              input.tickers(),
              input.from,
              to,
              endpoint.baseUrl(),
              endpoint.credentials(),
              options);
      Backfill.Result result =
          new Backfill(FlinkSettings.forCli(options), err::println).run(plan, mode.mode);
      printSummary(out, result);
      if (endpoint.simulator() != null) {
        out.printf(
            "simulator: %,d requests, sustained %.2f/s, %,d refused by its rate limit (429),"
                + " faults injected %s%n",
            endpoint.simulator().requestCount(),
            endpoint.simulator().sustainedRequestsPerSecond(),
            endpoint.simulator().throttledCount(),
            endpoint.simulator().injectedFaults());
      }
    }
    return Pitlake.EXIT_OK;
  }

  private static void printSummary(PrintWriter out, Backfill.Result result) {
    out.println();
    // Ingest, silver and gold run as one job: each stage's rows over the job's time.
    out.printf("%-34s %12s %10s %12s%n", "stage (one job)", "rows", "seconds", "rows/s");
    for (Backfill.Stage stage : result.stages()) {
      out.printf(
          "%-34s %,12d %10.1f %,12.0f%n",
          stage.name(), stage.rows(), stage.elapsed().toMillis() / 1e3, stage.rowsPerSecond());
    }
    out.println();
    out.printf("%-34s %12s %22s %10s%n", "table", "rows", "snapshot", "snapshots");
    for (TableStats table : result.tables()) {
      out.printf(
          "%-34s %,12d %22s %10d%n",
          table.table(),
          table.rows(),
          table.snapshotId() == null ? "-" : table.snapshotId().toString(),
          table.snapshots());
    }
    out.printf("%nwall time %.1f s%n", result.wall().toMillis() / 1e3);
  }
}
