package io.pitlake.cli;

import io.pitlake.job.Backfill;
import io.pitlake.job.FlinkSettings;
import io.pitlake.job.ingest.IngestPlan;
import io.pitlake.job.progress.Figures;
import io.pitlake.job.progress.ProgressPrinter;
import java.io.PrintWriter;
import java.time.Instant;
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

  @Mixin AuditOption audit;

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
    input.from = input.from(spec, null);
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
    var options = audit.apply(lake.options());
    Instant started = Instant.now();
    try (PolygonEndpoint endpoint = PolygonEndpoint.resolve(options, System.getenv(), input.seed);
        ProgressPrinter progress = Summaries.progress(err)) {
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
          new Backfill(FlinkSettings.forCli(options), progress).run(plan, mode.mode);
      progress.close();
      Summaries.quarantined(catalog, started).ifPresent(line -> err.println("pitlake: " + line));
      printSummary(out, result);
      if (endpoint.simulator() != null) {
        out.printf(
            "simulator: %s requests, sustained %s, %s refused by its rate limit (429),"
                + " faults injected %s%n",
            Figures.count(endpoint.simulator().requestCount()),
            Figures.rate(endpoint.simulator().sustainedRequestsPerSecond()),
            Figures.count(endpoint.simulator().throttledCount()),
            endpoint.simulator().injectedFaults());
      }
    }
    return Pitlake.EXIT_OK;
  }

  private static void printSummary(PrintWriter out, Backfill.Result result) {
    out.println();
    Summaries.stages(out, result);
    out.println();
    Summaries.tables(out, result.tables());
    out.printf("%nwall time %s%n", Figures.seconds(result.wall().toNanos()));
  }
}
