package io.pitlake.job;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Options of a pitlake run that are not a vendor's or the REST source's. */
public final class BackfillOptions {

  private BackfillOptions() {}

  public static final ConfigOption<Integer> SPLIT_DAYS =
      ConfigOptions.key("backfill.split-days")
          .intType()
          .defaultValue(3660)
          .withDescription(
              "Calendar days per source split (one symbol x date range). Ten years of daily bars"
                  + " (~2,520) fit one Polygon page, so the default costs one request per symbol"
                  + " and decade, which matters on the free plan's 5 requests/minute. Smaller"
                  + " splits spread a few symbols over more readers and checkpoint more finely.");

  public static final ConfigOption<Duration> WATERMARK_OUT_OF_ORDERNESS =
      ConfigOptions.key("ingest.watermark.out-of-orderness")
          .durationType()
          .defaultValue(Duration.ofMinutes(5))
          .withDescription(
              "How far behind the newest available_at an observation may arrive before it is"
                  + " behind the watermark. Watermarks run on available_at. A streaming backfill's"
                  + " feature engine applies each symbol's bar versions once they are this far behind"
                  + " the symbol's newest, and refuses one arriving later than that as backdated.");

  public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
      ConfigOptions.key("streaming.checkpoint-interval")
          .durationType()
          .defaultValue(Duration.ZERO)
          .withDescription(
              "Checkpoint interval of streaming runs; 0 (the default) disables periodic"
                  + " checkpoints. A bounded streaming run commits to Iceberg once at the end of"
                  + " its input either way; with an interval, Iceberg also commits a snapshot per"
                  + " checkpoint and a failed run can resume. The silver and gold joins hold their"
                  + " whole input as state, so full (heap) checkpoints of a large backfill are"
                  + " expensive: 1.3 GB per checkpoint at 100 symbols x 10 years.");

  public static final ConfigOption<String> CHECKPOINT_DIR =
      ConfigOptions.key("streaming.checkpoint-dir")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Where embedded streaming runs keep checkpoints (a URI); default"
                  + " <java.io.tmpdir>/pitlake-checkpoints. Flink deletes a job's checkpoints when"
                  + " the job ends. On a cluster, the cluster's execution.checkpointing.dir applies.");

  public static final ConfigOption<String> STATE_BACKEND =
      ConfigOptions.key("streaming.state-backend")
          .stringType()
          .defaultValue("rocksdb")
          .withDescription(
              "State backend of embedded streaming runs: rocksdb (off-heap, spills to disk,"
                  + " incremental checkpoints) or hashmap (on-heap; faster for small runs). On a"
                  + " cluster, the cluster's state.backend.type applies.");

  public static final ConfigOption<Integer> PARALLELISM =
      ConfigOptions.key("pitlake.parallelism")
          .intType()
          .defaultValue(2)
          .withDescription("Parallelism of every job of a run.");

  public static final ConfigOption<Duration> LIVE_POLL_INTERVAL =
      ConfigOptions.key("live.poll-interval")
          .durationType()
          .defaultValue(Duration.ofMinutes(5))
          .withDescription(
              "How often a live run asks whether the vendor published a new session. A session's"
                  + " bars are fetched at the first poll after its close plus the vendor's"
                  + " publication delay.");

  public static final ConfigOption<Integer> LIVE_LOOKBACK_DAYS =
      ConfigOptions.key("live.lookback-days")
          .intType()
          .defaultValue(10)
          .withDescription(
              "Calendar days before each newly published session that a live run fetches again,"
                  + " so the vendor's revisions of recent bars become new versions. Unchanged bars"
                  + " add nothing.");

  public static final ConfigOption<Duration> LIVE_COMMIT_INTERVAL =
      ConfigOptions.key("live.commit-interval")
          .durationType()
          .defaultValue(Duration.ofMinutes(1))
          .withDescription(
              "Checkpoint interval of a live run when streaming.checkpoint-interval is 0: each"
                  + " checkpoint commits a snapshot of bronze, silver and gold, so this bounds how"
                  + " long a published bar takes to reach readers.");
}
