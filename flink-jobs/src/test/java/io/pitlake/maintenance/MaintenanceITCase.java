package io.pitlake.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.catalog.Catalogs;
import io.pitlake.job.Backfill;
import io.pitlake.job.BackfillOptions;
import io.pitlake.job.LakeTables;
import io.pitlake.job.ingest.IngestPlan;
import io.pitlake.job.sql.SqlEnvironments;
import io.pitlake.simulator.PolygonSimulator;
import io.pitlake.source.rest.RestSourceOptions;
import io.pitlake.table.PitlakeTables;
import io.pitlake.table.TableSpec;
import io.pitlake.tag.ConsistentPoint;
import io.pitlake.tag.LakeTags;
import io.pitlake.tag.TagPoint;
import io.pitlake.testing.Lake;
import io.pitlake.testing.Runs;
import io.pitlake.time.NyseCalendar;
import io.pitlake.vendor.polygon.PolygonDailyBarAvailability;
import io.pitlake.vendor.polygon.PolygonOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.relocated.com.google.common.collect.Iterables;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Maintenance of a lake that {@code pitlake live} filled with many short checkpoints: compaction
 * cuts the data files by 10× or more, every as-of read and the tag read the same rows as before,
 * the tag taken while the job ran holds one checkpoint of it, expired snapshots take the files only
 * they referenced with them, orphans older than the orphan age go and younger ones stay, and the
 * live job restores from its last checkpoint afterwards without committing anything twice.
 */
class MaintenanceITCase {

  @RegisterExtension static final MiniClusterExtension FLINK = Runs.miniCluster();

  static final List<String> SYMBOLS = List.of("AAPL", "MSFT", "NVDA", "AMZN");
  static final List<TableSpec> BARS =
      List.of(
          PitlakeTables.BRONZE_POLYGON_AGGS,
          PitlakeTables.SILVER_BARS_DAILY,
          PitlakeTables.GOLD_BAR_FEATURES_DAILY);
  static final Duration DEADLINE = Duration.ofMinutes(4);

  @TempDir Path dir;

  @Test
  @DisplayName(
      "after a live run of short checkpoints, maintain cuts data files 10x; reads, tags and a"
          + " restore are unchanged")
  void maintainAfterALiveRun() throws Exception {
    Configuration options = liveOptions();
    LocalDate newest = newestSession(options);
    LocalDate from = newest.minusDays(45);
    Path checkpoints = dir.resolve("checkpoints");
    Configuration flink = new Configuration();
    flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
    flink.set(
        CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
        ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);

    try (PolygonSimulator simulator =
            PolygonSimulator.builder().seed(5).apiKey(Runs.KEY).build().start();
        Lake lake = new Lake(dir.resolve("lake"));
        var catalog = Backfill.closeable(Catalogs.create(lake.config()))) {
      IngestPlan following = Runs.livePlan(lake, simulator, SYMBOLS, from, options);
      List<LocalDate> days = NyseCalendar.instance().sessions(from, newest);
      long sessions = days.size();
      List<Instant> asOf =
          List.of(
              NyseCalendar.instance().extendedClose(days.get(days.size() / 2)),
              NyseCalendar.instance().extendedClose(days.get(days.size() - 5)));

      JobClient job = new Backfill(flink, line -> {}).startLive(following);
      TagPoint point;
      try {
        awaitGold(lake, sessions * SYMBOLS.size());
        // Tagged while the job commits: its tables at one of its checkpoints.
        point = ConsistentPoint.of(catalog.get(), LakeTables.existingIds(catalog.get()));
        LakeTags.create(catalog.get(), "live-run", point);
        assertThat(point.checkpoints()).containsOnlyKeys(job.getJobID().toString());
      } finally {
        job.cancel().get();
      }

      Map<String, List<Row>> reads = reads(lake, asOf, null);
      Map<String, List<Row>> tagged = reads(lake, asOf, "live-run");
      long filesBefore = dataFiles(catalog.get());
      assertThat(filesBefore).as("data files of bronze, silver and gold bars").isGreaterThan(60);
      Path table =
          Path.of(
              catalog
                  .get()
                  .loadTable(PitlakeTables.SILVER_BARS_DAILY.id())
                  .location()
                  .replaceFirst("^file:/+", "/"));
      Path oldOrphan = plant(table.resolve("data/old-orphan.parquet"), Duration.ofHours(2));
      Path newOrphan = plant(table.resolve("data/new-orphan.parquet"), Duration.ZERO);

      Configuration maintain = new Configuration();
      maintain.set(MaintenanceOptions.SNAPSHOT_RETENTION, Duration.ZERO);
      maintain.set(MaintenanceOptions.ORPHAN_AGE, Duration.ofHours(1));
      List<String> progress = new ArrayList<>();
      List<LakeMaintenance.Report> reports =
          new LakeMaintenance(maintain, Clock.systemUTC(), progress::add)
              .run(catalog.get(), LakeTables.existingIds(catalog.get()));

      long filesAfter = dataFiles(catalog.get());
      System.out.printf(
          "[maintain] bars tables' data files: %d before, %d after%n%s%n",
          filesBefore, filesAfter, String.join("\n", progress));
      assertThat(filesBefore)
          .as("data files before (%d) vs after (%d): %s", filesBefore, filesAfter, progress)
          .isGreaterThanOrEqualTo(10 * filesAfter);
      assertThat(reads(lake, asOf, null)).as("every as-of read").isEqualTo(reads);
      assertThat(reads(lake, asOf, "live-run")).as("the tag's read").isEqualTo(tagged);
      assertThat(oldOrphan).doesNotExist();
      assertThat(newOrphan).exists();
      LakeMaintenance.Report silver =
          reports.stream()
              .filter(r -> r.table().equals(PitlakeTables.SILVER_BARS_DAILY.id()))
              .findFirst()
              .orElseThrow();
      assertThat(silver.orphansDeleted()).isEqualTo(1);
      assertThat(silver.snapshotsAfter()).isLessThan(silver.snapshotsBefore());
      assertThat(silver.expiredFilesDeleted())
          .as("manifest lists and manifests only the expired snapshots referenced")
          .isPositive();

      // The job restores from its last checkpoint: its sinks find their last commit (kept by the
      // expiry) and commit nothing twice.
      Path last = lastCheckpoint(checkpoints, job.getJobID().toString());
      Configuration restore = new Configuration(flink);
      restore.set(StateRecoveryOptions.SAVEPOINT_PATH, last.toUri().toString());
      JobClient restored = new Backfill(restore, line -> {}).startLive(following);
      try {
        awaitCommit(catalog.get(), restored.getJobID().toString());
        assertThat(restored.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
      } finally {
        restored.cancel().get();
      }
      assertThat(reads(lake, asOf, null)).as("after the restore").isEqualTo(reads);
    }
  }

  @Test
  @DisplayName(
      "a live job expires its tables' old snapshots itself; the tagged and the newest stay, and"
          + " every read is unchanged")
  void aLiveJobExpiresItsOwnOldSnapshots() throws Exception {
    Configuration options = liveOptions();
    options.set(MaintenanceOptions.LIVE_EXPIRY_INTERVAL, Duration.ofSeconds(1));
    // Longer than the catch-up's last commits take, so the tag finds one checkpoint in every table.
    options.set(MaintenanceOptions.LIVE_SNAPSHOT_RETENTION, Duration.ofSeconds(20));
    options.set(MaintenanceOptions.ORPHAN_AGE, Duration.ofSeconds(1));
    LocalDate newest = newestSession(options);
    LocalDate from = newest.minusDays(30);
    List<LocalDate> days = NyseCalendar.instance().sessions(from, newest);
    List<Instant> asOf = List.of(NyseCalendar.instance().extendedClose(days.get(days.size() / 2)));
    try (PolygonSimulator simulator =
            PolygonSimulator.builder().seed(7).apiKey(Runs.KEY).build().start();
        Lake lake = new Lake(dir.resolve("lake"));
        var catalog = Backfill.closeable(Catalogs.create(lake.config()))) {
      IngestPlan following = Runs.livePlan(lake, simulator, SYMBOLS, from, options);
      JobClient job = new Backfill(new Configuration(), line -> {}).startLive(following);
      Map<String, List<Row>> reads;
      Map<String, List<Row>> tagged;
      try {
        awaitGold(lake, (long) days.size() * SYMBOLS.size());
        LakeTags.create(
            catalog.get(),
            "caught-up",
            ConsistentPoint.of(catalog.get(), LakeTables.existingIds(catalog.get())));
        reads = reads(lake, asOf, null);
        tagged = reads(lake, asOf, "caught-up");
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!BARS.stream().allMatch(spec -> mostlyExpired(catalog.get(), spec))
            && System.nanoTime() < deadline) {
          Thread.sleep(500);
        }
        assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
      } finally {
        job.cancel().get();
      }
      for (TableSpec spec : BARS) {
        Table table = catalog.get().loadTable(spec.id());
        List<Long> retained = new ArrayList<>();
        table.snapshots().forEach(snapshot -> retained.add(snapshot.snapshotId()));
        assertThat(retained)
            .as("%s: %d snapshots of %d commits", spec.id(), retained.size(), commits(table))
            .hasSizeLessThan((int) commits(table) / 2)
            .contains(
                table.currentSnapshot().snapshotId(), table.refs().get("caught-up").snapshotId());
      }
      assertThat(reads(lake, asOf, null)).as("every read after the expiry").isEqualTo(reads);
      assertThat(reads(lake, asOf, "caught-up")).as("the tag's read").isEqualTo(tagged);
    }
  }

  /** Options of a live run whose catch-up lands over many short checkpoints. */
  private static Configuration liveOptions() {
    Configuration options = Runs.options();
    options.set(BackfillOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(300));
    options.set(BackfillOptions.LIVE_POLL_INTERVAL, Duration.ofSeconds(1));
    // One request per symbol and day, paced: the catch-up lands over many checkpoints.
    options.set(BackfillOptions.SPLIT_DAYS, 1);
    options.set(RestSourceOptions.REQUESTS_PER_SECOND, 12.0);
    return options;
  }

  private static LocalDate newestSession(Configuration options) {
    return new PolygonDailyBarAvailability(options.get(PolygonOptions.PUBLICATION_DELAY))
        .newestAvailableSession(Instant.now());
  }

  /** The commits a table has had: in format v2 each gets the next sequence number. */
  private static long commits(Table table) {
    return table.currentSnapshot().sequenceNumber();
  }

  /** Whether fewer than half of the table's commits are still snapshots. */
  private static boolean mostlyExpired(Catalog catalog, TableSpec spec) {
    Table table = catalog.loadTable(spec.id());
    return Iterables.size(table.snapshots()) < commits(table) / 2;
  }

  /** Each bars table whole, and as of each instant. */
  private static Map<String, List<Row>> reads(Lake lake, List<Instant> instants, String tag)
      throws Exception {
    Map<String, List<Row>> reads = new java.util.LinkedHashMap<>();
    for (TableSpec spec : BARS) {
      String table = spec.namespace() + "." + spec.name();
      reads.put(table, rows(lake, "SELECT * FROM " + table, tag));
      for (Instant instant : instants) {
        String asOf =
            "SELECT * FROM "
                + table
                + " WHERE available_at <= TIMESTAMP '"
                + instant.toString().replace('T', ' ').replace("Z", "")
                + "'";
        reads.put(asOf, rows(lake, asOf, tag));
      }
    }
    reads.values().forEach(rows -> rows.sort(Comparator.comparing(Row::toString)));
    return reads;
  }

  private static List<Row> rows(Lake lake, String sql, String tag) throws Exception {
    var env =
        tag == null
            ? SqlEnvironments.create(
                lake.config(), io.pitlake.job.RunMode.BATCH, new Configuration(), Runs.options())
            : SqlEnvironments.atTag(lake.config(), new Configuration(), Runs.options(), tag);
    TableResult result = env.executeSql(sql);
    List<Row> rows = new ArrayList<>();
    try (CloseableIterator<Row> it = result.collect()) {
      it.forEachRemaining(rows::add);
    }
    return rows;
  }

  private static void awaitGold(Lake lake, long expected) throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while ((lake.rows(PitlakeTables.GOLD_BAR_FEATURES_DAILY).size() < expected
            || lake.rows(PitlakeTables.SILVER_BARS_DAILY).size() < expected)
        && System.nanoTime() < deadline) {
      Thread.sleep(500);
    }
    assertThat(lake.rows(PitlakeTables.GOLD_BAR_FEATURES_DAILY)).hasSize((int) expected);
    assertThat(lake.rows(PitlakeTables.SILVER_BARS_DAILY)).hasSize((int) expected);
  }

  /** Waits until the job has committed to bronze (an empty commit comes every 10 checkpoints). */
  private static void awaitCommit(Catalog catalog, String job) throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (System.nanoTime() < deadline) {
      Table bronze = catalog.loadTable(PitlakeTables.BRONZE_POLYGON_AGGS.id());
      if (job.equals(bronze.currentSnapshot().summary().get(ConsistentPoint.JOB_ID))) {
        return;
      }
      Thread.sleep(300);
    }
    throw new AssertionError("the restored job committed nothing within " + DEADLINE);
  }

  private static long dataFiles(Catalog catalog) {
    long files = 0;
    for (TableSpec spec : BARS) {
      files += LakeMaintenance.DataFiles.of(catalog.loadTable(spec.id())).files();
    }
    return files;
  }

  private static Path plant(Path file, Duration age) throws IOException {
    Files.writeString(file, "not referenced by any snapshot");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(age)));
    return file;
  }

  private static Path lastCheckpoint(Path checkpoints, String job) throws IOException {
    try (Stream<Path> dirs = Files.list(checkpoints.resolve(job))) {
      Optional<Path> last =
          dirs.filter(d -> d.getFileName().toString().startsWith("chk-"))
              .filter(d -> Files.exists(d.resolve("_metadata")))
              .max(
                  Comparator.comparingLong(
                      d -> Long.parseLong(d.getFileName().toString().substring(4))));
      return last.orElseThrow(() -> new AssertionError("no retained checkpoint of " + job));
    }
  }
}
