package io.pitlake.simulator;

import java.util.List;

/**
 * The venues and condition sets a simulated trade draws from, each written as Polygon (exchange
 * ids, condition integers) and Alpaca (exchange letters, condition letters) write them. Tape is C
 * (Nasdaq-listed, Polygon's {@code z = 3}) for every simulated symbol.
 */
final class TradeVenue {

  /** Polygon's {@code z} of the simulated tape. */
  static final int POLYGON_TAPE = 3;

  /** Alpaca's {@code z} of the simulated tape. */
  static final String ALPACA_TAPE = "C";

  record Exchange(int polygonId, String alpacaCode) {}

  record Conditions(List<Integer> polygon, List<String> alpaca) {}

  static final List<Exchange> EXCHANGES =
      List.of(
          new Exchange(4, "D"),
          new Exchange(11, "N"),
          new Exchange(12, "P"),
          new Exchange(15, "V"),
          new Exchange(19, "Q"));

  static final List<Conditions> CONDITIONS =
      List.of(
          new Conditions(List.of(), List.of("@")),
          new Conditions(List.of(12, 37), List.of("@", "I")),
          new Conditions(List.of(14, 37, 41), List.of("@", "F", "I")));

  private TradeVenue() {}
}
