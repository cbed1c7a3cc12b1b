package io.pitlake.job.live;

import static org.apache.flink.util.Preconditions.checkArgument;

import io.pitlake.job.BackfillOptions;
import io.pitlake.job.JobWatch;
import io.pitlake.job.LakeTables;
import io.pitlake.job.RunMode;
import io.pitlake.job.backfill.BarsJob;
import io.pitlake.job.ingest.IngestPlan;
import io.pitlake.job.ingest.IntradayPlan;
import io.pitlake.job.progress.ProgressMeter;
import javax.annotation.Nullable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;

/**
 * {@code pitlake live}: the backfill's job ({@link BarsJob}) in streaming mode, following the
 * vendor from the plan's first day on and committing every checkpoint ({@link
 * BackfillOptions#LIVE_COMMIT_INTERVAL} unless {@link BackfillOptions#CHECKPOINT_INTERVAL} is set).
 * It never ends by itself; {@link #await} reports its progress until it is cancelled.
 */
public final class LiveRun {

  private final Configuration flinkConf;
  private final JobWatch watch;

  /**
   * @param flinkConf cluster or embedded settings
   * @param watch reports the run's progress
   */
  public LiveRun(Configuration flinkConf, JobWatch watch) {
    this.flinkConf = flinkConf;
    this.watch = watch;
  }

  /**
   * Starts the live job with, when {@code intraday} is set, the websocket feed of minute bars
   * beside the daily poll in the same job: the vendor's {@code bronze.<vendor>_ws}, and {@code
   * silver.minute_bars} built in-stream by {@code sql/silver/minute_bars.sql}.
   */
  public JobClient start(IngestPlan plan, @Nullable IntradayPlan intraday) {
    checkArgument(plan.live(), "plan has an end date: run it with run(plan, mode)");
    LakeTables.ensure(plan.catalog());
    // Live commits every checkpoint to main: it cannot wait for a daily audit
    // (docs/operations.md, "`live` and the gates").
    return BarsJob.submit(flinkConf, watch, plan, RunMode.STREAMING, intraday, null).job();
  }

  /** Reports a live job's progress until it ends (cancelled, or failed: then this throws). */
  public void await(JobClient job) {
    ProgressMeter meter = new ProgressMeter("live", 0);
    watch.await(job, nanos -> watch.ingestProgress(meter, job, nanos, null));
  }
}
