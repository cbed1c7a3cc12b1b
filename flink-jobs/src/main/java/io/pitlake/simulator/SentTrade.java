package io.pitlake.simulator;

import java.time.Instant;

/**
 * One trades-channel message a simulator's websocket sent ({@link
 * ReplayWebSocketServer#sentTrades}), for tests to compare with what pitlake stored.
 *
 * @param event the trade, correction or cancel
 * @param sentAt on the replay's clock
 */
public record SentTrade(TradeEvent event, Instant sentAt) {}
