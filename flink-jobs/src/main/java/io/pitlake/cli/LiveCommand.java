package io.pitlake.cli;

import io.pitlake.job.Backfill;
import io.pitlake.job.BackfillOptions;
import io.pitlake.job.FlinkSettings;
import io.pitlake.job.ingest.IngestPlan;
import io.pitlake.job.progress.ProgressPrinter;
import io.pitlake.time.NyseCalendar;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.apache.flink.core.execution.JobClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Follows the vendor: the backfill's job in streaming mode, fetching each session as published. */
@Command(
    name = "live",
    mixinStandardHelpOptions = true,
    description = {
      "Follow Polygon daily bars from --from on and keep bronze, silver and gold current.",
      "One streaming job that never ends: each session is fetched once its bars are published",
      "(close plus polygon.aggs-day.publication-delay), with the last live.lookback-days again",
      "for revisions, and committed every live.commit-interval. Stop it with Ctrl-C (or cancel",
      "the Flink job); starting it again adds only what is new."
    })
final class LiveCommand implements Callable<Integer> {

  /** In a pipe or a log, one progress line per interval: a live run runs for days. */
  private static final Duration LOG_EVERY = Duration.ofSeconds(30);

  @Mixin LakeOptions lake;

  @Mixin VendorInput input;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (input.from.isBefore(NyseCalendar.FIRST_SUPPORTED_DATE)
        || input.from.isAfter(LocalDate.now())) {
      throw new UsageException(
          String.format(
              "--from %s: give a past date on or after %s",
              input.from, NyseCalendar.FIRST_SUPPORTED_DATE));
    }
    PrintWriter err = spec.commandLine().getErr();
    var catalog = lake.catalog(true);
    var options = lake.options();
    try (PolygonEndpoint endpoint = PolygonEndpoint.resolve(options, System.getenv(), input.seed);
        ProgressPrinter progress =
            new ProgressPrinter(err, ProgressPrinter.stderrIsTerminal(), LOG_EVERY)) {
      err.println("pitlake: " + endpoint.description());
      IngestPlan plan =
          new IngestPlan(
              catalog,
              input.tickers(),
              input.from,
              null,
              endpoint.baseUrl(),
              endpoint.credentials(),
              options);
      Backfill backfill = new Backfill(FlinkSettings.forCli(options), progress);
      JobClient job = backfill.startLive(plan);
      progress.event(
          String.format(
              "pitlake: live job %s polls every %s and commits every %s; Ctrl-C stops it",
              job.getJobID(),
              options.get(BackfillOptions.LIVE_POLL_INTERVAL),
              options.get(BackfillOptions.LIVE_COMMIT_INTERVAL)));
      backfill.awaitLive(job);
    }
    return Pitlake.EXIT_OK;
  }
}
