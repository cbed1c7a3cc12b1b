package io.pitlake.job.ingest;

import io.pitlake.catalog.Catalogs;
import io.pitlake.quarantine.Rejection;
import io.pitlake.source.websocket.ReceivedElement;
import io.pitlake.source.websocket.WebSocketSource;
import io.pitlake.source.websocket.split.WebSocketSplit;
import io.pitlake.table.PitlakeTables;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.Collector;
import org.apache.iceberg.flink.CatalogLoader;

/**
 * The DataStream half of a live intraday feed: a vendor's websocket ({@link IntradayVendor}) to its
 * {@code bronze.<vendor>_ws}, with every unreadable frame or element in {@code silver.quarantine}.
 *
 * <pre>
 * WebSocketSource ──────────────┬─► normalize ─┬─ bars ─► keyBy(symbol) ─► version ─┬─► bronze.&lt;vendor&gt;_ws
 *    (parallelism 1)            │        │     └─ trades ─► dedup (chained) ─────────┘
 *                               │        └─ rejected ──────────────► (the job's quarantine sink)
 *    └─ outage ─► gap fill ─────┘ (REST bars and trades as websocket elements)
 *                    └─ the outage and its fill ──────────────────────────► bronze.feed_outages
 * </pre>
 *
 * <p>After a reconnect or a restore, the source emits an outage with the split's high-water marks;
 * {@link GapFiller} fetches the missed minutes from the vendor's REST minute bars beside the feed
 * and hands them to the same normalizer and versioner, so a bar equal to one the websocket sent
 * adds nothing and a settled bar that differs is a new version available from its fetch.
 *
 * <p>Trades (with Alpaca's corrections and cancels) are immutable events with ids: they skip the
 * versioner, and {@link TradeDeduplicator} keeps each once by its identity, so a trade that a gap
 * fill fetched again adds nothing.
 *
 * <p>One connection per key: the source runs at parallelism 1, with one split for the plan's
 * symbols' minute bars and trades. The versioner stores each distinct content of a bar once, so a
 * re-sent bar with new values (Polygon's re-sent {@code AM}, Alpaca's {@code updatedBars}) is a new
 * version available from its own arrival and an identical re-send adds nothing.
 */
public final class WebSocketIngestJob {

  /**
   * What the feed hands the SQL of its job.
   *
   * @param bronzeRows the rows it adds to the vendor's bronze table (new versions only), in the
   *     table's schema, for the SQL to read
   * @param quarantineRows its rejects not yet in {@code silver.quarantine}, in that table's schema,
   *     for the job's one quarantine sink ({@code SqlRunner#addQuarantineRows})
   */
  public record Feed(DataStream<RowData> bronzeRows, DataStream<RowData> quarantineRows) {}

  private WebSocketIngestJob() {}

  /** Adds the feed to {@code env}. */
  public static Feed addTo(StreamExecutionEnvironment env, IntradayPlan plan) {
    IntradayVendor vendor = plan.vendor();
    String name = vendor.id() + "-ws";
    CatalogLoader catalogLoader = Catalogs.loader(plan.catalog());
    WebSocketSource source =
        WebSocketSource.builder()
            .setProtocol(vendor.protocol())
            .setCredentials(plan.credentials())
            .setSplits(
                List.of(
                    WebSocketSplit.of(
                        vendor.splitId(),
                        plan.websocketUrl(),
                        vendor.channels(plan.symbols(), plan.channels()))))
            .setClock(plan.clock())
            .setConfiguration(plan.options())
            .build();
    DataStream<ReceivedElement> received =
        env.fromSource(source, WatermarkStrategy.noWatermarks(), vendor.id() + "-websocket")
            .uid(vendor.id() + "-websocket")
            .setParallelism(1);
    DataStream<GapFilled> filled =
        AsyncDataStream.orderedWait(
                received
                    .filter(ReceivedElement::isOutage)
                    .name("outages-" + name)
                    .setParallelism(1),
                new GapFiller(
                    vendor,
                    plan.restBaseUrl(),
                    plan.credentials(),
                    plan.options(),
                    plan.symbols(),
                    plan.channels(),
                    plan.clock()),
                plan.options().get(GapFillOptions.TIMEOUT).toMillis(),
                TimeUnit.MILLISECONDS,
                plan.options().get(GapFillOptions.CAPACITY))
            .name("gap-fill-" + name)
            .uid("gap-fill-" + name)
            .setParallelism(1);
    DataStream<ReceivedElement> gapBars =
        filled
            .flatMap(
                (GapFilled fill, Collector<ReceivedElement> out) -> {
                  fill.bars().forEach(out::collect);
                  fill.trades().forEach(out::collect);
                })
            .returns(ReceivedElement.class)
            .name("gap-bars-" + name)
            .uid("gap-bars-" + name)
            .setParallelism(1);
    DataStream<RowData> outageRows =
        filled
            .map(fill -> IcebergRows.outage(fill, Instant.now()))
            .returns(TableSinks.rowType(PitlakeTables.BRONZE_FEED_OUTAGES))
            .name("outage-rows-" + name)
            .uid("outage-rows-" + name)
            .setParallelism(1);
    TableSinks.sink(outageRows, PitlakeTables.BRONZE_FEED_OUTAGES, catalogLoader, plan.options());
    SingleOutputStreamOperator<WsObservation> observed =
        received
            .filter(element -> !element.isOutage())
            .name("elements-" + name)
            .setParallelism(1)
            .union(gapBars)
            .process(new WsNormalizer(vendor.elements()))
            .name("normalize-" + name)
            .uid("normalize-" + name)
            .setParallelism(1);
    Set<String> tradeChannels = vendor.elements().tradeChannels();
    // Keyed by symbol in place: the feed is one subtask, so every key group is this one's, and
    // the deduplicator runs chained to the normalizer at parallelism 1 instead of behind a
    // shuffle that serialized every trade (bench/README.md, "trades.sh").
    DataStream<WsObservation> trades =
        DataStreamUtils.reinterpretAsKeyedStream(
                observed
                    .filter(observation -> tradeChannels.contains(observation.channel()))
                    .name("trades-" + name)
                    .setParallelism(1),
                WsObservation::symbol,
                Types.STRING)
            .process(
                new TradeDeduplicator(
                    new TradeHistory(
                        catalogLoader, vendor.bronze().id(), plan.symbols(), tradeChannels),
                    plan.clock()))
            .name("dedup-trades-" + name)
            .uid("dedup-trades-" + name)
            .setParallelism(1);
    DataStream<WsObservation> versioned =
        observed
            .filter(observation -> !tradeChannels.contains(observation.channel()))
            .name("versioned-" + name)
            .setParallelism(1)
            .keyBy(WsObservation::symbol)
            .process(
                new ObservationVersioner<WsObservation>(
                    new WsBronzeHistory(
                        catalogLoader, vendor.bronze().id(), plan.symbols(), tradeChannels),
                    WsObservation::symbolOf))
            .returns(WsObservation.class)
            .name("version-" + name)
            .uid("version-" + name);
    DataStream<RowData> bronzeRows =
        versioned
            .union(trades)
            .map(IcebergRows::bronzeWs)
            .returns(TableSinks.rowType(vendor.bronze()))
            .name("bronze-" + name + "-rows")
            .uid("bronze-" + name + "-rows");
    TableSinks.sink(bronzeRows, vendor.bronze(), catalogLoader, plan.options());
    DataStream<Rejection> rejected = observed.getSideOutput(WsNormalizer.REJECTED);
    return new Feed(bronzeRows, TableSinks.quarantineRows(rejected, catalogLoader, "-" + name));
  }
}
