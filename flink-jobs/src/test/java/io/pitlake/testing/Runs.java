package io.pitlake.testing;

import io.pitlake.job.Backfill;
import io.pitlake.job.BackfillOptions;
import io.pitlake.job.FlinkSettings;
import io.pitlake.job.RunMode;
import io.pitlake.job.ingest.IngestPlan;
import io.pitlake.job.ingest.IntradayChannel;
import io.pitlake.job.ingest.IntradayPlan;
import io.pitlake.job.ingest.IntradayVendor;
import io.pitlake.job.ingest.RawIngestPlan;
import io.pitlake.job.ingest.VendorDataset;
import io.pitlake.job.sql.SqlEnvironments;
import io.pitlake.simulator.PolygonSimulator;
import io.pitlake.simulator.ReplayWebSocketServer;
import io.pitlake.source.rest.Credentials;
import io.pitlake.source.rest.RestSourceOptions;
import io.pitlake.source.websocket.WebSocketSourceOptions;
import io.pitlake.table.Layer;
import io.pitlake.vendor.polygon.PolygonOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.Nullable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

/** Runs pitlake's real pipeline against a simulator on the test's MiniCluster. */
public final class Runs {

  public static final String KEY = "test-key-5f0c2a9d41b7e6";

  private Runs() {}

  /** A MiniCluster sized like CI's machine, failing fast instead of restarting. */
  public static MiniClusterExtension miniCluster() {
    Configuration conf = new Configuration();
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, FlinkSettings.NETWORK_MEMORY);
    conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, FlinkSettings.NETWORK_MEMORY);
    return new MiniClusterExtension(
        new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(conf)
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(4)
            .build());
  }

  /** Options for tests: small pages (so paging is exercised), fast checkpoints and retries. */
  public static Configuration options() {
    Configuration options = new Configuration();
    options.set(PolygonOptions.PAGE_SIZE, 100);
    options.set(BackfillOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1));
    options.set(RestSourceOptions.BACKOFF_INITIAL, Duration.ofMillis(10));
    options.set(RestSourceOptions.BACKOFF_MAX, Duration.ofMillis(100));
    return options;
  }

  public static IngestPlan plan(
      Lake lake, PolygonSimulator simulator, List<String> symbols, LocalDate from, LocalDate to) {
    return plan(lake, simulator, symbols, from, to, options(), Clock.systemUTC());
  }

  /** A live run's plan: the symbols followed from {@code from} on, with these options. */
  public static IngestPlan livePlan(
      Lake lake,
      PolygonSimulator simulator,
      List<String> symbols,
      LocalDate from,
      Configuration options) {
    return plan(lake, simulator, symbols, from, null, options, Clock.systemUTC());
  }

  /**
   * Starts {@code pitlake live} for {@code symbols} from a week before {@code session}, with {@code
   * vendor}'s websocket feed at {@code url} (the replayed session, on the replay's clock) on {@code
   * channels}, its gaps filled from the REST API at {@code restBaseUrl}; {@code credentials}
   * ({@code null}: the daily poll's Polygon key) for the feed. Reconnects are fast, and the daily
   * poll looks every second.
   */
  public static JobClient startIntraday(
      Lake lake,
      PolygonSimulator daily,
      ReplayWebSocketServer websocket,
      List<String> symbols,
      LocalDate session,
      String url,
      String restBaseUrl,
      @Nullable Credentials credentials,
      IntradayVendor vendor,
      Set<IntradayChannel> channels,
      Configuration options) {
    options.set(BackfillOptions.LIVE_POLL_INTERVAL, Duration.ofSeconds(1));
    options.set(WebSocketSourceOptions.BACKOFF_INITIAL, Duration.ofMillis(10));
    options.set(WebSocketSourceOptions.BACKOFF_MAX, Duration.ofMillis(50));
    IngestPlan plan = livePlan(lake, daily, symbols, session.minusDays(7), options);
    IntradayPlan intraday =
        new IntradayPlan(
            lake.config(),
            symbols,
            url,
            restBaseUrl,
            credentials == null ? plan.credentials() : credentials,
            websocket.clock(),
            options,
            vendor,
            channels);
    return new Backfill(new Configuration(), line -> {}).startLive(plan, intraday);
  }

  /**
   * A plan of {@code from} to {@code to} ({@code null}: a live run) whose job runs on {@code
   * clock}: give it the simulator's {@link MutableClock} and the test moves the job's time too.
   */
  public static IngestPlan plan(
      Lake lake,
      PolygonSimulator simulator,
      List<String> symbols,
      LocalDate from,
      @Nullable LocalDate to,
      Configuration options,
      Clock clock) {
    return new IngestPlan(
        lake.config(),
        symbols,
        from,
        to,
        simulator.baseUrl(),
        Credentials.fromFile(keyFile()),
        options,
        Map.of(),
        clock);
  }

  public static Backfill.Result backfill(
      Lake lake,
      PolygonSimulator simulator,
      List<String> symbols,
      LocalDate from,
      LocalDate to,
      RunMode mode)
      throws Exception {
    return new Backfill(new Configuration(), line -> {})
        .run(plan(lake, simulator, symbols, from, to), mode);
  }

  /**
   * Ingests Polygon's {@code datasets} of {@code symbols} (splits, dividends, ticker events, ...)
   * from the simulator into the lake's bronze, with the test key.
   */
  public static void ingestPolygon(
      Lake lake,
      PolygonSimulator simulator,
      List<VendorDataset> datasets,
      List<String> symbols,
      LocalDate from,
      LocalDate to)
      throws Exception {
    Configuration options = options();
    options.set(PolygonOptions.BASE_URL, simulator.baseUrl());
    new Backfill(new Configuration(), line -> {})
        .ingest(
            new RawIngestPlan(
                lake.config(),
                datasets,
                symbols,
                List.of(),
                from,
                to,
                Map.of("polygon", Credentials.fromFile(keyFile())),
                options));
  }

  /** Builds silver and gold bars from whatever bronze holds. */
  public static void buildSql(Lake lake, RunMode mode) {
    buildSql(lake, mode, Layer.BARS.toArray(Layer[]::new));
  }

  /** Builds the given layers, in their order, from whatever the lake holds. */
  public static void buildSql(Lake lake, RunMode mode, Layer... layers) {
    buildSql(lake, options(), mode, layers);
  }

  /** Like {@link #buildSql(Lake, RunMode, Layer...)}, with {@code options} of its own. */
  public static void buildSql(Lake lake, Configuration options, RunMode mode, Layer... layers) {
    new Backfill(new Configuration(), line -> {}).buildSql(lake.config(), options, mode, layers);
  }

  /** The rows of a Flink SQL query over the lake, in batch, each by column name. */
  public static List<Map<String, Object>> query(Lake lake, String sql) throws Exception {
    TableEnvironment tableEnv =
        SqlEnvironments.create(lake.config(), RunMode.BATCH, new Configuration(), options());
    TableResult result = tableEnv.executeSql(sql);
    List<String> columns = result.getResolvedSchema().getColumnNames();
    List<Map<String, Object>> rows = new ArrayList<>();
    try (CloseableIterator<Row> it = result.collect()) {
      while (it.hasNext()) {
        Row row = it.next();
        Map<String, Object> byName = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
          byName.put(columns.get(i), row.getField(i));
        }
        rows.add(byName);
      }
    }
    return rows;
  }

  private static Path keyFile() {
    try {
      Path file = Files.createTempFile("pitlake-test", ".key");
      Files.writeString(file, KEY);
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
