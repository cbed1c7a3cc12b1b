package io.pitlake.job.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.catalog.CatalogConfig;
import io.pitlake.catalog.Catalogs;
import io.pitlake.table.PitlakeTables;
import io.pitlake.table.TableBootstrap;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TradeDeduplicatorTest {

  static final LocalDate MONDAY = LocalDate.of(2026, 12, 7);

  @TempDir Path warehouse;

  private TradeHistory history;

  @BeforeEach
  void emptyBronze() {
    CatalogConfig lake = CatalogConfig.embedded(warehouse);
    TableBootstrap.ensureTables(Catalogs.create(lake), List.of(PitlakeTables.BRONZE_POLYGON_WS));
    history =
        new TradeHistory(
            Catalogs.loader(lake),
            PitlakeTables.BRONZE_POLYGON_WS.id(),
            List.of("AAPL", "MSFT"),
            Set.of("T"));
  }

  @Test
  void keepsEachTradeOncePerSymbolAsVersionOne() throws Exception {
    try (var harness = harness(null)) {
      harness.processElement(trade("AAPL", "1", MONDAY), 0);
      harness.processElement(trade("AAPL", "2", MONDAY), 0);
      harness.processElement(trade("AAPL", "1", MONDAY), 0);
      harness.processElement(trade("MSFT", "1", MONDAY), 0);

      assertThat(harness.extractOutputValues())
          .extracting(o -> o.symbol() + " " + o.payload() + " v" + o.version())
          .containsExactly("AAPL 1 v1", "AAPL 2 v1", "MSFT 1 v1");
    }
  }

  /**
   * The keyed state stays the checkpointed record behind the heap copy: a restored task, whose heap
   * starts empty, still knows every trade before the checkpoint.
   */
  @Test
  void aRestoredDeduplicatorKnowsTheTradesBeforeItsCheckpoint() throws Exception {
    OperatorSubtaskState checkpoint;
    try (var before = harness(null)) {
      before.processElement(trade("AAPL", "1", MONDAY), 0);
      before.processElement(trade("MSFT", "7", MONDAY), 0);
      checkpoint = before.snapshot(1L, 1L);
    }
    try (var after = harness(checkpoint)) {
      after.processElement(trade("AAPL", "1", MONDAY), 0);
      after.processElement(trade("AAPL", "2", MONDAY), 0);
      after.processElement(trade("MSFT", "7", MONDAY), 0);

      assertThat(after.extractOutputValues())
          .extracting(o -> o.symbol() + " " + o.payload())
          .containsExactly("AAPL 2");
    }
  }

  @Test
  void forgetsASymbolsTradesOlderThanTheRetainedDaysBeforeItsNewest() throws Exception {
    LocalDate later = MONDAY.plusDays(TradeDeduplicator.RETAINED_DAYS + 1);
    OperatorSubtaskState checkpoint;
    try (var before = harness(null)) {
      before.processElement(trade("AAPL", "1", MONDAY), 0);
      before.processElement(trade("AAPL", "2", MONDAY.plusDays(1)), 0);
      before.processElement(trade("AAPL", "3", later), 0);
      before.processElement(trade("AAPL", "2", MONDAY.plusDays(1)), 0);
      checkpoint = before.snapshot(1L, 1L);
      assertThat(before.extractOutputValues())
          .extracting(WsObservation::payload)
          .containsExactly("1", "2", "3");
    }
    try (var after = harness(checkpoint)) {
      after.processElement(trade("AAPL", "1", MONDAY), 0);
      after.processElement(trade("AAPL", "2", MONDAY.plusDays(1)), 0);
      after.processElement(trade("AAPL", "3", later), 0);

      assertThat(after.extractOutputValues())
          .as("day 0 was forgotten, from the state as well; day 1 is within the retained days")
          .extracting(WsObservation::payload)
          .containsExactly("1");
    }
  }

  private KeyedOneInputStreamOperatorTestHarness<String, WsObservation, WsObservation> harness(
      OperatorSubtaskState checkpoint) throws Exception {
    Clock clock = Clock.fixed(Instant.parse("2026-12-07T20:00:00Z"), ZoneOffset.UTC);
    var harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new TradeDeduplicator(history, clock)),
            WsObservation::symbol,
            Types.STRING);
    harness.setup();
    harness.initializeState(checkpoint);
    harness.open();
    return harness;
  }

  /** A trade whose payload is its id and whose identity hash is made of symbol, day and id. */
  static WsObservation trade(String symbol, String id, LocalDate day) {
    Instant time = day.atTime(15, 0).toInstant(ZoneOffset.UTC);
    WsTrade trade = new WsTrade(WsTrade.TRADE, id, null, "4", 1.0, 1.0, null, null, time);
    return new WsObservation(
        "polygon",
        "T",
        symbol,
        day,
        time,
        null,
        time,
        time,
        time,
        0,
        RawNormalizer.sha256(trade.identity(symbol)),
        id,
        "ws://x",
        "polygon/ws");
  }
}
