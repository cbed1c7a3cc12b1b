package io.pitlake.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The simulated trades of a session: deterministic, within their minutes, the tape settled. */
class SimulatedTradesTest {

  private static final LocalDate SESSION = LocalDate.of(2024, 3, 1);

  private final AlpacaSimulator alpaca =
      AlpacaSimulator.builder().seed(5).trades(new SimulatedTrades(30, 0.05, 0.03)).build();

  @Test
  @DisplayName("the tape is the trades with every correction and cancel applied, in SIP order")
  void theTapeIsTheEventsApplied() {
    SimulatedTrades.Day day = alpaca.trades("AAPL", SESSION);
    Map<Long, SimulatedTrade> applied = new LinkedHashMap<>();
    int corrections = 0;
    int cancels = 0;
    long lastSend = Long.MIN_VALUE;
    for (TradeEvent event : day.events()) {
      assertThat(event.sendMillis()).isGreaterThanOrEqualTo(lastSend);
      lastSend = event.sendMillis();
      switch (event.kind()) {
        case TRADE -> {
          assertThat(event.sendMillis()).isGreaterThan(event.trade().sipMillis());
          applied.put(event.trade().id(), event.trade());
        }
        case CORRECTION -> {
          corrections++;
          assertThat(applied.remove(event.original().id())).isEqualTo(event.original());
          applied.put(event.trade().id(), event.trade());
        }
        case CANCEL -> {
          cancels++;
          assertThat(applied.remove(event.trade().id())).isEqualTo(event.trade());
        }
      }
    }
    assertThat(corrections).isPositive();
    assertThat(cancels).isPositive();
    assertThat(day.tape())
        .containsExactlyInAnyOrderElementsOf(applied.values())
        .isSortedAccordingTo((a, b) -> Long.compare(a.sipMillis(), b.sipMillis()));
    assertThat(alpaca.trades("AAPL", SESSION)).isEqualTo(day);
  }

  @Test
  @DisplayName("each minute has its trades, at distinct instants within its price range")
  void tradesLieInTheirMinutes() {
    List<SimulatedBar> minutes = alpaca.minuteBars("MSFT", SESSION);
    SimulatedTrades.Day day = alpaca.trades("MSFT", SESSION);
    long originals = day.events().stream().filter(e -> e.kind() == TradeEvent.Kind.TRADE).count();
    assertThat(originals).isEqualTo(30L * minutes.size());
    Set<Long> instants = new HashSet<>();
    for (TradeEvent event : day.events()) {
      if (event.kind() != TradeEvent.Kind.TRADE) {
        continue;
      }
      SimulatedTrade trade = event.trade();
      SimulatedBar bar = minutes.get((int) ((trade.sipMillis() - minutes.get(0).t()) / 60_000));
      assertThat(trade.price()).isBetween(bar.l(), bar.h());
      assertThat(instants.add(trade.sipMillis())).isTrue();
    }
  }

  @Test
  @DisplayName("Polygon's simulator refuses corrections: its websocket has none")
  void polygonHasNoCorrections() {
    assertThatThrownBy(
            () -> PolygonSimulator.builder().trades(new SimulatedTrades(10, 0.01, 0)).build())
        .hasMessageContaining("no trade corrections or cancels");
  }
}
