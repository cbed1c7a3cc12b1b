import com.sun.management.OperatingSystemMXBean;
import io.pitlake.catalog.CatalogConfig;
import io.pitlake.catalog.Catalogs;
import io.pitlake.features.BarFeatures;
import io.pitlake.features.BarLife;
import io.pitlake.job.BackfillOptions;
import io.pitlake.shaded.okhttp3.HttpUrl;
import io.pitlake.shaded.okhttp3.OkHttpClient;
import io.pitlake.shaded.okhttp3.Request;
import io.pitlake.shaded.okhttp3.Response;
import io.pitlake.simulator.PolygonSimulator;
import io.pitlake.source.rest.FetchedRecord;
import io.pitlake.source.rest.ParsedPage;
import io.pitlake.source.rest.split.RestSplit;
import io.pitlake.table.PitlakeTables;
import io.pitlake.table.TableBootstrap;
import io.pitlake.table.TableSpec;
import io.pitlake.vendor.polygon.PolygonAggObservation;
import io.pitlake.vendor.polygon.PolygonAggsProtocol;
import io.pitlake.vendor.polygon.PolygonDailyBarAvailability;
import io.pitlake.vendor.polygon.PolygonDailyBarNormalizer;
import io.pitlake.vendor.polygon.PolygonOptions;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.flink.data.FlinkParquetReaders;
import org.apache.iceberg.flink.sink.RowDataTaskWriterFactory;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.TaskWriter;
import org.apache.iceberg.io.WriteResult;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.util.PropertyUtil;

/**
 * The fastest a backfill of bronze, silver and gold can be on this machine, measured rather than
 * inferred: it times, each alone on all cores, the two halves that every pipeline producing these
 * tables must run, whatever engine or plan it uses.
 *
 * <ol>
 *   <li><b>Vendor path</b>: the built-in simulator serves every page of the backfill over loopback
 *       HTTP, pitlake's Polygon protocol reads each page and its normaliser parses and hashes each
 *       bar, on as many threads as cores. Nothing is versioned, joined or written.
 *   <li><b>Write path</b>: the rows a real backfill left in the three tables are read into memory
 *       first (not timed), then written again into empty tables of the same definition by Iceberg's
 *       own Flink writers, as many writer threads as cores, each owning a share of the symbols, and
 *       committed. Once as the Flink sink writes them (tables with identifier fields go through the
 *       equality-delta writer and its key map), once as plain appends.
 * </ol>
 *
 * <p>A job that did nothing but these two halves, with no Flink operator, exchange or SQL between
 * them, would take their times added: bars / (vendor time + write time) is a ceiling on end-to-end
 * bars/s. It also times pitlake's gold feature function alone over silver's rows, in the blocks
 * gold's SQL hands it: one piece of the work between the halves, to show what little of the budget
 * such work would have left.
 *
 * <p>Usage (bench/ceiling.sh builds the lake and the classpath): {@code java -cp <pitlake.jar and
 * Flink> bench/Ceiling.java LAKE SYMBOLS FROM TO}
 */
public class Ceiling {

  private static final List<TableSpec> TABLES =
      List.of(
          PitlakeTables.BRONZE_POLYGON_AGGS,
          PitlakeTables.SILVER_BARS_DAILY,
          PitlakeTables.GOLD_BAR_FEATURES_DAILY);

  /** Sessions per block of gold's feature SQL ({@code sql/gold/bar_features_daily.sql}). */
  private static final int BLOCK = 64;

  /** The seed of the CLI's simulator, so the vendor path serves the bars the lake holds. */
  private static final long SEED = 42;

  private static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  /** Wall and process CPU time of one timed part. */
  record Timing(double seconds, double cpuSeconds) {
    Timing plus(Timing other) {
      return new Timing(seconds + other.seconds, cpuSeconds + other.cpuSeconds);
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println(
          "usage: Ceiling LAKE SYMBOLS FROM TO (a lake a batch backfill of them left)");
      System.exit(2);
    }
    Path lake = Path.of(args[0]);
    int symbols = Integer.parseInt(args[1]);
    LocalDate from = LocalDate.parse(args[2]);
    LocalDate to = LocalDate.parse(args[3]);
    int threads = Runtime.getRuntime().availableProcessors();

    long[] fetched = new long[1];
    // Warm-ups, untimed, so that the JIT has compiled both paths: this favours the ceiling.
    vendorPath(Math.max(1, symbols / 10), from, to, threads, fetched);
    Timing vendor = vendorPath(symbols, from, to, threads, fetched);
    System.out.printf(
        "vendor path (simulator, HTTP, page and bar JSON, hash), %d threads: %,d bars in %.1f s"
            + " = %,.0f bars/s; %.1f CPU s = %.1f µs/bar%n",
        threads,
        fetched[0],
        vendor.seconds,
        fetched[0] / vendor.seconds,
        vendor.cpuSeconds,
        1e6 * vendor.cpuSeconds / fetched[0]);

    Catalog catalog = Catalogs.create(CatalogConfig.embedded(lake));
    Path scratch = Files.createTempDirectory(lake.getParent(), "ceiling-");
    Catalog asSink =
        Catalogs.create(
            CatalogConfig.embedded(Files.createDirectories(scratch.resolve("as-sink"))));
    Catalog appends =
        Catalogs.create(
            CatalogConfig.embedded(Files.createDirectories(scratch.resolve("appends"))));
    Catalog warmUp =
        Catalogs.create(
            CatalogConfig.embedded(Files.createDirectories(scratch.resolve("warm-up"))));
    TableBootstrap.ensureTables(asSink, TABLES);
    TableBootstrap.ensureTables(appends, TABLES);
    TableBootstrap.ensureTables(warmUp, TABLES);
    warmUpWriters(catalog, warmUp.loadTable(PitlakeTables.SILVER_BARS_DAILY.id()), threads);

    long bars = 0;
    Timing features = null;
    Timing sinkTotal = new Timing(0, 0);
    Timing appendTotal = new Timing(0, 0);
    System.out.printf(
        "write path, %d writer threads: rows, then as the sink writes | as appends%n", threads);
    for (TableSpec spec : TABLES) {
      List<RowData> rows = read(catalog.loadTable(spec.id()));
      // Settle the rows just read in the old generation, so neither write pays for moving them.
      System.gc();
      if (spec == PitlakeTables.BRONZE_POLYGON_AGGS) {
        bars = rows.size();
      }
      if (spec == PitlakeTables.SILVER_BARS_DAILY) {
        features = featuresPath(rows, threads);
      }
      Table sinkTable = asSink.loadTable(spec.id());
      Timing sink = write(sinkTable, rows, sinkTable.schema().identifierFieldIds(), threads);
      Timing append = write(appends.loadTable(spec.id()), rows, Set.of(), threads);
      sinkTotal = sinkTotal.plus(sink);
      appendTotal = appendTotal.plus(append);
      System.out.printf(
          "  %-26s %,10d rows  %5.1f s (%5.1f CPU s) | %5.1f s (%5.1f CPU s)%n",
          spec.id(), rows.size(), sink.seconds, sink.cpuSeconds, append.seconds, append.cpuSeconds);
    }
    report("write path as the sink writes", bars, sinkTotal);
    report("write path as appends", bars, appendTotal);
    report("gold's feature function", bars, features);
    System.out.printf(
        "ceiling (vendor path + write path, nothing else): %,.0f bars/s as the sink writes,"
            + " %,.0f bars/s with plain appends%n",
        bars / (vendor.seconds + sinkTotal.seconds), bars / (vendor.seconds + appendTotal.seconds));
    System.out.printf(
        "ceiling with gold's feature function too: %,.0f bars/s as the sink writes%n",
        bars / (vendor.seconds + sinkTotal.seconds + features.seconds));
    try (var files = Files.walk(scratch)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  /** Writes silver's rows once each way, untimed, so that the JIT has compiled the writers. */
  private static void warmUpWriters(Catalog lake, Table scratch, int threads) throws Exception {
    List<RowData> rows = read(lake.loadTable(PitlakeTables.SILVER_BARS_DAILY.id()));
    write(scratch, rows, scratch.schema().identifierFieldIds(), threads);
    write(scratch, rows, Set.of(), threads);
  }

  private static void report(String what, long bars, Timing t) {
    System.out.printf(
        "%s: %,d bars in %.1f s = %,.0f bars/s; %.1f CPU s = %.1f µs/bar%n",
        what, bars, t.seconds, bars / t.seconds, t.cpuSeconds, 1e6 * t.cpuSeconds / bars);
  }

  /** Fetches, parses and normalises every bar of the backfill; returns the time it took. */
  private static Timing vendorPath(
      int symbols, LocalDate from, LocalDate to, int threads, long[] fetched) throws Exception {
    List<String> keys =
        IntStream.rangeClosed(1, symbols).mapToObj(i -> String.format("B%04d", i)).toList();
    List<RestSplit> splits =
        RestSplit.chunks(keys, from, to, Period.ofDays(BackfillOptions.SPLIT_DAYS.defaultValue()));
    String key = UUID.randomUUID().toString();
    try (PolygonSimulator simulator =
        PolygonSimulator.builder().seed(SEED).apiKey(key).build().start()) {
      HttpUrl base = HttpUrl.get(simulator.baseUrl());
      PolygonAggsProtocol protocol =
          new PolygonAggsProtocol(PolygonOptions.PAGE_SIZE.defaultValue());
      PolygonDailyBarNormalizer normalizer =
          new PolygonDailyBarNormalizer(
              new PolygonDailyBarAvailability(PolygonOptions.PUBLICATION_DELAY.defaultValue()));
      OkHttpClient http = new OkHttpClient();
      AtomicInteger next = new AtomicInteger();
      LongAdder bars = new LongAdder();
      Callable<Void> worker =
          () -> {
            Collector<PolygonAggObservation> out = counting(bars);
            ProcessFunction<?, ?>.Context ctx = rejecting(normalizer);
            for (int i = next.getAndIncrement(); i < splits.size(); i = next.getAndIncrement()) {
              fetchSplit(http, key, base, protocol, normalizer, splits.get(i), ctx, out);
            }
            return null;
          };
      Timing t = timed(() -> runAll(worker, threads));
      fetched[0] = bars.sum();
      return t;
    }
  }

  @SuppressWarnings("unchecked")
  private static void fetchSplit(
      OkHttpClient http,
      String key,
      HttpUrl base,
      PolygonAggsProtocol protocol,
      PolygonDailyBarNormalizer normalizer,
      RestSplit split,
      ProcessFunction<?, ?>.Context ctx,
      Collector<PolygonAggObservation> out)
      throws Exception {
    for (HttpUrl url = protocol.firstPage(base, split); url != null; ) {
      Request request =
          new Request.Builder().url(url).header("Authorization", "Bearer " + key).build();
      String body;
      try (Response response = http.newCall(request).execute()) {
        if (response.code() != 200) {
          throw new IllegalStateException("simulator answered " + response.code() + " for " + url);
        }
        body = response.body().string();
      }
      ParsedPage page = protocol.parse(body);
      Instant fetchedAt = Instant.now();
      for (String element : page.elements()) {
        normalizer.processElement(
            new FetchedRecord(
                split.splitId(),
                split.key(),
                split.from(),
                url.toString(),
                element,
                fetchedAt,
                null),
            (ProcessFunction<FetchedRecord, PolygonAggObservation>.Context) ctx,
            out);
      }
      url = page.nextUrl() == null || page.nextUrl().isBlank() ? null : HttpUrl.get(page.nextUrl());
    }
  }

  private static Collector<PolygonAggObservation> counting(LongAdder bars) {
    return new Collector<>() {
      @Override
      public void collect(PolygonAggObservation bar) {
        bars.increment();
      }

      @Override
      public void close() {}
    };
  }

  /** The normaliser's context: the simulator serves no bad bars, so a rejection is a failure. */
  private static ProcessFunction<?, ?>.Context rejecting(PolygonDailyBarNormalizer normalizer) {
    return normalizer.new Context() {
      @Override
      public Long timestamp() {
        return null;
      }

      @Override
      public TimerService timerService() {
        throw new UnsupportedOperationException("the normaliser sets no timers");
      }

      @Override
      public <X> void output(OutputTag<X> tag, X value) {
        throw new IllegalStateException("unexpected rejection: " + value);
      }
    };
  }

  /**
   * Runs gold's feature function ({@link BarFeatures}) over every symbol's blocks of {@value
   * #BLOCK} sessions with the {@value BarFeatures#HISTORY} sessions before each, as gold's SQL
   * hands them to it, on {@code threads} threads; the blocks are built from silver's rows untimed.
   */
  private static Timing featuresPath(List<RowData> silver, int threads) throws Exception {
    Map<String, List<BarLife>> blocks = new HashMap<>();
    for (RowData row : silver) {
      int session = row.getInt(3);
      long validTo = row.isNullAt(14) ? Long.MAX_VALUE : millis(row, 14);
      if (validTo <= millis(row, 12)) {
        continue;
      }
      BarLife life =
          new BarLife(
              session,
              row.getInt(2),
              row.getDouble(7),
              row.getDouble(8),
              row.isNullAt(9) ? null : row.getDouble(9),
              millis(row, 11),
              millis(row, 13),
              millis(row, 12),
              validTo);
      String symbol = row.getString(0).toString();
      int block = session / BLOCK;
      blocks.computeIfAbsent(symbol + "/" + block, k -> new ArrayList<>()).add(life);
      if (session % BLOCK >= BLOCK - BarFeatures.HISTORY) {
        blocks.computeIfAbsent(symbol + "/" + (block + 1), k -> new ArrayList<>()).add(life);
      }
    }
    List<Map.Entry<String, List<BarLife>>> work = new ArrayList<>(blocks.entrySet());
    AtomicInteger next = new AtomicInteger();
    LongAdder rows = new LongAdder();
    Callable<Void> worker =
        () -> {
          for (int i = next.getAndIncrement(); i < work.size(); i = next.getAndIncrement()) {
            String key = work.get(i).getKey();
            int first = Integer.parseInt(key.substring(key.indexOf('/') + 1)) * BLOCK;
            rows.add(BarFeatures.compute(work.get(i).getValue(), first, first + BLOCK - 1).size());
          }
          return null;
        };
    Timing t = timed(() -> runAll(worker, threads));
    System.out.printf(
        "  gold's feature function: %,d feature rows from %,d blocks%n", rows.sum(), work.size());
    return t;
  }

  private static long millis(RowData row, int pos) {
    return row.getTimestamp(pos, 6).getMillisecond();
  }

  /** Every row of the table's current snapshot, as Flink rows (the lake has no delete files). */
  private static List<RowData> read(Table table) throws Exception {
    List<RowData> rows = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        if (!task.deletes().isEmpty()) {
          throw new IllegalStateException(table.name() + " has delete files: use a fresh backfill");
        }
        try (CloseableIterable<Object> file =
            Parquet.read(table.io().newInputFile(task.file().location()))
                .project(table.schema())
                .createReaderFunc(
                    fileSchema -> FlinkParquetReaders.buildReader(table.schema(), fileSchema))
                .build()) {
          file.forEach(row -> rows.add((RowData) row));
        }
      }
    }
    return rows;
  }

  /**
   * Writes {@code rows} into {@code table} with Iceberg's Flink task writers, one per thread, each
   * owning the symbols that hash to it (as a keyed exchange would give them), and commits.
   */
  private static Timing write(
      Table table, List<RowData> rows, Set<Integer> equalityFields, int threads) throws Exception {
    int symbol = table.schema().columns().indexOf(table.schema().findField("symbol"));
    List<List<RowData>> shares = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      shares.add(new ArrayList<>());
    }
    for (RowData row : rows) {
      shares.get(Math.floorMod(row.getString(symbol).hashCode(), threads)).add(row);
    }
    long targetFileSize =
        PropertyUtil.propertyAsLong(
            table.properties(),
            TableProperties.WRITE_TARGET_FILE_SIZE_BYTES,
            TableProperties.WRITE_TARGET_FILE_SIZE_BYTES_DEFAULT);
    List<DataFile> files = new ArrayList<>();
    return timed(
        () -> {
          List<Callable<WriteResult>> writers = new ArrayList<>();
          for (int i = 0; i < threads; i++) {
            int task = i;
            writers.add(
                () -> {
                  RowDataTaskWriterFactory factory =
                      new RowDataTaskWriterFactory(
                          table,
                          FlinkSchemaUtil.convert(table.schema()),
                          targetFileSize,
                          FileFormat.PARQUET,
                          table.properties(),
                          equalityFields,
                          false);
                  factory.initialize(task, 0);
                  TaskWriter<RowData> writer = factory.create();
                  for (RowData row : shares.get(task)) {
                    writer.write(row);
                  }
                  return writer.complete();
                });
          }
          for (WriteResult result : runAll(writers)) {
            if (result.deleteFiles().length > 0) {
              throw new IllegalStateException("an insert-only write produced delete files");
            }
            files.addAll(List.of(result.dataFiles()));
          }
          AppendFiles append = table.newAppend();
          files.forEach(append::appendFile);
          append.commit();
          return null;
        });
  }

  private static Timing timed(Callable<?> work) throws Exception {
    long cpu = OS.getProcessCpuTime();
    long start = System.nanoTime();
    work.call();
    return new Timing((System.nanoTime() - start) / 1e9, (OS.getProcessCpuTime() - cpu) / 1e9);
  }

  private static List<Void> runAll(Callable<Void> worker, int threads) throws Exception {
    return runAll(java.util.Collections.nCopies(threads, worker));
  }

  private static <T> List<T> runAll(List<Callable<T>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      List<T> results = new ArrayList<>();
      for (Future<T> future : pool.invokeAll(tasks)) {
        results.add(future.get());
      }
      return results;
    } finally {
      pool.shutdown();
    }
  }
}
