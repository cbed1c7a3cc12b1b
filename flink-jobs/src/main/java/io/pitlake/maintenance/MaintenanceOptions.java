package io.pitlake.maintenance;

import static org.apache.flink.util.Preconditions.checkArgument;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;

/** Options of {@code pitlake maintain}: compaction, snapshot expiry, orphan files. */
public final class MaintenanceOptions {

  private MaintenanceOptions() {}

  public static final ConfigOption<Duration> SNAPSHOT_RETENTION =
      ConfigOptions.key("maintain.snapshot-retention")
          .durationType()
          .defaultValue(Duration.ofDays(7))
          .withDescription(
              "Snapshots older than this are expired, and the files only they referenced are"
                  + " deleted, so time travel by snapshot id or timestamp reaches this far back."
                  + " Never expired whatever their age: snapshots a tag references (pitlake tag),"
                  + " each table's current snapshot, and the newest snapshot of every streaming"
                  + " Flink job that committed within maintain.orphan-age, with all newer ones (a"
                  + " restored job finds its last commit by walking back to it; without it, it"
                  + " would commit its checkpoint's files again).");

  public static final ConfigOption<Duration> ORPHAN_AGE =
      ConfigOptions.key("maintain.orphan-age")
          .durationType()
          .defaultValue(Duration.ofDays(3))
          .withDescription(
              "Files under a table's data/ and metadata/ that no snapshot references are deleted"
                  + " once older than this. It must exceed the age of every checkpoint or"
                  + " savepoint you may still restore a streaming job from: the files a checkpoint"
                  + " wrote but had not committed are orphans until the restored job commits them."
                  + " Files of a commit in progress are younger than any sensible value.");

  public static final ConfigOption<MemorySize> TARGET_FILE_SIZE =
      ConfigOptions.key("maintain.target-file-size")
          .memoryType()
          .noDefaultValue()
          .withDescription(
              "Size of the data files compaction writes, for every table. Default: each table's"
                  + " own write.target-file-size-bytes (1 MiB for the tables clustered by symbol,"
                  + " Iceberg's 512 MiB otherwise). Files under 75% of it are compacted, together"
                  + " with at least 4 others of their partition or with enough to fill one file.");

  public static final ConfigOption<MemorySize> MAX_GROUP_SIZE =
      ConfigOptions.key("maintain.max-group-size")
          .memoryType()
          .defaultValue(MemorySize.parse("128mb"))
          .withDescription(
              "At most this many bytes of data files are rewritten together: compaction sorts"
                  + " each group's rows in the heap by the table's sort order, about 5-10 times"
                  + " their size in Parquet. Larger groups make fewer, larger files.");

  public static final ConfigOption<Boolean> REWRITE_ALL =
      ConfigOptions.key("maintain.rewrite-all")
          .booleanType()
          .defaultValue(false)
          .withDescription(
              "Rewrite every data file, sorted, whatever its size, once: after a table's sort"
                  + " order or layout changed (an older lake opened by a newer pitlake), whose"
                  + " files of a fitting size compaction otherwise leaves as they were written."
                  + " Each partition's files are rewritten in groups of at most"
                  + " maintain.max-group-size; run it with --tables for the tables that changed.");

  public static final ConfigOption<Duration> LIVE_EXPIRY_INTERVAL =
      ConfigOptions.key("maintain.live-expiry-interval")
          .durationType()
          .defaultValue(Duration.ofHours(1))
          .withDescription(
              "How often pitlake live expires the old snapshots of the tables it commits, inside"
                  + " its own job (Iceberg's Flink TableMaintenance, ExpireSnapshots): each"
                  + " checkpoint that wrote rows is a snapshot per table, and every commit rewrites"
                  + " a metadata.json that lists every retained one. 0 turns it off (then run"
                  + " pitlake maintain). Compaction stays with pitlake maintain, which sorts.");

  public static final ConfigOption<Duration> LIVE_SNAPSHOT_RETENTION =
      ConfigOptions.key("maintain.live-snapshot-retention")
          .durationType()
          .defaultValue(Duration.ofDays(3))
          .withDescription(
              "Snapshots of the tables pitlake live commits that are older than this are expired"
                  + " by the live job (maintain.live-expiry-interval); tagged snapshots and the"
                  + " current one never are. At least maintain.orphan-age: a live job restored"
                  + " after a pause finds its last commit by walking back from the current"
                  + " snapshot, and a job whose last commit is older than the orphan age cannot be"
                  + " restored safely anyway. Shorter than maintain.snapshot-retention because a"
                  + " live table gains about a thousand snapshots a trading day; an as-of read"
                  + " needs none of them (it filters on available_at), and a backtest's input is"
                  + " pinned by a tag. A streaming reader of these tables must not lag further.");

  /** Checks the options' values; the message names the option and the fix. */
  static void validate(Configuration options) {
    checkArgument(
        !options.get(SNAPSHOT_RETENTION).isNegative(),
        "%s must not be negative, e.g. 7d",
        SNAPSHOT_RETENTION.key());
    checkArgument(
        options.get(ORPHAN_AGE).compareTo(Duration.ofSeconds(1)) >= 0,
        "%s must be at least 1s, and longer than any checkpoint you may restore, e.g. 3d",
        ORPHAN_AGE.key());
    options
        .getOptional(TARGET_FILE_SIZE)
        .ifPresent(
            size ->
                checkArgument(
                    size.getBytes() >= 1024,
                    "%s must be at least 1kb, e.g. 1mb",
                    TARGET_FILE_SIZE.key()));
    checkArgument(
        options.get(MAX_GROUP_SIZE).getBytes() >= 1024,
        "%s must be at least 1kb, e.g. 128mb",
        MAX_GROUP_SIZE.key());
    checkArgument(
        !options.get(LIVE_EXPIRY_INTERVAL).isNegative(),
        "%s must not be negative: 0 turns the live job's expiry off, e.g. 1h",
        LIVE_EXPIRY_INTERVAL.key());
    checkArgument(
        options.get(LIVE_SNAPSHOT_RETENTION).compareTo(options.get(ORPHAN_AGE)) >= 0,
        "%s (%s) must be at least %s (%s): a restored live job finds its last commit among the"
            + " snapshots; raise it or lower %s",
        LIVE_SNAPSHOT_RETENTION.key(),
        options.get(LIVE_SNAPSHOT_RETENTION),
        ORPHAN_AGE.key(),
        options.get(ORPHAN_AGE),
        ORPHAN_AGE.key());
  }
}
