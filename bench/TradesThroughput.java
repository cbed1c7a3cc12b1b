import io.pitlake.catalog.CatalogConfig;
import io.pitlake.catalog.Catalogs;
import io.pitlake.job.Backfill;
import io.pitlake.job.BackfillOptions;
import io.pitlake.job.FlinkSettings;
import io.pitlake.job.RunMode;
import io.pitlake.job.ingest.IcebergRows;
import io.pitlake.job.ingest.IngestPlan;
import io.pitlake.job.ingest.IntradayChannel;
import io.pitlake.job.ingest.IntradayPlan;
import io.pitlake.job.ingest.IntradayVendor;
import io.pitlake.job.ingest.WsNormalizer;
import io.pitlake.job.sql.SqlEnvironments;
import io.pitlake.simulator.PolygonSimulator;
import io.pitlake.simulator.PolygonWebSocketServer;
import io.pitlake.simulator.SessionReplay;
import io.pitlake.simulator.SimulatedTrades;
import io.pitlake.source.rest.Credentials;
import io.pitlake.source.websocket.WebSocketSource;
import io.pitlake.source.websocket.WebSocketSourceOptions;
import io.pitlake.source.websocket.split.WebSocketSplit;
import io.pitlake.table.PitlakeTables;
import io.pitlake.table.TableBootstrap;
import io.pitlake.table.TableSpec;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.functions.MapFunction;
import io.pitlake.job.ingest.WsObservation;
import io.pitlake.source.websocket.ReceivedElement;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.flink.sink.FlinkSink;

/**
 * Throughput of the trades channel: trades per second from the simulator's websocket into {@code
 * bronze.polygon_ws} and {@code silver.trades} by the live job ({@code --intraday polygon --channels
 * trades}), against the ceiling of the same path in the same run: the same source and parse, then
 * a plain Iceberg append of the elements (no dedup, no silver). The simulator runs in this JVM, on the
 * same cores. Each run replays one session whose trades are offered faster than either job takes them
 * (the source's queue holds the difference, so no frame is dropped): the rate is the trades committed
 * divided by the time from the first send to the commit holding the last of them, printed with the
 * process's CPU seconds over the same time.
 *
 * <p>Usage: {@code bench/trades.sh [symbols] [trades-per-minute] [speed] [checkpoint-seconds]},
 * which compiles it and runs it with the job jar and Flink's class path.
 */
public class TradesThroughput {

  /**
   * The process's CPU time: on a shared machine the wall-clock rate follows the other agents' load,
   * the CPU seconds a run spends per trade much less. It counts the simulator too (same JVM).
   */
  private static final com.sun.management.OperatingSystemMXBean PROCESS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    int perMinute = args.length > 2 ? Integer.parseInt(args[2]) : 300;
    double speed = args.length > 3 ? Double.parseDouble(args[3]) : 2_000;
    int checkpointSeconds = args.length > 4 ? Integer.parseInt(args[4]) : 2;
    List<String> symbols = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      symbols.add(String.format("W%03d", i));
    }
    LocalDate session = SessionReplay.lastSessionBefore(LocalDate.now());
    long trades = (long) count * perMinute * 390;
    System.out.printf(
        "trades throughput: %d symbols x %d trades/min, session %s (%,d trades) at %sx"
            + " (offered %,.0f trades/s), checkpoint every %d s%n",
        count, perMinute, session, trades, speed, count * perMinute / 60.0 * speed, checkpointSeconds);
    Configuration options = new Configuration();
    options.set(BackfillOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(checkpointSeconds));
    // Frames of a session second: hold the whole session rather than drop and gap-fill.
    options.set(WebSocketSourceOptions.QUEUE_CAPACITY, 1_000_000);
    double ceiling = run(work.resolve("ceiling"), symbols, perMinute, speed, session, options, true);
    double live = run(work.resolve("live"), symbols, perMinute, speed, session, options, false);
    System.out.printf(
        "live job: %,.0f trades/s into bronze and silver = %.0f%% of the ceiling (%,.0f trades/s)%n",
        live, 100 * live / ceiling, ceiling);
  }

  /** One replay through the ceiling job or the live job; returns trades/s into its last table. */
  private static double run(
      Path dir,
      List<String> symbols,
      int perMinute,
      double speed,
      LocalDate session,
      Configuration options,
      boolean ceiling)
      throws Exception {
    Files.createDirectories(dir.resolve("lake"));
    CatalogConfig lake = CatalogConfig.embedded(dir.resolve("lake"));
    Path key = Files.writeString(dir.resolve("simulator.key"), "bench-key");
    try (PolygonSimulator simulator =
        PolygonSimulator.builder()
            .apiKey("bench-key")
            .trades(new SimulatedTrades(perMinute, 0, 0))
            .build()
            .start()) {
      PolygonWebSocketServer websocket =
          simulator.startWebSocket(new SessionReplay(session, speed, symbols, 0, 0, 1));
      Catalog catalog = Catalogs.create(lake);
      TableBootstrap.ensureTables(catalog, PitlakeTables.all());
      JobClient job;
      List<TableSpec> tables;
      if (ceiling) {
        job = ceiling(lake, symbols, websocket, key, options);
        tables = List.of(PitlakeTables.BRONZE_POLYGON_WS);
      } else {
        IntradayPlan intraday =
            new IntradayPlan(
                lake,
                symbols,
                websocket.url(),
                simulator.baseUrl(),
                Credentials.fromFile(key),
                websocket.clock(),
                options,
                IntradayVendor.POLYGON,
                EnumSet.of(IntradayChannel.TRADES));
        IngestPlan daily =
            new IngestPlan(
                lake, symbols, session, null, simulator.baseUrl(), Credentials.fromFile(key), options);
        job = new Backfill(FlinkSettings.embedded(options), line -> {}).startLive(daily, intraday);
        tables = List.of(PitlakeTables.BRONZE_POLYGON_WS, PitlakeTables.SILVER_TRADES);
      }
      long expected = (long) symbols.size() * perMinute * 390;
      long start = 0;
      double rate = 0;
      try {
        while (!websocket.replaying()) {
          Thread.sleep(10);
        }
        start = System.nanoTime();
        long cpuStart = PROCESS.getProcessCpuTime();
        for (TableSpec spec : tables) {
          Table table = catalog.loadTable(spec.id());
          long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
          long rows = 0;
          while (rows < expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
            table.refresh();
            Snapshot current = table.currentSnapshot();
            rows = current == null ? 0 : Long.parseLong(current.summary().getOrDefault("total-records", "0"));
          }
          double seconds = (System.nanoTime() - start) / 1e9;
          double cpu = (PROCESS.getProcessCpuTime() - cpuStart) / 1e9;
          rate = rows / seconds;
          System.out.printf(
              "  %s %s: %,d rows committed in %.1f s from the first send: %,.0f trades/s;"
                  + " %.1f CPU s (%,.0f trades per CPU s) (load %s)%n",
              ceiling ? "ceiling" : "live job",
              spec.namespace() + "." + spec.name(),
              rows,
              seconds,
              rate,
              cpu,
              rows / cpu,
              Files.readString(Path.of("/proc/loadavg")).strip());
        }
      } finally {
        job.cancel().get();
      }
      return rate;
    }
  }

  /**
   * The same source and parse as the live job, then a plain append of every element: no versioner,
   * no trade dedup, no SQL.
   */
  private static JobClient ceiling(
      CatalogConfig lake,
      List<String> symbols,
      PolygonWebSocketServer websocket,
      Path key,
      Configuration options)
      throws Exception {
    StreamExecutionEnvironment env =
        SqlEnvironments.environment(RunMode.STREAMING, FlinkSettings.embedded(options), options);
    env.enableCheckpointing(options.get(BackfillOptions.CHECKPOINT_INTERVAL).toMillis());
    IntradayVendor vendor = IntradayVendor.POLYGON;
    WebSocketSource source =
        WebSocketSource.builder()
            .setProtocol(vendor.protocol())
            .setCredentials(Credentials.fromFile(key))
            .setSplits(
                List.of(
                    WebSocketSplit.of(
                        vendor.splitId(),
                        websocket.url(),
                        vendor.channels(symbols, EnumSet.of(IntradayChannel.TRADES)))))
            .setClock(websocket.clock())
            .setConfiguration(options)
            .build();
    TableSpec bronze = PitlakeTables.BRONZE_POLYGON_WS;
    var rows =
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "websocket")
            .setParallelism(1)
            .filter(new NotOutage())
            .setParallelism(1)
            .process(new WsNormalizer(vendor.elements()))
            .setParallelism(1)
            .map(new BronzeRow())
            .returns(InternalTypeInfo.<RowData>of(FlinkSchemaUtil.convert(bronze.schema())))
            .setParallelism(1);
    FlinkSink.forRowData(rows)
        .tableLoader(TableLoader.fromCatalog(Catalogs.loader(lake), bronze.id()))
        .append();
    return env.executeAsync("trades ceiling");
  }

  /** Named classes, not lambdas: Flink loads them by name (bench/trades.sh compiles this file). */
  public static final class NotOutage implements FilterFunction<ReceivedElement> {
    @Override
    public boolean filter(ReceivedElement element) {
      return !element.isOutage();
    }
  }

  /** An element as bronze's row, version 1, as the trade deduplicator would emit it. */
  public static final class BronzeRow implements MapFunction<WsObservation, RowData> {
    @Override
    public RowData map(WsObservation o) {
      return IcebergRows.bronzeWs(o.withVersion(1, o.receivedAt()));
    }
  }
}
