import io.pitlake.catalog.CatalogConfig;
import io.pitlake.catalog.Catalogs;
import io.pitlake.job.Backfill;
import io.pitlake.job.BackfillOptions;
import io.pitlake.job.FlinkSettings;
import io.pitlake.job.ingest.IngestPlan;
import io.pitlake.job.ingest.IntradayPlan;
import io.pitlake.job.ingest.IntradayVendor;
import io.pitlake.simulator.Chaos;
import io.pitlake.simulator.PolygonSimulator;
import io.pitlake.simulator.PolygonWebSocketServer;
import io.pitlake.simulator.SessionReplay;
import io.pitlake.simulator.SimulatedBar;
import io.pitlake.simulator.SimulatedTrades;
import io.pitlake.source.rest.Credentials;
import io.pitlake.table.PitlakeTables;
import io.pitlake.time.NyseCalendar;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Soak of the live intraday job (issue 20): the Polygon simulator's websocket replays the last N
 * NYSE sessions before today in a row at {@code speed}, with chaos on (malformed frames, dropped
 * connections; REST faults for the gap fills and the daily poll), while the live job (embedded, as
 * {@code pitlake live --intraday polygon} runs it) checkpoints every {@code checkpoint} seconds.
 * N is the number of sessions that fit in the run ({@code minutes} of wall time, 411 session
 * minutes each: the clock jumps from 20 minutes after a close to a minute before the next open).
 *
 * <p>Every second it copies each newly completed checkpoint's {@code _metadata} (Flink deletes
 * subsumed ones) to {@code WORK/checkpoint-metadata/chk-N}; every 30 s it appends the process's
 * RSS (VmRSS, what {@code ps} shows), the newest checkpoint and the load to {@code
 * WORK/samples.tsv}, and once the replay's clock left the first session (and at the end) the line
 * {@code mark NAME chk-N}, which {@code bench/soak.sh} turns into checkpoint sizes. At the end it
 * compares the settled {@code silver.minute_bars} (the newest version of each bar) with the REST
 * simulator's minute bars of the replayed sessions: missing, different and duplicated bars, and
 * bars of other days (a gap fill that fetched beyond the replay), and counts the outages.
 *
 * <p>Usage: {@code java -cp pitlake.jar:flink-classpath bench/Soak.java WORK [symbols] [minutes]
 * [speed] [checkpoint-seconds]}
 */
public class Soak {

  /** Session minutes per replayed session: 390 of trading, one before, 20 after. */
  private static final double SESSION_MINUTES = 411;

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    double minutes = args.length > 2 ? Double.parseDouble(args[2]) : 60;
    double speed = args.length > 3 ? Double.parseDouble(args[3]) : 60;
    int checkpointSeconds = args.length > 4 ? Integer.parseInt(args[4]) : 10;
    // The replay ends two minutes before the run does, so the last gap fills can commit.
    int sessionCount = Math.max(1, (int) ((minutes - 2) * speed / SESSION_MINUTES));
    List<String> symbols = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      symbols.add(String.format("S%03d", i));
    }
    Files.createDirectories(work.resolve("lake"));
    Path checkpoints = Files.createDirectories(work.resolve("checkpoints"));
    CatalogConfig lake = CatalogConfig.embedded(work.resolve("lake"));
    Configuration options = new Configuration();
    options.set(BackfillOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(checkpointSeconds));
    options.set(BackfillOptions.CHECKPOINT_DIR, checkpoints.toUri().toString());
    Path key = Files.writeString(work.resolve("simulator.key"), "bench-key");
    LocalDate first =
        SessionReplay.firstOfLastSessionsBefore(
            LocalDate.now(NyseCalendar.ZONE), sessionCount);
    SessionReplay replay =
        new SessionReplay(first, speed, symbols, 0.05, 0.02, 1)
            .withChaos(0.01, 0.002)
            .withSessions(sessionCount);
    List<LocalDate> sessions = replay.sessions();
    System.out.printf(
        "soak: %d symbols, sessions %s..%s (%d) at %sx for %s min, checkpoint every %d s; chaos:"
            + " websocket 1%% malformed frames, 0.2%% dropped connections, REST 2%% faults%n",
        count,
        first,
        sessions.get(sessions.size() - 1),
        sessionCount,
        speed,
        minutes,
        checkpointSeconds);
    try (PolygonSimulator simulator =
            PolygonSimulator.builder()
                .apiKey("bench-key")
                .chaos(Chaos.evenly(0.02, 17))
                // Minute bars only: the replay would otherwise schedule and keep every trade.
                .trades(SimulatedTrades.NONE)
                .build()
                .start();
        PrintWriter samples =
            new PrintWriter(Files.newBufferedWriter(work.resolve("samples.tsv")), true)) {
      PolygonWebSocketServer websocket = simulator.startWebSocket(replay);
      IngestPlan daily =
          new IngestPlan(
              lake, symbols, first, null, simulator.baseUrl(), Credentials.fromFile(key), options);
      IntradayPlan intraday =
          new IntradayPlan(
              lake,
              symbols,
              websocket.url(),
              simulator.baseUrl(),
              Credentials.fromFile(key),
              websocket.clock(),
              options,
              IntradayVendor.POLYGON);
      long start = System.nanoTime();
      JobClient job =
          new Backfill(FlinkSettings.embedded(options), line -> {}).startLive(daily, intraday);
      Instant firstDayOver =
          NyseCalendar.instance().session(first).orElseThrow().close().plus(SessionReplay.TAIL);
      long end = start + (long) (minutes * 60e9);
      boolean markedDay = false;
      String newest = null;
      try {
        for (long tick = 0; System.nanoTime() < end; tick++) {
          Thread.sleep(1_000);
          newest = copyNewest(checkpoints, work.resolve("checkpoint-metadata")).orElse(newest);
          if (tick % 30 == 0) {
            samples.printf(
                "%.1f\t%s\t%d\t%s\t%s%n",
                (System.nanoTime() - start) / 60e9,
                websocket.clock().instant(),
                rssMegabytes(),
                newest,
                load());
          }
          if (!markedDay && websocket.clock().instant().isAfter(firstDayOver)) {
            // The first checkpoint completed after the first session's replay.
            String before = newest;
            while (Objects.equals(newest, before) && System.nanoTime() < end) {
              Thread.sleep(500);
              newest = copyNewest(checkpoints, work.resolve("checkpoint-metadata")).orElse(newest);
            }
            mark(samples, "day1", start, newest);
            markedDay = true;
          }
        }
        mark(samples, "end", start, newest);
      } finally {
        job.cancel().get();
      }
      System.out.printf(
          "replay: %s; %d bars sent, %d connections, %d dropped by chaos, %d malformed frames%n",
          websocket.awaitReplayed(Duration.ZERO) ? "complete" : "NOT complete at the end",
          websocket.sent().size(),
          websocket.connectionCount(),
          websocket.disconnectCount(),
          websocket.malformedCount());
      compare(Catalogs.create(lake), simulator, symbols, sessions);
    }
    // The embedded cluster's threads would keep the JVM up after the job's cancel.
    System.exit(0);
  }

  /** Copies the newest completed checkpoint's metadata, if new; returns its name. */
  private static Optional<String> copyNewest(Path checkpoints, Path kept) throws Exception {
    Optional<Path> newest;
    try (Stream<Path> chks =
        Files.find(checkpoints, 2, (p, a) -> p.getFileName().toString().startsWith("chk-"))) {
      newest =
          chks.filter(p -> Files.exists(p.resolve("_metadata")))
              .max((a, b) -> Long.compare(number(a), number(b)));
    }
    if (newest.isEmpty()) {
      return Optional.empty();
    }
    Path target = kept.resolve(newest.get().getFileName().toString());
    if (!Files.exists(target.resolve("_metadata"))) {
      try {
        Files.createDirectories(target);
        Files.copy(newest.get().resolve("_metadata"), target.resolve("_metadata.tmp"));
        Files.move(
            target.resolve("_metadata.tmp"),
            target.resolve("_metadata"),
            StandardCopyOption.ATOMIC_MOVE);
      } catch (java.io.IOException subsumed) {
        // Deleted while copied (Flink subsumed it): the next one will do.
        return Optional.empty();
      }
    }
    return Optional.of(target.getFileName().toString());
  }

  private static long number(Path chk) {
    return Long.parseLong(chk.getFileName().toString().substring("chk-".length()));
  }

  private static void mark(PrintWriter samples, String name, long start, String checkpoint)
      throws Exception {
    String line =
        String.format(
            "mark\t%s\t%.1f\t%d\t%s\t%s",
            name, (System.nanoTime() - start) / 60e9, rssMegabytes(), checkpoint, load());
    samples.println(line);
    System.out.println(line);
  }

  /** The process's resident set, as {@code ps -o rss} shows it, in MB. */
  private static long rssMegabytes() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
      }
    }
    return -1;
  }

  private static String load() throws Exception {
    String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
    return parts[0] + " " + parts[1] + " " + parts[2];
  }

  /**
   * The settled bars (newest version of each symbol and minute) against the REST simulator's minute
   * bars of the replayed sessions ({@code PolygonSimulator.minuteBars}, what {@code
   * /range/1/minute} serves), and the outages.
   */
  private static void compare(
      Catalog catalog, PolygonSimulator simulator, List<String> symbols, List<LocalDate> sessions)
      throws Exception {
    Map<String, List<Double>> rest = new HashMap<>();
    for (String symbol : symbols) {
      for (LocalDate session : sessions) {
        for (SimulatedBar bar : simulator.minuteBars(symbol, session)) {
          rest.put(
              symbol + "|" + bar.t(),
              List.of(bar.o(), bar.h(), bar.l(), bar.c(), (double) (long) bar.v(), bar.vw()));
        }
      }
    }
    Map<String, Integer> newestVersion = new HashMap<>();
    Map<String, List<Double>> settled = new HashMap<>();
    Set<String> contents = new HashSet<>();
    Set<String> versionKeys = new HashSet<>();
    int rows = 0;
    int duplicates = 0;
    int restPath = 0;
    Table silver = catalog.loadTable(PitlakeTables.SILVER_MINUTE_BARS.id());
    try (CloseableIterable<Record> read = IcebergGenerics.read(silver).build()) {
      for (Record row : read) {
        rows++;
        String bar =
            row.getField("symbol")
                + "|"
                + ((OffsetDateTime) row.getField("event_time")).toInstant().toEpochMilli();
        int version = (Integer) row.getField("version");
        // One content twice, or one version number twice, is a duplicate.
        if (!contents.add(bar + "|" + row.getField("payload_hash"))
            || !versionKeys.add(bar + "|" + version)) {
          duplicates++;
        }
        if ("rest".equals(row.getField("path"))) {
          restPath++;
        }
        if (version > newestVersion.getOrDefault(bar, 0)) {
          newestVersion.put(bar, version);
          settled.put(
              bar,
              List.of(
                  (Double) row.getField("open"),
                  (Double) row.getField("high"),
                  (Double) row.getField("low"),
                  (Double) row.getField("close"),
                  (double) ((Double) row.getField("volume")).longValue(),
                  (Double) row.getField("vwap")));
        }
      }
    }
    int missing = 0;
    int different = 0;
    for (var entry : rest.entrySet()) {
      List<Double> stored = settled.get(entry.getKey());
      if (stored == null) {
        missing++;
      } else if (!stored.equals(entry.getValue())) {
        different++;
      }
    }
    long otherDays = settled.keySet().stream().filter(k -> !rest.containsKey(k)).count();
    System.out.printf(
        "silver.minute_bars: %d rows (%d by gap fill, path rest), %d bars; against the REST"
            + " simulator's %d minute bars of the %d sessions: missing %d, settled value different"
            + " %d, duplicated %d; bars of other minutes or days %d%n",
        rows, restPath, settled.size(), rest.size(), sessions.size(), missing, different,
        duplicates, otherDays);
    int outages = 0;
    int unfilled = 0;
    long filledBars = 0;
    Table feedOutages = catalog.loadTable(PitlakeTables.BRONZE_FEED_OUTAGES.id());
    try (CloseableIterable<Record> read = IcebergGenerics.read(feedOutages).build()) {
      for (Record row : read) {
        outages++;
        if (row.getField("fill_error") != null) {
          unfilled++;
        }
        Object filled = row.getField("filled_bars");
        filledBars += filled == null ? 0 : ((Number) filled).longValue();
      }
    }
    System.out.printf(
        "bronze.feed_outages: %d rows, %d with a fill error, %d bars fetched by the fills%n",
        outages, unfilled, filledBars);
  }
}
