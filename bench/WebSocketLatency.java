import io.pitlake.catalog.CatalogConfig;
import io.pitlake.catalog.Catalogs;
import io.pitlake.job.Backfill;
import io.pitlake.job.BackfillOptions;
import io.pitlake.job.FlinkSettings;
import io.pitlake.job.ingest.IngestPlan;
import io.pitlake.job.ingest.IntradayPlan;
import io.pitlake.job.ingest.IntradayVendor;
import io.pitlake.simulator.PolygonSimulator;
import io.pitlake.simulator.PolygonWebSocketServer;
import io.pitlake.simulator.SentBar;
import io.pitlake.simulator.SessionReplay;
import io.pitlake.source.rest.Credentials;
import io.pitlake.table.PitlakeTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Latency of the live intraday path: from the simulator's send of a minute bar to the bar being
 * readable in a committed snapshot of {@code silver.minute_bars} and of its features' row in {@code
 * gold.bar_features_minute} (computed in-stream), with the live job's checkpoint
 * (commit) interval. The simulator's websocket replays a session at {@code speed} for {@code
 * minutes} of wall time. In the same run, as the baseline, the time from send to receipt (the
 * row's {@code available_at}): what is left is the wait for the commit.
 *
 * <p>Then the top-of-minute burst: every symbol's bar of a minute goes out within 1.5 s of session
 * time after the minute ends (at speed 2, 0.75 s: all symbols' bars in the same second). Per
 * minute whose bars were all committed: from the burst's first send to the receipt of its last bar
 * (the baseline), to the commit of its last bar in silver and to the commit of the last of their
 * rows in gold; p50 and max over the minutes.
 *
 * <p>Usage: {@code java -cp pitlake.jar:flink-classpath bench/WebSocketLatency.java WORK [symbols]
 * [minutes] [speed] [checkpoint-seconds]}
 */
public class WebSocketLatency {

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    double minutes = args.length > 2 ? Double.parseDouble(args[2]) : 10;
    double speed = args.length > 3 ? Double.parseDouble(args[3]) : 1;
    int checkpointSeconds = args.length > 4 ? Integer.parseInt(args[4]) : 10;
    List<String> symbols = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      symbols.add(String.format("W%03d", i));
    }
    Files.createDirectories(work.resolve("lake"));
    CatalogConfig lake = CatalogConfig.embedded(work.resolve("lake"));
    Configuration options = new Configuration();
    options.set(BackfillOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(checkpointSeconds));
    Path key = Files.writeString(work.resolve("simulator.key"), "bench-key");
    LocalDate session = SessionReplay.lastSessionBefore(LocalDate.now());
    System.out.printf(
        "websocket latency: %d symbols, session %s at %sx for %s min, checkpoint every %d s%n",
        count, session, speed, minutes, checkpointSeconds);
    try (PolygonSimulator simulator =
        PolygonSimulator.builder().apiKey("bench-key").build().start()) {
      PolygonWebSocketServer websocket =
          simulator.startWebSocket(new SessionReplay(session, speed, symbols, 0.05, 0.02, 1));
      IngestPlan daily =
          new IngestPlan(
              lake, symbols, session, null, simulator.baseUrl(), Credentials.fromFile(key), options);
      IntradayPlan intraday =
          new IntradayPlan(
              lake,
              symbols,
              websocket.url(),
              simulator.baseUrl(),
              Credentials.fromFile(key),
              Clock.systemUTC(),
              options,
              IntradayVendor.POLYGON);
      JobClient job =
          new Backfill(FlinkSettings.embedded(options), line -> {}).startLive(daily, intraday);
      Map<String, Long> committed = new HashMap<>();
      Map<String, Long> received = new HashMap<>();
      Map<String, Long> goldCommitted = new HashMap<>();
      Catalog catalog = Catalogs.create(lake);
      Table table = catalog.loadTable(PitlakeTables.SILVER_MINUTE_BARS.id());
      Table gold = catalog.loadTable(PitlakeTables.GOLD_BAR_FEATURES_MINUTE.id());
      Set<Long> seenSnapshots = new HashSet<>();
      Set<Long> seenGoldSnapshots = new HashSet<>();
      long end = System.nanoTime() + (long) (minutes * 60e9);
      try {
        while (System.nanoTime() < end) {
          Thread.sleep(100);
          table.refresh();
          for (Snapshot snapshot : table.snapshots()) {
            if (seenSnapshots.add(snapshot.snapshotId())) {
              read(table, snapshot, committed, received);
            }
          }
          gold.refresh();
          for (Snapshot snapshot : gold.snapshots()) {
            if (seenGoldSnapshots.add(snapshot.snapshotId())) {
              readGold(gold, snapshot, goldCommitted);
            }
          }
        }
      } finally {
        job.cancel().get();
      }
      // The first send of each distinct content: when the bar with those values left the simulator.
      Map<String, Long> sent = new HashMap<>();
      Map<String, Integer> versions = new HashMap<>();
      Set<String> contents = new HashSet<>();
      for (SentBar bar : websocket.sent()) {
        String content = bar.symbol() + "|" + bar.startMillis() + "|" + bar.o() + bar.h() + bar.l() + bar.c() + bar.v() + bar.vw();
        // An unchanged re-send is no version.
        if (contents.add(content)) {
          int version = versions.merge(bar.symbol() + "|" + bar.startMillis(), 1, Integer::sum);
          sent.put(bar.symbol() + "|" + bar.startMillis() + "|" + version, bar.sentWallMillis());
        }
      }
      List<Long> toCommit = new ArrayList<>();
      List<Long> toReceipt = new ArrayList<>();
      List<Long> toGold = new ArrayList<>();
      for (var entry : committed.entrySet()) {
        Long sentAt = sent.get(entry.getKey());
        if (sentAt != null) {
          toCommit.add(entry.getValue() - sentAt);
          long receivedAt = received.get(entry.getKey());
          toReceipt.add(receivedAt - sentAt);
          // The version's gold row: its minute's row as of the instant the version arrived.
          String minute = entry.getKey().substring(0, entry.getKey().lastIndexOf('|'));
          Long inGold = goldCommitted.get(minute + "|" + receivedAt);
          if (inGold != null) {
            toGold.add(inGold - sentAt);
          }
        }
      }
      System.out.printf(
          "bars sent %d, committed %d, snapshots %d%n", sent.size(), toCommit.size(), seenSnapshots.size());
      print("send -> received (available_at), baseline", toReceipt);
      print("send -> committed in silver.minute_bars", toCommit);
      print("send -> committed in gold.bar_features_minute", toGold);
      printBursts(sent, received, committed, goldCommitted, count);
    }
  }

  /** The commit of each gold row, keyed by symbol, minute and the instant it became valid. */
  private static void readGold(Table table, Snapshot snapshot, Map<String, Long> committed)
      throws Exception {
    try (CloseableIterable<Record> rows =
        IcebergGenerics.read(table).useSnapshot(snapshot.snapshotId()).build()) {
      for (Record row : rows) {
        String key =
            row.getField("symbol")
                + "|"
                + ((OffsetDateTime) row.getField("event_time")).toInstant().toEpochMilli()
                + "|"
                + ((OffsetDateTime) row.getField("available_at")).toInstant().toEpochMilli();
        committed.merge(key, snapshot.timestampMillis(), Math::min);
      }
    }
  }

  private static void read(
      Table table, Snapshot snapshot, Map<String, Long> committed, Map<String, Long> received)
      throws Exception {
    try (CloseableIterable<Record> rows =
        IcebergGenerics.read(table).useSnapshot(snapshot.snapshotId()).build()) {
      for (Record row : rows) {
        String key =
            row.getField("vendor_symbol")
                + "|"
                + ((OffsetDateTime) row.getField("event_time")).toInstant().toEpochMilli()
                + "|"
                + row.getField("version");
        committed.merge(key, snapshot.timestampMillis(), Math::min);
        received.put(key, ((OffsetDateTime) row.getField("available_at")).toInstant().toEpochMilli());
      }
    }
  }

  /**
   * Per minute whose first versions (one per symbol) were all committed in silver: the burst's send
   * span, and from its first send to the last receipt, the last silver commit and the last gold
   * commit.
   */
  private static void printBursts(
      Map<String, Long> sent,
      Map<String, Long> received,
      Map<String, Long> committed,
      Map<String, Long> goldCommitted,
      int symbols) {
    Map<Long, List<String>> byMinute = new TreeMap<>();
    for (String key : sent.keySet()) {
      if (key.endsWith("|1")) {
        byMinute.computeIfAbsent(Long.parseLong(key.split("\\|")[1]), m -> new ArrayList<>()).add(key);
      }
    }
    List<Long> spans = new ArrayList<>();
    List<Long> toReceipt = new ArrayList<>();
    List<Long> toCommit = new ArrayList<>();
    List<Long> toGold = new ArrayList<>();
    int incomplete = 0;
    for (List<String> keys : byMinute.values()) {
      if (keys.size() < symbols || !committed.keySet().containsAll(keys)) {
        incomplete++;
        continue;
      }
      long first = Long.MAX_VALUE;
      long last = 0;
      long lastReceived = 0;
      long lastCommitted = 0;
      long lastGold = 0;
      for (String key : keys) {
        first = Math.min(first, sent.get(key));
        last = Math.max(last, sent.get(key));
        long receivedAt = received.get(key);
        lastReceived = Math.max(lastReceived, receivedAt);
        lastCommitted = Math.max(lastCommitted, committed.get(key));
        Long inGold = goldCommitted.get(key.substring(0, key.lastIndexOf('|')) + "|" + receivedAt);
        lastGold = inGold == null ? Long.MAX_VALUE : Math.max(lastGold, inGold);
      }
      spans.add(last - first);
      toReceipt.add(lastReceived - first);
      toCommit.add(lastCommitted - first);
      if (lastGold != Long.MAX_VALUE) {
        toGold.add(lastGold - first);
      }
    }
    System.out.printf(
        "top-of-minute bursts of %d bars: %d complete, %d not (cut by the run's end)%n",
        symbols, spans.size(), incomplete);
    print("burst: first send -> last send", spans);
    print("burst: first send -> last received, baseline", toReceipt);
    print("burst: first send -> last in silver.minute_bars", toCommit);
    print("burst: first send -> last in gold.bar_features_minute", toGold);
  }

  private static void print(String what, List<Long> millis) {
    if (millis.isEmpty()) {
      System.out.printf("%-55s no samples%n", what);
      return;
    }
    Collections.sort(millis);
    System.out.printf(
        "%-55s n=%d p50=%d ms p99=%d ms max=%d ms%n",
        what,
        millis.size(),
        millis.get(millis.size() / 2),
        millis.get(Math.min(millis.size() - 1, (int) Math.ceil(millis.size() * 0.99) - 1)),
        millis.get(millis.size() - 1));
  }
}
