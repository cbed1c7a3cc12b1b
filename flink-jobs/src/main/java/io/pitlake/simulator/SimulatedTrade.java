package io.pitlake.simulator;

import java.util.List;

/**
 * One trade of a simulated tape, in vendor-neutral terms; each simulator writes it in its vendor's
 * shape ({@link TradeVenue} maps the venue, tape and conditions).
 *
 * @param symbol the ticker
 * @param id unique per symbol and session (a correction gets a new one, as at Alpaca)
 * @param sipMillis the SIP timestamp, Unix ms
 * @param venue index into {@link TradeVenue#EXCHANGES}
 * @param price the trade price
 * @param size shares
 * @param conditions index into {@link TradeVenue#CONDITIONS}
 * @param sequence increasing per symbol and session (Polygon's {@code q})
 */
public record SimulatedTrade(
    String symbol,
    long id,
    long sipMillis,
    int venue,
    double price,
    long size,
    int conditions,
    long sequence) {

  /** Polygon's exchange id of the venue. */
  public int polygonExchange() {
    return TradeVenue.EXCHANGES.get(venue).polygonId();
  }

  /** Alpaca's exchange letter of the venue. */
  public String alpacaExchange() {
    return TradeVenue.EXCHANGES.get(venue).alpacaCode();
  }

  /** Polygon's condition codes (empty: Polygon leaves {@code c} out). */
  public List<Integer> polygonConditions() {
    return TradeVenue.CONDITIONS.get(conditions).polygon();
  }

  /** Alpaca's condition letters. */
  public List<String> alpacaConditions() {
    return TradeVenue.CONDITIONS.get(conditions).alpaca();
  }
}
