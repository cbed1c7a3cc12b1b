package io.pitlake.job.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.catalog.CatalogConfig;
import io.pitlake.catalog.Catalogs;
import io.pitlake.job.RunMode;
import io.pitlake.job.ingest.TableSinks;
import io.pitlake.job.ingest.VendorDataset;
import io.pitlake.quarantine.Rejection;
import io.pitlake.quarantine.UnrecordedRejectFunction;
import io.pitlake.table.Layer;
import io.pitlake.table.PitlakeTables;
import io.pitlake.table.TableBootstrap;
import io.pitlake.table.TableSpec;
import io.pitlake.testing.Runs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.table.api.ExplainDetail;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.bridge.java.StreamStatementSet;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bars chain, the fundamentals layer and every file of an insert-only table plan insert-only in
 * streaming: every sink (silver.bars_daily, quarantine, gold.bar_features_daily, the reference
 * tables, the fundamentals) receives only inserts, so tables without identifier fields are written
 * with plain appends and no retraction is ever appended as a row (STACK-NOTES §8's trap).
 */
class InsertOnlyPlanITCase {

  @TempDir Path warehouse;

  @Test
  @DisplayName("EXPLAIN CHANGELOG_MODE of the streaming bars chain shows only [I] at every sink")
  void streamingBarsChainIsInsertOnly() {
    String plan = streamingPlan(Layer.BARS.stream().flatMap(l -> l.files().stream()), false);
    // Both scripts insert into the quarantine: one insert of their union, one committer.
    assertThat(sinks(plan))
        .containsExactlyInAnyOrder(
            "silver.bars_daily", "silver.quarantine", "gold.bar_features_daily");
    assertInsertOnly(plan);
  }

  @Test
  @DisplayName(
      "a live job's quarantine inserts, its ingest's rejects included, share one sink: one"
          + " committer to the table, not five committing at once")
  void liveJobWritesTheQuarantineThroughOneSink() {
    String plan =
        streamingPlan(
            Stream.of(Layer.SILVER, Layer.GOLD, Layer.INTRADAY).flatMap(l -> l.files().stream()),
            true);
    assertThat(sinks(plan).stream().filter("silver.quarantine"::equals))
        .as("optimized plan:%n%s", plan)
        .hasSize(1);
    assertInsertOnly(plan);
  }

  @Test
  @DisplayName("every file of every layer plans only [I] in streaming")
  void everyFilePlansOnlyInserts() {
    List<String> files = Stream.of(Layer.values()).flatMap(l -> l.files().stream()).toList();
    // A file added to a layer joins this list only once its plan is checked here.
    assertThat(files)
        .containsExactlyInAnyOrder(
            "silver/bars_daily.sql",
            "gold/bar_features_daily.sql",
            "silver/news.sql",
            "silver/ticker_history.sql",
            "silver/security_master.sql",
            "gold/universe_daily.sql",
            "silver/corporate_actions.sql",
            "silver/sec_filings.sql",
            "silver/vendor_bars.sql",
            "silver/minute_bars.sql",
            "silver/trades.sql",
            "gold/bar_features_minute.sql",
            "gold/adjustment_factors.sql",
            "gold/price_dq.sql",
            "gold/features_daily.sql",
            "gold/cross_section_daily.sql",
            "silver/fundamental_facts.sql",
            "gold/fundamentals_pit.sql",
            "gold/fundamentals_dq.sql",
            "gold/panel_daily.sql",
            "silver/option_contracts.sql",
            "silver/option_bars_daily.sql",
            "silver/option_contract_links.sql",
            "gold/option_features_daily.sql",
            "gold/iv_surface_daily.sql");
    for (String file : files) {
      String plan = streamingPlan(Stream.of(file), false);
      assertThat(sinks(plan)).as(file).contains(SqlScript.load(file).table());
      assertInsertOnly(plan);
    }
  }

  @Test
  @DisplayName(
      "the features layer plans only [I] in streaming: the cross-sections read the features' view")
  void streamingFeaturesLayerIsInsertOnly() {
    String plan = streamingPlan(Layer.FEATURES.files().stream(), false);
    assertThat(sinks(plan))
        .containsExactlyInAnyOrder("gold.features_daily", "gold.cross_section_daily");
    assertInsertOnly(plan);
  }

  @Test
  @DisplayName("the fundamentals layer plans only [I] in streaming, quarantine included")
  void streamingFundamentalsLayerIsInsertOnly() {
    String plan = streamingPlan(Layer.FUNDAMENTALS.files().stream(), false);
    assertThat(sinks(plan))
        .containsExactlyInAnyOrder(
            "silver.fundamental_facts",
            "silver.quarantine",
            "gold.fundamentals_pit",
            "gold.fundamentals_dq");
    assertInsertOnly(plan);
  }

  @Test
  @DisplayName(
      "silver/trades.sql types each trade once for both of its sinks, in streaming and in batch,"
          + " and hashes and looks up the quarantine id of rejects only")
  void tradesAreTypedOnce() {
    for (RunMode mode : RunMode.values()) {
      StreamExecutionEnvironment env = environment(mode);
      StreamTableEnvironment tableEnv = tableEnv(env, mode);
      StreamStatementSet set = tableEnv.createStatementSet();
      runner(tableEnv, mode).addAll(set, List.of("silver/trades.sql"));
      set.attachAsDataStream();
      StreamGraph graph = env.getStreamGraph();
      List<StreamNode> nodes = List.copyOf(graph.getStreamNodes());
      assertThat(nodes)
          .as("%s: the trade_fields Correlates", mode)
          .filteredOn(n -> n.getOperatorDescription().contains("trade_fields("))
          .hasSize(1);
      StreamNode lookup =
          nodes.stream()
              .filter(n -> n.getOperatorDescription().contains(UnrecordedRejectFunction.NAME))
              .findFirst()
              .orElseThrow();
      assertThat(upstream(graph, lookup))
          .as("%s: the quarantine's lookup reads the rejects only", mode)
          .anySatisfy(
              n -> assertThat(n.getOperatorDescription()).contains("reject_reason IS NOT NULL"));
    }
  }

  /** Every node {@code node} reads from, directly or through others. */
  private static List<StreamNode> upstream(StreamGraph graph, StreamNode node) {
    List<StreamNode> found = new ArrayList<>();
    for (var edge : node.getInEdges()) {
      StreamNode source = graph.getStreamNode(edge.getSourceId());
      found.add(source);
      found.addAll(upstream(graph, source));
    }
    return found;
  }

  /**
   * The optimized streaming plan of {@code files}, added to one statement set in order, with {@code
   * ingestRejects} after a DataStream's rejects as a live job adds them ({@link
   * SqlRunner#addQuarantineRows}).
   */
  private String streamingPlan(Stream<String> files, boolean ingestRejects) {
    StreamExecutionEnvironment env = environment(RunMode.STREAMING);
    StreamTableEnvironment tableEnv = tableEnv(env, RunMode.STREAMING);
    StatementSet set = tableEnv.createStatementSet();
    SqlRunner runner = runner(tableEnv, RunMode.STREAMING);
    if (ingestRejects) {
      DataStream<Rejection> rejected =
          env.fromData(List.<Rejection>of(), TypeInformation.of(Rejection.class));
      runner.addQuarantineRows(
          set,
          tableEnv.fromDataStream(
              TableSinks.quarantineRows(
                  rejected, Catalogs.loader(CatalogConfig.embedded(warehouse)), "")));
    }
    runner.addAll(set, files.toList());
    return set.explain(ExplainDetail.CHANGELOG_MODE);
  }

  private static StreamExecutionEnvironment environment(RunMode mode) {
    return SqlEnvironments.environment(mode, new Configuration(), Runs.options());
  }

  /** A table environment on an embedded lake in {@link #warehouse} holding every table. */
  private StreamTableEnvironment tableEnv(StreamExecutionEnvironment env, RunMode mode) {
    CatalogConfig catalog = CatalogConfig.embedded(warehouse);
    List<TableSpec> tables = new ArrayList<>(PitlakeTables.all());
    Stream.of(VendorDataset.values()).forEach(d -> tables.add(d.table()));
    TableBootstrap.ensureTables(Catalogs.create(catalog), tables);
    return SqlEnvironments.create(env, catalog, mode, Runs.options());
  }

  private SqlRunner runner(StreamTableEnvironment tableEnv, RunMode mode) {
    return new SqlRunner(
        tableEnv,
        mode,
        mode == RunMode.STREAMING,
        Runs.options(),
        null,
        Catalogs.loader(CatalogConfig.embedded(warehouse)));
  }

  /** The tables the plan's sinks write. */
  private static List<String> sinks(String plan) {
    return nodes(plan).stream()
        .filter(l -> l.strip().startsWith("Sink("))
        .map(l -> l.replaceAll(".*table=\\[pitlake\\.([a-z_.]+)\\].*", "$1"))
        .toList();
  }

  /** Each node of the optimized plan states the changes it emits; a sink emits none ([NONE]). */
  private static void assertInsertOnly(String plan) {
    assertThat(nodes(plan))
        .as("optimized plan:%n%s", plan)
        .allSatisfy(l -> assertThat(l).containsPattern("changelogMode=\\[(I|NONE)\\]"));
  }

  private static List<String> nodes(String plan) {
    return plan.lines().filter(l -> l.contains("changelogMode=")).toList();
  }
}
