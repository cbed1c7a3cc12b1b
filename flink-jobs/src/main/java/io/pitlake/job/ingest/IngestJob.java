package io.pitlake.job.ingest;

import io.pitlake.catalog.Catalogs;
import io.pitlake.job.BackfillOptions;
import io.pitlake.job.sort.SortOnWrite;
import io.pitlake.quarantine.Rejection;
import io.pitlake.quarantine.UnrecordedRejects;
import io.pitlake.source.rest.FetchedRecord;
import io.pitlake.source.rest.FollowMode;
import io.pitlake.source.rest.RestSource;
import io.pitlake.source.rest.RestSourceBuilder;
import io.pitlake.source.rest.RestSourceOptions;
import io.pitlake.source.rest.split.RestSplit;
import io.pitlake.table.PitlakeTables;
import io.pitlake.table.TableSpec;
import io.pitlake.vendor.polygon.PolygonAggObservation;
import io.pitlake.vendor.polygon.PolygonAggsProtocol;
import io.pitlake.vendor.polygon.PolygonDailyBarAvailability;
import io.pitlake.vendor.polygon.PolygonDailyBarNormalizer;
import io.pitlake.vendor.polygon.PolygonOptions;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.flink.sink.FlinkSink;

/**
 * The DataStream half of a backfill: vendor REST pages to {@code bronze.polygon_aggs}, with
 * everything unreadable in {@code silver.quarantine}.
 *
 * <pre>
 * RestSource ─► normalize ─► keyBy(symbol) ─► version ─► watermark(available_at) ─► bronze
 *                  └─ rejected ─────────────────────────────────────────────► quarantine
 * </pre>
 */
public final class IngestJob {

  /** Polygon's daily bars ({@code bronze.polygon_aggs}) as {@code pitlake update} names them. */
  public static final String DATASET = "polygon.aggs_day";

  /**
   * How {@code pitlake update} finds new daily bars: each symbol from its newest session less the
   * live run's lookback ({@code live.lookback-days}' default), on NYSE sessions.
   */
  public static final Freshness FRESHNESS =
      Freshness.since(
          BackfillOptions.LIVE_LOOKBACK_DAYS.defaultValue(), Freshness.Calendar.NYSE_SESSIONS);

  private IngestJob() {}

  /**
   * What the ingest part of a job gives the rest of it.
   *
   * @param splits how many source splits the plan makes, the total that progress counts towards (0
   *     for a live run, whose splits appear as the vendor publishes)
   * @param bronzeRows the rows this run adds to {@code bronze.polygon_aggs} (new versions only), in
   *     the table's schema, for SQL of the same job to read
   */
  public record Ingest(int splits, DataStream<RowData> bronzeRows) {}

  /** Adds the ingest dataflow to {@code env}; the caller executes it. */
  public static Ingest addTo(StreamExecutionEnvironment env, IngestPlan plan) {
    var options = plan.options();
    Period chunk = Period.ofDays(options.get(BackfillOptions.SPLIT_DAYS));
    PolygonDailyBarAvailability availability =
        new PolygonDailyBarAvailability(options.get(PolygonOptions.PUBLICATION_DELAY));
    RestSourceBuilder builder =
        RestSource.builder()
            .setBaseUrl(plan.baseUrl())
            .setProtocol(new PolygonAggsProtocol(options.get(PolygonOptions.PAGE_SIZE)))
            .setCredentials(plan.credentials())
            .setClock(plan.clock())
            .setConfiguration(polygonRate(options));
    int splits;
    int readers;
    if (plan.live()) {
      builder.setFollow(
          new FollowMode(
              plan.symbols(),
              plan.from(),
              chunk,
              Period.ofDays(options.get(BackfillOptions.LIVE_LOOKBACK_DAYS)),
              availability::newestAvailableSession,
              options.get(BackfillOptions.LIVE_POLL_INTERVAL),
              plan.clock()));
      splits = 0;
      readers = env.getParallelism();
    } else {
      List<RestSplit> planned = chunks(plan, chunk);
      builder.setSplits(planned);
      splits = planned.size();
      readers = Math.min(env.getParallelism(), splits);
    }
    RestSource source = builder.build();
    CatalogLoader catalogLoader = Catalogs.loader(plan.catalog());

    DataStream<FetchedRecord> fetched =
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "polygon-aggs-rest")
            .uid("polygon-aggs-rest")
            .setParallelism(readers);

    SingleOutputStreamOperator<PolygonAggObservation> observed =
        fetched
            .process(new PolygonDailyBarNormalizer(availability))
            .name("normalize-polygon-aggs")
            .uid("normalize-polygon-aggs");

    DataStream<PolygonAggObservation> versioned =
        observed
            // Keyed by symbol, not by bar: each symbol's bars reach the feature engine through
            // one channel, in the order they were fetched.
            .keyBy(PolygonAggObservation::symbol)
            .process(
                new ObservationVersioner<PolygonAggObservation>(
                    new PolygonBronzeHistory(catalogLoader, plan.symbols(), plan.from()),
                    PolygonAggObservation::symbolOf))
            .returns(PolygonAggObservation.class)
            .name("version-observations")
            .uid("version-observations")
            .assignTimestampsAndWatermarks(
                WatermarkStrategy.<PolygonAggObservation>forBoundedOutOfOrderness(
                        options.get(BackfillOptions.WATERMARK_OUT_OF_ORDERNESS))
                    .withTimestampAssigner((o, previous) -> o.availableAt().toEpochMilli()))
            .name("watermark-on-available-at")
            .uid("watermark-on-available-at");

    DataStream<RowData> bronzeRows =
        versioned
            .map(IcebergRows::bronzePolygonAgg)
            .returns(rowType(PitlakeTables.BRONZE_POLYGON_AGGS))
            .name("bronze-rows")
            .uid("bronze-rows");
    sink(bronzeRows, PitlakeTables.BRONZE_POLYGON_AGGS, catalogLoader, options);
    DataStream<Rejection> rejected = observed.getSideOutput(PolygonDailyBarNormalizer.REJECTED);
    quarantine(rejected, catalogLoader, options);
    return new Ingest(splits, bronzeRows);
  }

  /**
   * The plan's splits: each symbol's days from its start cut into {@code chunk}s, symbols that
   * start on the same day together ({@link RestSplit#chunks}), the earliest start first.
   */
  static List<RestSplit> chunks(IngestPlan plan, Period chunk) {
    Map<LocalDate, List<String>> byStart = new TreeMap<>();
    for (String symbol : plan.symbols()) {
      byStart.computeIfAbsent(plan.startOf(symbol), d -> new ArrayList<>()).add(symbol);
    }
    List<RestSplit> splits = new ArrayList<>();
    byStart.forEach(
        (start, symbols) -> splits.addAll(RestSplit.chunks(symbols, start, plan.to(), chunk)));
    return splits;
  }

  /**
   * Appends to {@code silver.quarantine} the rejects it does not hold yet: a re-run refusing the
   * same payload again logs nothing new ({@link UnrecordedRejects}).
   */
  static void quarantine(
      DataStream<Rejection> rejected, CatalogLoader catalogLoader, Configuration options) {
    quarantine(rejected, catalogLoader, options, "");
  }

  /**
   * {@link #quarantine(DataStream, CatalogLoader, Configuration)} for a second ingest of the same
   * job, whose operators' uids end in {@code uidSuffix}.
   */
  static void quarantine(
      DataStream<Rejection> rejected,
      CatalogLoader catalogLoader,
      Configuration options,
      String uidSuffix) {
    sink(
        rejected
            .filter(new UnrecordedRejects(catalogLoader))
            .name("unrecorded-rejects" + uidSuffix)
            .uid("unrecorded-rejects" + uidSuffix)
            .map(IcebergRows::quarantine)
            .returns(rowType(PitlakeTables.SILVER_QUARANTINE))
            .name("quarantine-rows" + uidSuffix)
            .uid("quarantine-rows" + uidSuffix),
        PitlakeTables.SILVER_QUARANTINE,
        catalogLoader,
        options,
        uidSuffix);
  }

  /** The options with Polygon's rate-limit group, which its other datasets share. */
  private static Configuration polygonRate(Configuration options) {
    Configuration conf = new Configuration(options);
    conf.set(RestSourceOptions.RATE_LIMIT_GROUP, "polygon");
    return conf;
  }

  static InternalTypeInfo<RowData> rowType(TableSpec spec) {
    return InternalTypeInfo.of(FlinkSchemaUtil.convert(spec.schema()));
  }

  static void sink(
      DataStream<RowData> rows,
      TableSpec spec,
      CatalogLoader catalogLoader,
      Configuration options) {
    sink(rows, spec, catalogLoader, options, "");
  }

  static void sink(
      DataStream<RowData> rows,
      TableSpec spec,
      CatalogLoader catalogLoader,
      Configuration options,
      String uidSuffix) {
    String name = spec.namespace() + "." + spec.name() + uidSuffix;
    DataStream<RowData> ordered =
        SortOnWrite.of(
                spec.schema(),
                spec.sortOrder(),
                spec.properties(),
                options.get(SortOnWrite.BUFFER_SIZE))
            .<DataStream<RowData>>map(sort -> sort.sorted(rows, name).uid("sort-" + name))
            .orElse(rows);
    FlinkSink.forRowData(ordered)
        .tableLoader(TableLoader.fromCatalog(catalogLoader, spec.id()))
        .uidPrefix("sink-" + name)
        .append();
  }
}
