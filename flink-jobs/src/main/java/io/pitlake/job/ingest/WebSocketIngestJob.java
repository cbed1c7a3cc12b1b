package io.pitlake.job.ingest;

import io.pitlake.catalog.Catalogs;
import io.pitlake.quarantine.Rejection;
import io.pitlake.source.websocket.ReceivedElement;
import io.pitlake.source.websocket.WebSocketSource;
import io.pitlake.source.websocket.split.WebSocketSplit;
import io.pitlake.table.PitlakeTables;
import io.pitlake.vendor.polygon.PolygonWebSocketProtocol;
import io.pitlake.vendor.polygon.PolygonWsNormalizer;
import io.pitlake.vendor.polygon.PolygonWsObservation;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.iceberg.flink.CatalogLoader;

/**
 * The DataStream half of a live intraday feed: Polygon's websocket to {@code bronze.polygon_ws},
 * with every unreadable frame or element in {@code silver.quarantine}.
 *
 * <pre>
 * WebSocketSource ─► normalize ─► keyBy(symbol) ─► version ─► bronze.polygon_ws
 *    (parallelism 1)     └─ rejected ─────────────────────────► quarantine
 * </pre>
 *
 * <p>One connection per key: the source runs at parallelism 1, with one split for the plan's
 * symbols' minute aggregates. The versioner stores each distinct content of a bar once, so a
 * re-sent bar with new values is a new version available from its own arrival and an identical
 * re-send adds nothing.
 */
public final class WebSocketIngestJob {

  /** The split of the minute-aggregate connection. */
  public static final String MINUTE_SPLIT = "polygon:stocks:AM";

  private static final String SUFFIX = "-polygon-ws";

  private WebSocketIngestJob() {}

  /**
   * Adds the feed to {@code env} and returns the rows it adds to {@code bronze.polygon_ws} (new
   * versions only), in the table's schema, for SQL of the same job to read.
   */
  public static DataStream<RowData> addTo(StreamExecutionEnvironment env, IntradayPlan plan) {
    CatalogLoader catalogLoader = Catalogs.loader(plan.catalog());
    WebSocketSource source =
        WebSocketSource.builder()
            .setProtocol(new PolygonWebSocketProtocol())
            .setCredentials(plan.credentials())
            .setSplits(
                List.of(
                    WebSocketSplit.of(
                        MINUTE_SPLIT,
                        plan.websocketUrl(),
                        PolygonWebSocketProtocol.channels(
                            PolygonWebSocketProtocol.MINUTE_AGGREGATES, plan.symbols()))))
            .setClock(plan.clock())
            .setConfiguration(plan.options())
            .build();
    DataStream<ReceivedElement> received =
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "polygon-websocket")
            .uid("polygon-websocket")
            .setParallelism(1);
    SingleOutputStreamOperator<PolygonWsObservation> observed =
        received
            .process(new PolygonWsNormalizer())
            .name("normalize-polygon-ws")
            .uid("normalize-polygon-ws")
            .setParallelism(1);
    DataStream<PolygonWsObservation> versioned =
        observed
            .keyBy(PolygonWsObservation::symbol)
            .process(
                new ObservationVersioner<PolygonWsObservation>(
                    new PolygonWsBronzeHistory(catalogLoader, plan.symbols()),
                    PolygonWsObservation::symbolOf))
            .returns(PolygonWsObservation.class)
            .name("version-polygon-ws")
            .uid("version-polygon-ws");
    DataStream<RowData> bronzeRows =
        versioned
            .map(IcebergRows::bronzePolygonWs)
            .returns(IngestJob.rowType(PitlakeTables.BRONZE_POLYGON_WS))
            .name("bronze-polygon-ws-rows")
            .uid("bronze-polygon-ws-rows");
    IngestJob.sink(bronzeRows, PitlakeTables.BRONZE_POLYGON_WS, catalogLoader, plan.options());
    DataStream<Rejection> rejected = observed.getSideOutput(PolygonWsNormalizer.REJECTED);
    IngestJob.quarantine(rejected, catalogLoader, plan.options(), SUFFIX);
    return bronzeRows;
  }
}
