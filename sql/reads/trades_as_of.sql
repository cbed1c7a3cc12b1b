-- The tape as known at T: the documented read of silver.trades.
--
-- Trades are immutable events. A correction is a row of its own (the corrected trade under its new
-- trade_id, refers_to the trade it corrects) and so is a cancel (refers_to the cancelled trade). The
-- tape at T keeps every trade and correction known at T that no correction or cancel known at T
-- refers to, so a backtest applies a correction only from when a live system could have received it.
-- Both paths count: a trade a gap fill fetched by REST is on the tape from its fetch. Replace T
-- (TIMESTAMP '2024-06-20 00:00:00', twice; UTC in pitlake query) and add symbol or time filters to
-- both halves.
SELECT
  t.vendor, t.symbol, t.event_time, t.trade_id, t.exchange, t.price, t.size, t.conditions, t.tape,
  t.event_kind, t.path, t.available_at
FROM silver.trades AS t
WHERE t.available_at <= TIMESTAMP '2024-06-20 00:00:00'
  AND t.event_kind IN ('trade', 'correction')
  AND NOT EXISTS (
    SELECT 1
    FROM silver.trades AS r
    WHERE r.available_at <= TIMESTAMP '2024-06-20 00:00:00'
      AND r.event_kind IN ('correction', 'cancel')
      AND r.vendor = t.vendor
      AND r.symbol = t.symbol
      AND r.session_date = t.session_date
      AND r.exchange = t.exchange
      AND r.refers_to = t.trade_id)
