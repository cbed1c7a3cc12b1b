package io.pitlake.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pitlake.time.NyseCalendar;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class GeneratedCorporateActionsTest {

  static final LocalDate FAR_FUTURE = LocalDate.of(2100, 1, 1);

  @Test
  @DisplayName("about perYear actions a year, announced before ex dates that are sessions")
  void generatesPlausibleActions() {
    SimulatedCorporateActions actions = SimulatedCorporateActions.withGenerated(3, 42);
    List<SimulatedCorporateActions.Split> splits = actions.splits(FAR_FUTURE, List.of("B0001"));
    List<SimulatedCorporateActions.Dividend> dividends =
        actions.dividends(FAR_FUTURE, List.of("B0001"));

    assertThat(splits).filteredOn(s -> s.symbol().equals("SPLT")).hasSize(1);
    splits = splits.stream().filter(s -> s.symbol().equals("B0001")).toList();
    dividends = dividends.stream().filter(d -> d.symbol().equals("B0001")).toList();
    assertThat(splits.size() + dividends.size()).as("100 years at 3 a year").isBetween(240, 360);
    assertThat(splits.size()).isBetween(30, 90);
    NyseCalendar calendar = NyseCalendar.instance();
    assertThat(splits)
        .allSatisfy(
            s -> {
              assertThat(s.announced()).isBefore(s.exDate());
              assertThat(calendar.isSession(s.exDate())).isTrue();
              assertThat(s.from() != s.to()).isTrue();
            });
    assertThat(dividends).allSatisfy(d -> assertThat(d.announced()).isBefore(d.exDate()));
    assertThat(actions.splits(LocalDate.of(2010, 1, 1), List.of("B0001")))
        .as("only what was announced by the clock's day")
        .allSatisfy(s -> assertThat(s.announced()).isBeforeOrEqualTo(LocalDate.of(2010, 1, 1)))
        .hasSizeLessThan(splits.size());
  }

  @Test
  @DisplayName("the same seed gives the same actions; 0 a year keeps the fixed catalogue only")
  void deterministicAndOffByDefault() {
    assertThat(SimulatedCorporateActions.withGenerated(3, 7).splits(FAR_FUTURE, List.of("X")))
        .as("a symbol's generated splits, over the whole calendar")
        .isNotEmpty()
        .isEqualTo(SimulatedCorporateActions.withGenerated(3, 7).splits(FAR_FUTURE, List.of("X")))
        .isNotEqualTo(
            SimulatedCorporateActions.withGenerated(3, 8).splits(FAR_FUTURE, List.of("X")));
    assertThat(SimulatedCorporateActions.withGenerated(0, 7))
        .isSameAs(SimulatedCorporateActions.standard());
    assertThat(SimulatedCorporateActions.standard().splits(FAR_FUTURE, List.of("B0001")))
        .extracting(SimulatedCorporateActions.Split::symbol)
        .containsExactly("SPLT", "RSPL");
    assertThatThrownBy(() -> new GeneratedCorporateActions(13, 1))
        .hasMessageContaining("simulator.actions-per-year=13.0: use 0 (none) to 12");
  }

  @Test
  @DisplayName("generated splits shape raw prices: before each ex date by the ratios still to come")
  void splitsShapeRawPrices() {
    SimulatedCorporateActions actions = SimulatedCorporateActions.withGenerated(3, 42);
    SimulatedCorporateActions.Split split =
        actions.splits(FAR_FUTURE, List.of("B0002")).stream()
            .filter(s -> s.symbol().equals("B0002"))
            .findFirst()
            .orElseThrow();
    LocalDate before = NyseCalendar.instance().previousSession(split.exDate()).orElseThrow();

    assertThat(actions.priceFactor("B0002", before) / actions.priceFactor("B0002", split.exDate()))
        .isEqualTo(split.ratio());
    assertThat(actions.splitAdjustment("B0002", before, split.exDate()))
        .isEqualTo((double) split.from() / split.to());
    assertThat(actions.splitAdjustment("B0002", before, before)).isEqualTo(1);
  }
}
