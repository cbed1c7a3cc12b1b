package io.pitlake.job;

import io.pitlake.job.progress.Figures;
import io.pitlake.job.progress.ProgressListener;
import io.pitlake.job.progress.ProgressMeter;
import io.pitlake.job.progress.ProgressSnapshot;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;

/**
 * What every run (backfill, live, ingest, build) shows while it prepares and runs its one job: a
 * status line once a second, so the seconds of table creation, SQL planning and cluster start are
 * not silent, then the job's figures until it ends. One class, so every command reports alike.
 */
public final class JobWatch {

  /** How often a running job's figures are read (a listener decides what it prints). */
  private static final Duration POLL_EVERY = Duration.ofSeconds(1);

  private final Configuration flinkConf;
  private final ProgressListener progress;

  /**
   * @param flinkConf cluster or embedded settings: whether the job's metrics reach this JVM
   * @param progress receives events and, while a job prepares or runs, its status
   */
  public JobWatch(Configuration flinkConf, ProgressListener progress) {
    this.flinkConf = flinkConf;
    this.progress = progress;
  }

  /** Reports one line that stays: what a run did or is about to do. */
  public void event(String line) {
    progress.event(line);
  }

  /**
   * Whether the job's figures can be read here: an embedded run's metrics are this JVM's; a
   * cluster's never reach it.
   */
  public boolean localMetrics() {
    return ProgressSnapshot.enabled(flinkConf);
  }

  /**
   * Reports once a second, until closed, that the run {@code name} is being set up. The reports
   * come from a daemon thread of their own, while the caller's thread does the work.
   */
  public Preparing preparing(String name) {
    return new Preparing(name);
  }

  /**
   * Waits for {@code job}, reporting {@code status} (of the nanoseconds so far) every second.
   *
   * @throws IllegalStateException naming the job and its root cause when it fails
   */
  public void await(JobClient job, LongFunction<String> status) {
    CompletableFuture<?> done = job.getJobExecutionResult();
    long t0 = System.nanoTime();
    while (true) {
      try {
        done.get(POLL_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return;
      } catch (TimeoutException stillRunning) {
        progress.status(status.apply(System.nanoTime() - t0));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        job.cancel();
        throw new IllegalStateException("interrupted while job " + job.getJobID() + " ran", e);
      } catch (ExecutionException failed) {
        throw new IllegalStateException(
            "job " + job.getJobID() + " failed: " + Failures.rootMessage(failed), failed);
      }
    }
  }

  /**
   * Progress of a job's ingest: live figures from an embedded run's metrics; when the job runs
   * elsewhere (a cluster), its metrics never reach this JVM, and progress names the job.
   *
   * @param after what the job does once fetching ends (null: nothing worth saying)
   */
  public String ingestProgress(ProgressMeter meter, JobClient job, long nanos, String after) {
    return localMetrics()
        ? meter.line(ProgressSnapshot.take(), nanos, after)
        : String.format(
            "[%s] %s | job %s running", meter.name(), Figures.seconds(nanos), job.getJobID());
  }

  /** The reports of {@link #preparing}, until closed. */
  public final class Preparing implements AutoCloseable {
    private final ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "pitlake-progress");
              thread.setDaemon(true);
              return thread;
            });

    private Preparing(String name) {
      long t0 = System.nanoTime();
      ticker.scheduleAtFixedRate(
          () ->
              progress.status(
                  String.format(
                      "[%s] %s | preparing the job (tables, SQL planning, cluster start)",
                      name, Figures.seconds(System.nanoTime() - t0))),
          POLL_EVERY.toMillis(),
          POLL_EVERY.toMillis(),
          TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
      ticker.shutdownNow();
      try {
        ticker.awaitTermination(POLL_EVERY.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
