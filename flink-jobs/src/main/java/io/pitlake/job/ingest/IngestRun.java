package io.pitlake.job.ingest;

import io.pitlake.catalog.Catalogs;
import io.pitlake.job.Backfill;
import io.pitlake.job.Failures;
import io.pitlake.job.JobWatch;
import io.pitlake.job.RunMode;
import io.pitlake.job.TableStats;
import io.pitlake.job.progress.Figures;
import io.pitlake.job.progress.ProgressMeter;
import io.pitlake.job.progress.ProgressSnapshot;
import io.pitlake.job.sql.SqlEnvironments;
import io.pitlake.table.PitlakeTables;
import io.pitlake.table.TableBootstrap;
import io.pitlake.table.TableSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code pitlake ingest}: fetches vendor datasets into their raw bronze tables ({@link
 * RawIngestJob}) as one batch job, and summarises it.
 */
public final class IngestRun {

  private final Configuration flinkConf;
  private final JobWatch watch;

  /**
   * @param flinkConf cluster or embedded settings
   * @param watch reports the run's progress
   */
  public IngestRun(Configuration flinkConf, JobWatch watch) {
    this.flinkConf = flinkConf;
    this.watch = watch;
  }

  /**
   * Fetches vendor datasets into their raw bronze tables ({@code pitlake ingest}) as one batch job
   * and summarises it: each table's rows, quarantined rows included.
   */
  public Backfill.Result run(RawIngestPlan plan) {
    long start = System.nanoTime();
    List<TableSpec> specs = new ArrayList<>();
    plan.datasets().forEach(d -> specs.add(d.table()));
    specs.add(PitlakeTables.SILVER_QUARANTINE);
    int splits;
    List<TableStats> before;
    long t0;
    JobClient job;
    try (JobWatch.Preparing preparing = watch.preparing("ingest")) {
      try (var catalog = Backfill.closeable(Catalogs.create(plan.catalog()))) {
        TableBootstrap.ensureTables(catalog.get(), specs);
      }
      StreamExecutionEnvironment env =
          SqlEnvironments.environment(RunMode.BATCH, flinkConf, plan.options());
      splits = RawIngestJob.addTo(env, plan);
      before = TableStats.of(plan.catalog(), specs);
      watch.event(
          String.format(
              "[ingest] one batch job: %s, %s chunks",
              String.join(", ", plan.datasets().stream().map(VendorDataset::id).toList()),
              Figures.count(splits)));
      ProgressSnapshot.reset();
      t0 = System.nanoTime();
      try {
        job = env.executeAsync("pitlake ingest " + plan.datasets());
      } catch (Exception e) {
        throw new IllegalStateException("cannot submit the job: " + Failures.rootMessage(e), e);
      }
    }
    ProgressMeter meter = new ProgressMeter("ingest", splits);
    watch.await(job, nanos -> watch.ingestProgress(meter, job, nanos, "commit"));
    Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
    if (watch.localMetrics()) {
      watch.event(meter.done(ProgressSnapshot.take(), elapsed.toNanos()));
    }
    List<TableStats> tables = TableStats.of(plan.catalog(), specs);
    List<Backfill.Stage> stages = new ArrayList<>();
    for (TableStats table : tables) {
      stages.add(Backfill.Stage.of(table.table(), table.table(), before, tables));
    }
    Map<String, Long> fetched =
        RawNormalizer.fetchedByKey(job.getJobExecutionResult().join().getAllAccumulatorResults());
    return new Backfill.Result(
        stages, tables, elapsed, Duration.ofNanos(System.nanoTime() - start), fetched);
  }
}
