package io.pitlake.job;

import io.pitlake.catalog.CatalogConfig;
import io.pitlake.job.backfill.BackfillRun;
import io.pitlake.job.build.BuildRun;
import io.pitlake.job.ingest.IngestPlan;
import io.pitlake.job.ingest.IngestRun;
import io.pitlake.job.ingest.IntradayPlan;
import io.pitlake.job.ingest.RawIngestPlan;
import io.pitlake.job.live.LiveRun;
import io.pitlake.job.progress.ProgressListener;
import io.pitlake.table.Layer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.annotation.Nullable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.iceberg.catalog.Catalog;

/**
 * The runs pitlake's commands start, one method each, and what they report. Each run lives with its
 * capability: a backfill in {@link BackfillRun} (the bars job, {@code job.backfill.BarsJob}, to its
 * end), a live run in {@link LiveRun} (the same job, streaming, never ending), an ingest of vendor
 * datasets in {@link IngestRun}, a build of SQL layers in {@link BuildRun}; the layers themselves
 * are {@link Layer}, read from the table declarations. This class only gives the commands and the
 * tests one place to start them, with the same settings and progress for all.
 */
public final class Backfill {

  /**
   * What one stage of a job did to its table: the rows the table gained and the rows it holds
   * afterwards. The stages of a job run together, so they have no times of their own: the job's
   * time is {@link Result#job}.
   */
  public record Stage(String name, long added, long rows) {

    /**
     * What {@code table} gained between {@code before} and {@code after}, as stage {@code name}.
     */
    public static Stage of(
        String name, String table, List<TableStats> before, List<TableStats> after) {
      long now = TableStats.rows(after, table);
      return new Stage(name, now - TableStats.rows(before, table), now);
    }
  }

  /**
   * What a run did: its stages, every table afterwards, the job's time and the whole run's, and for
   * {@code pitlake ingest} the elements fetched by {@code dataset|key} (a key the vendor had
   * nothing for is absent).
   */
  public record Result(
      List<Stage> stages,
      List<TableStats> tables,
      Duration job,
      Duration wall,
      Map<String, Long> fetched) {
    public long rows(String table) {
      return tables.stream().filter(t -> t.table().equals(table)).findFirst().orElseThrow().rows();
    }
  }

  private final Configuration flinkConf;
  private final JobWatch watch;

  /**
   * @param flinkConf cluster or embedded settings ({@link FlinkSettings#embedded})
   * @param progress receives every human-readable progress line
   */
  public Backfill(Configuration flinkConf, Consumer<String> progress) {
    this(flinkConf, ProgressListener.lines(progress));
  }

  /**
   * @param flinkConf cluster or embedded settings ({@link FlinkSettings#embedded})
   * @param progress receives events and, while a job runs, its status
   */
  public Backfill(Configuration flinkConf, ProgressListener progress) {
    this.flinkConf = flinkConf;
    this.watch = new JobWatch(flinkConf, progress);
  }

  /** Runs a bounded backfill to its end and summarises it ({@link BackfillRun}). */
  public Result run(IngestPlan plan, RunMode mode) {
    return new BackfillRun(flinkConf, watch).run(plan, mode);
  }

  /** Starts a live run of the daily bars ({@link LiveRun}). */
  public JobClient startLive(IngestPlan plan) {
    return startLive(plan, null);
  }

  /** Starts a live run, with the websocket feed of minute bars when {@code intraday} is set. */
  public JobClient startLive(IngestPlan plan, @Nullable IntradayPlan intraday) {
    return new LiveRun(flinkConf, watch).start(plan, intraday);
  }

  /** Reports a live job's progress until it ends (cancelled, or failed: then this throws). */
  public void awaitLive(JobClient job) {
    new LiveRun(flinkConf, watch).await(job);
  }

  /** Fetches vendor datasets into their raw bronze tables as one batch job ({@link IngestRun}). */
  public Result ingest(RawIngestPlan plan) {
    return new IngestRun(flinkConf, watch).run(plan);
  }

  /** Runs the SQL of the given layers over what the lake holds, as one job ({@link BuildRun}). */
  public List<Stage> buildSql(
      CatalogConfig catalog, Configuration options, RunMode mode, Layer... layers) {
    return new BuildRun(flinkConf, watch).run(catalog, options, mode, layers);
  }

  /** A catalog that is closed after use when it holds resources (JDBC connections). */
  public static CloseableCatalog closeable(Catalog catalog) {
    return new CloseableCatalog(catalog);
  }

  public record CloseableCatalog(Catalog get) implements AutoCloseable {
    @Override
    public void close() {
      if (get instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          throw new IllegalStateException("cannot close catalog " + get.name(), e);
        }
      }
    }
  }
}
