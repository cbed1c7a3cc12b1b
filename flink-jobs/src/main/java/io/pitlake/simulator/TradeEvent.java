package io.pitlake.simulator;

import javax.annotation.Nullable;

/**
 * One message of a simulated trades channel: a trade, a correction or a cancel, and when the
 * websocket sends it (session time).
 *
 * @param kind what it is
 * @param trade the trade; for a correction the corrected trade (a new id, the original's SIP time,
 *     new price and size), for a cancel the cancelled trade
 * @param original for a correction the trade it corrects, else {@code null}
 * @param sendMillis when the websocket sends it, Unix ms of session time
 */
public record TradeEvent(
    TradeEvent.Kind kind,
    SimulatedTrade trade,
    @Nullable SimulatedTrade original,
    long sendMillis) {

  /** A trade's message type. */
  public enum Kind {
    /** A trade as reported (Polygon {@code T}, Alpaca {@code t}). */
    TRADE,
    /** A correction of an earlier trade (Alpaca {@code c}: {@code oi} to {@code ci}). */
    CORRECTION,
    /** A cancel of an earlier trade (Alpaca {@code x}). */
    CANCEL
  }

  /** The id the message refers to: the corrected or cancelled trade's; a trade's own. */
  public long refersTo() {
    return original != null ? original.id() : trade.id();
  }
}
