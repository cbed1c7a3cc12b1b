package io.pitlake.simulator;

/** How a {@link BadBar} is broken; each kind is one rule the quarantine downstream must catch. */
public enum BadBarKind {
  /** The {@code c} key is absent. */
  MISSING_CLOSE,
  /** {@code l} is 0 and {@code o} is negative. */
  NON_POSITIVE_PRICE,
  /** {@code h} and {@code l} are swapped, so the high is below the low. */
  HIGH_BELOW_LOW,
  /** {@code c} is above {@code h}. */
  CLOSE_OUTSIDE_RANGE,
  /** An extra, otherwise valid bar on a date the exchange was closed. */
  CLOSED_DAY;

  /**
   * {@code bar} with its prices broken as this kind says, the same at every simulator that serves
   * bad bars. {@link #MISSING_CLOSE} and {@link #CLOSED_DAY} keep the prices: their defect is a
   * field the writer leaves out and a date.
   */
  SimulatedBar breakPrices(SimulatedBar bar) {
    return switch (this) {
      case NON_POSITIVE_PRICE ->
          new SimulatedBar(-bar.o(), bar.h(), 0, bar.c(), bar.v(), bar.vw(), bar.n(), bar.t());
      case HIGH_BELOW_LOW ->
          new SimulatedBar(bar.o(), bar.l(), bar.h(), bar.c(), bar.v(), bar.vw(), bar.n(), bar.t());
      case CLOSE_OUTSIDE_RANGE ->
          new SimulatedBar(
              bar.o(),
              bar.h(),
              bar.l(),
              SimulatedMarket.round4(bar.h() * 1.01 + 0.01),
              bar.v(),
              bar.vw(),
              bar.n(),
              bar.t());
      case MISSING_CLOSE, CLOSED_DAY -> bar;
    };
  }
}
