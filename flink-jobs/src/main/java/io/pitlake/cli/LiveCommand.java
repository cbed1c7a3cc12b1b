package io.pitlake.cli;

import io.pitlake.job.Backfill;
import io.pitlake.job.BackfillOptions;
import io.pitlake.job.FlinkSettings;
import io.pitlake.job.ingest.IngestPlan;
import io.pitlake.job.ingest.IntradayChannel;
import io.pitlake.job.ingest.IntradayPlan;
import io.pitlake.job.ingest.IntradayVendor;
import io.pitlake.job.progress.ProgressPrinter;
import io.pitlake.simulator.SessionReplay;
import io.pitlake.time.NyseCalendar;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.flink.core.execution.JobClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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
      "the Flink job); starting it again adds only what is new. With --intraday polygon (or",
      "alpaca) the same job also follows minute bars by that vendor's websocket (--from then",
      "defaults to the last session); --channels bars,trades adds trades (silver.trades)."
    })
final class LiveCommand implements Callable<Integer> {

  /** In a pipe or a log, one progress line per interval: a live run runs for days. */
  private static final Duration LOG_EVERY = Duration.ofSeconds(30);

  @Mixin LakeOptions lake;

  @Mixin VendorInput input;

  @Spec CommandSpec spec;

  @Option(
      names = "--intraday",
      paramLabel = "VENDOR",
      description = {
        "Also follow minute bars by the vendor's websocket (polygon or alpaca) into",
        "bronze.<vendor>_ws and silver.minute_bars, in the same job. Without a key, the built-in",
        "simulator's websocket replays the last session (simulator.websocket-speed)."
      })
  String intraday;

  @Option(
      names = "--channels",
      paramLabel = "CHANNELS",
      description = {
        "With --intraday: bars (the default), trades, or bars,trades. Trades (with Alpaca's",
        "corrections and cancels) go to bronze.<vendor>_ws and silver.trades, on the same",
        "connection."
      })
  String channels;

  @Override
  public Integer call() {
    // With --intraday the daily poll may start at the last session: the minute bars are the point.
    input.from =
        input.from(
            spec,
            intraday == null
                ? null
                : SessionReplay.lastSessionBefore(LocalDate.now(NyseCalendar.ZONE)));
    if (input.from.isBefore(NyseCalendar.FIRST_SUPPORTED_DATE)
        || input.from.isAfter(LocalDate.now())) {
      throw new UsageException(
          String.format(
              "--from %s: give a past date on or after %s",
              input.from, NyseCalendar.FIRST_SUPPORTED_DATE));
    }
    IntradayVendor vendor = null;
    Set<IntradayChannel> intradayChannels = EnumSet.of(IntradayChannel.BARS);
    if (intraday != null) {
      try {
        vendor = IntradayVendor.of(intraday);
      } catch (IllegalArgumentException e) {
        throw new UsageException("--intraday " + intraday + ": " + e.getMessage());
      }
    }
    if (channels != null) {
      if (intraday == null) {
        throw new UsageException(
            "--channels " + channels + ": channels are the websocket's, add --intraday polygon");
      }
      try {
        intradayChannels = IntradayChannel.parse(channels);
      } catch (IllegalArgumentException e) {
        throw new UsageException("--channels " + channels + ": " + e.getMessage());
      }
    }
    PrintWriter err = spec.commandLine().getErr();
    var catalog = lake.catalog(true);
    var options = lake.options();
    LocalDate today = LocalDate.now(NyseCalendar.ZONE);
    try (PolygonEndpoint endpoint = PolygonEndpoint.resolve(options, System.getenv(), input.seed);
        AlpacaStreamEndpoint alpaca =
            vendor == IntradayVendor.ALPACA
                ? AlpacaStreamEndpoint.resolve(options, System.getenv(), today)
                : null;
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
      IntradayPlan intradayPlan = null;
      if (vendor != null) {
        PolygonEndpoint.Websocket websocket =
            vendor == IntradayVendor.ALPACA
                ? new PolygonEndpoint.Websocket(
                    alpaca.url(), alpaca.credentials(), alpaca.description())
                : endpoint.websocket(options, System.getenv(), today);
        err.println("pitlake: " + websocket.description());
        intradayPlan =
            new IntradayPlan(
                catalog,
                input.tickers(),
                websocket.url(),
                vendor == IntradayVendor.ALPACA ? alpaca.restUrl() : endpoint.baseUrl(),
                websocket.credentials(),
                Clock.systemUTC(),
                options,
                vendor,
                intradayChannels);
      }
      Backfill backfill = new Backfill(FlinkSettings.forCli(options), progress);
      JobClient job = backfill.startLive(plan, intradayPlan);
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
