package io.pitlake.job.build;

import io.pitlake.catalog.CatalogConfig;
import io.pitlake.catalog.Catalogs;
import io.pitlake.dq.Audit;
import io.pitlake.job.Backfill;
import io.pitlake.job.JobWatch;
import io.pitlake.job.LakeTables;
import io.pitlake.job.RunMode;
import io.pitlake.job.TableStats;
import io.pitlake.job.progress.Figures;
import io.pitlake.job.progress.ProgressMeter;
import io.pitlake.job.progress.ProgressSnapshot;
import io.pitlake.job.progress.SqlProgress;
import io.pitlake.job.sql.ScriptReads;
import io.pitlake.job.sql.SqlEnvironments;
import io.pitlake.job.sql.SqlRunner;
import io.pitlake.job.sql.SqlScript;
import io.pitlake.quarantine.WithheldBars;
import io.pitlake.table.Layer;
import io.pitlake.table.PitlakeTables;
import io.pitlake.table.TableSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.Nullable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.expressions.Expressions;

/**
 * {@code pitlake build}: the SQL of the chosen layers ({@link Layer}) over what the lake holds, as
 * one job; in batch, only the files whose inputs changed since their last build ({@link BuildPlan},
 * {@link BuildRecord}).
 */
public final class BuildRun {

  private final Configuration flinkConf;
  private final JobWatch watch;

  /**
   * @param flinkConf cluster or embedded settings
   * @param watch reports the run's progress
   */
  public BuildRun(Configuration flinkConf, JobWatch watch) {
    this.flinkConf = flinkConf;
    this.watch = watch;
  }

  /**
   * Runs the SQL of the given layers over what the lake holds, as one job. In batch mode a file
   * whose table was last built from the same inputs is skipped ({@link BuildPlan}), and when every
   * file is, no job runs and nothing is committed.
   */
  public List<Backfill.Stage> run(
      CatalogConfig catalog, Configuration options, RunMode mode, Layer... layers) {
    List<String> files = Layer.filesOf(layers);
    List<BuildPlan.Step> skipped = new ArrayList<>();
    List<BuildPlan.Step> toRun = new ArrayList<>();
    List<TableStats> before;
    long t0;
    JobClient job;
    Audit audit;
    // The tables the layers read and write, no others: a lake holds many more, and each costs a
    // read of its metadata to ensure and to count.
    List<String> targets = SqlScript.targets(files);
    Set<String> used = new TreeSet<>(targets);
    for (String file : files) {
      used.addAll(ScriptReads.of(SqlScript.load(file)).tables());
    }
    List<TableSpec> written =
        PitlakeTables.all().stream().filter(t -> targets.contains(t.id().toString())).toList();
    try (JobWatch.Preparing preparing = watch.preparing("build")) {
      LakeTables.ensure(catalog, used);
      if (mode == RunMode.BATCH) {
        try (var tables = Backfill.closeable(Catalogs.create(catalog))) {
          for (BuildPlan.Step step : BuildPlan.of(tables.get(), options, files)) {
            (step.skip() != null ? skipped : toRun).add(step);
          }
        }
        files = toRun.stream().map(BuildPlan.Step::file).toList();
      }
      before = TableStats.of(catalog, written);
      for (BuildPlan.Step step : skipped) {
        watch.event(
            String.format(
                "[build] %s: %s rows (skipped: %s)",
                step.file(), Figures.count(TableStats.rows(before, step.table())), step.skip()));
      }
      if (files.isEmpty()) {
        watch.event("[build] nothing to build: every table is up to date, no job runs");
        return skipped.stream()
            .map(s -> Backfill.Stage.of(s.file(), s.table(), before, before))
            .toList();
      }
      StreamTableEnvironment tableEnv =
          SqlEnvironments.create(
              SqlEnvironments.environment(mode, flinkConf, options), catalog, mode, options);
      StatementSet sql = tableEnv.createStatementSet();
      audit = Audit.begin(catalog, options, SqlScript.targets(files), watch::event);
      if (mode == RunMode.STREAMING) {
        emptyProducts(catalog, audit == null ? null : audit.branch(), layers);
      }
      new SqlRunner(
              tableEnv,
              mode,
              false,
              options,
              null,
              Catalogs.loader(catalog),
              audit == null ? null : audit.branch(),
              WithheldBars.leftOutOn(
                  audit == null ? null : audit.branch(), SqlScript.targets(files)),
              null)
          .addAll(sql, files);
      watch.event(
          String.format(
              "[build] one %s job: %s", mode.name().toLowerCase(), String.join(", ", files)));
      ProgressSnapshot.reset();
      t0 = System.nanoTime();
      TableResult result = sql.execute();
      job = result.getJobClient().orElseThrow();
    }
    ProgressMeter meter = new ProgressMeter("build", 0);
    String what = String.format("%d table%s", files.size(), files.size() == 1 ? "" : "s");
    watch.await(
        job,
        nanos ->
            watch.localMetrics()
                ? meter.sqlLine(what, SqlProgress.take(), nanos)
                : String.format("[build] %s | %s", Figures.seconds(nanos), what));
    Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
    if (audit != null) {
      // Before the build records: a blocked build's tables were not built as far as main goes.
      List<String> built = files;
      String branch = audit.branch();
      audit.finish(
          flinkConf, watch::event, withheld -> rebuild(catalog, options, built, branch, withheld));
    }
    recordBuilt(catalog, toRun);
    List<TableStats> tables = TableStats.of(catalog, written);
    List<Backfill.Stage> stages = new ArrayList<>();
    for (String file : files) {
      Backfill.Stage stage = Backfill.Stage.of(file, SqlScript.load(file).table(), before, tables);
      watch.event(
          String.format(
              "[build] %s: %s rows (%s)",
              stage.name(),
              Figures.count(stage.rows()),
              stage.added() == 0 ? "unchanged" : "+" + Figures.count(stage.added())));
      stages.add(stage);
    }
    watch.event(
        String.format(
            "[build] job %s done in %s", job.getJobID(), Figures.seconds(elapsed.toNanos())));
    return stages;
  }

  /**
   * An audit's second phase: {@code files} again, as one batch job over what the lake holds, on
   * {@code branch}, with {@code withheld} left out of silver ({@link Audit.Rebuild}).
   */
  public void rebuild(
      CatalogConfig catalog,
      Configuration options,
      List<String> files,
      String branch,
      Set<String> withheld) {
    StreamTableEnvironment tableEnv =
        SqlEnvironments.create(catalog, RunMode.BATCH, flinkConf, options);
    StatementSet sql = tableEnv.createStatementSet();
    new SqlRunner(
            tableEnv,
            RunMode.BATCH,
            false,
            options,
            null,
            Catalogs.loader(catalog),
            branch,
            withheld,
            null)
        .addAll(sql, files);
    long t0 = System.nanoTime();
    JobClient job = sql.execute().getJobClient().orElseThrow();
    watch.await(
        job,
        nanos ->
            String.format(
                "[audit] %s | %s again without the quarantined bars",
                Figures.seconds(nanos), String.join(", ", files)));
    watch.event(
        String.format(
            "[audit] job %s (%s without the quarantined bars) done in %s",
            job.getJobID(), String.join(", ", files), Figures.seconds(System.nanoTime() - t0)));
  }

  /** Records on each table a finished batch build wrote what it was built from. */
  private static void recordBuilt(CatalogConfig config, List<BuildPlan.Step> built) {
    try (var catalog = Backfill.closeable(Catalogs.create(config))) {
      for (BuildPlan.Step step : built) {
        BuildRecord.write(
            catalog.get().loadTable(TableIdentifier.parse(step.table())), step.fingerprint());
      }
    }
  }

  /**
   * A streaming build replays everything its layers read, so it first empties the tables of those
   * layers (every table is written by appends): replayed rows would otherwise be appended a second
   * time. An audited build empties its branch ({@code branch}), leaving main to readers.
   */
  private static void emptyProducts(
      CatalogConfig config, @Nullable String branch, Layer... layers) {
    try (var catalog = Backfill.closeable(Catalogs.create(config))) {
      for (Layer layer : layers) {
        for (TableSpec spec : layer.tables()) {
          if (catalog.get().tableExists(spec.id())) {
            catalog
                .get()
                .loadTable(spec.id())
                .newDelete()
                .deleteFromRowFilter(Expressions.alwaysTrue())
                .toBranch(branch == null ? SnapshotRef.MAIN_BRANCH : branch)
                .commit();
          }
        }
      }
    }
  }
}
