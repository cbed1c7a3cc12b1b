package io.pitlake.job.backfill;

import static org.apache.flink.util.Preconditions.checkArgument;

import io.pitlake.dq.Audit;
import io.pitlake.job.Backfill;
import io.pitlake.job.JobWatch;
import io.pitlake.job.LakeTables;
import io.pitlake.job.RunMode;
import io.pitlake.job.TableStats;
import io.pitlake.job.build.BuildRun;
import io.pitlake.job.ingest.IngestPlan;
import io.pitlake.job.progress.Figures;
import io.pitlake.job.progress.ProgressMeter;
import io.pitlake.job.progress.ProgressSnapshot;
import io.pitlake.job.sql.SqlScript;
import io.pitlake.table.Layer;
import io.pitlake.table.PitlakeTables;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;

/**
 * {@code pitlake backfill}: the bars job ({@link BarsJob}) over a bounded range, run to its end in
 * the chosen {@link RunMode}, audited when the options ask for it, and summarised: the rows each
 * stage added and every table's rows afterwards.
 */
public final class BackfillRun {

  private final Configuration flinkConf;
  private final JobWatch watch;

  /**
   * @param flinkConf cluster or embedded settings
   * @param watch reports the run's progress
   */
  public BackfillRun(Configuration flinkConf, JobWatch watch) {
    this.flinkConf = flinkConf;
    this.watch = watch;
  }

  /** Runs a bounded backfill to its end and summarises it. */
  public Backfill.Result run(IngestPlan plan, RunMode mode) {
    checkArgument(!plan.live(), "plan has no end date: run it with live(plan)");
    long start = System.nanoTime();
    List<TableStats> before;
    long t0;
    BarsJob.Submitted run;
    Audit audit;
    try (JobWatch.Preparing preparing = watch.preparing("backfill")) {
      LakeTables.ensure(plan.catalog());
      audit =
          Audit.begin(
              plan.catalog(),
              plan.options(),
              SqlScript.targets(Layer.filesOf(Layer.BARS.toArray(Layer[]::new))),
              watch::event);
      before = TableStats.of(plan.catalog(), PitlakeTables.all());
      t0 = System.nanoTime();
      run =
          BarsJob.submit(flinkConf, watch, plan, mode, null, audit == null ? null : audit.branch());
    }
    ProgressMeter meter = new ProgressMeter("backfill", run.splits());
    watch.await(
        run.job(),
        nanos -> watch.ingestProgress(meter, run.job(), nanos, "silver and gold SQL, commit"));
    Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
    if (watch.localMetrics()) {
      watch.event(meter.done(ProgressSnapshot.take(), elapsed.toNanos()));
    }
    watch.event(
        String.format(
            "[backfill] job %s done in %s",
            run.job().getJobID(), Figures.seconds(elapsed.toNanos())));
    if (audit != null) {
      List<String> files = run.files();
      String branch = audit.branch();
      audit.finish(
          flinkConf,
          watch::event,
          withheld ->
              new BuildRun(flinkConf, watch)
                  .rebuild(plan.catalog(), plan.options(), files, branch, withheld));
    }
    List<TableStats> tables = TableStats.of(plan.catalog(), PitlakeTables.all());
    List<Backfill.Stage> stages = new ArrayList<>();
    stages.add(
        Backfill.Stage.of(
            "ingest", PitlakeTables.BRONZE_POLYGON_AGGS.id().toString(), before, tables));
    for (String file : run.files()) {
      stages.add(Backfill.Stage.of(file, SqlScript.load(file).table(), before, tables));
    }
    return new Backfill.Result(
        stages, tables, elapsed, Duration.ofNanos(System.nanoTime() - start), Map.of());
  }
}
