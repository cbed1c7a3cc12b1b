-- gold.adjustment_factors: cumulative backward-adjustment factors of each symbol, as known at each
-- instant.
--
-- Only Polygon's splits and cash dividends adjust by default, so prices (Polygon's raw daily bars) and
-- the actions applied to them come from one vendor; Alpaca's actions stay in silver.corporate_actions
-- for comparison. An action adjusts the sessions before its ex date e from max(its available_at,
-- 00:00 New York of e) (adjustment_known_at) until a newer version of it replaces it: an announced
-- split does not change prices that were still traded on the old basis. A split multiplies earlier
-- prices by split_from / split_to (0.25 for a 4-for-1); a cash dividend D by 1 - D / close(e-1)
-- (adjustment.dividend-method crsp, the default) or close(e) / (close(e) + D) (ex-close), the close
-- being the raw bar's in the version known when the adjustment starts. An ex-close factor needs
-- close(e), so it starts no earlier than bar e's available_at.
--
-- At every instant the symbol's set of actions in effect changes, the whole set is given anew: one
-- row per ex date, covering the sessions in [session_from, ex_date), or one row with a NULL ex_date
-- when no action is in effect any more. The table is insert-only; as of T a symbol's factors are the
-- rows of its newest available_at <= T, and the factor of session d is that set's row with
--   (session_from IS NULL OR session_from <= d) AND d < ex_date,
-- else 1 (README and DESIGN give the adjusted-prices query). The rows come from
-- io.pitlake.adjustment.AdjustmentFactorRows (view adjustment_factor_rows), a pure function of a
-- symbol's action versions and closes computed once per symbol, so batch and streaming agree bit for
-- bit and neither retracts.

-- Per symbol: every version of its splits and dividends, and every version of the raw closes a
-- dividend may divide by (the session before its ex date, bar_offset -1, and the ex date's own, 0).
-- Insert-only: a filter, a projection and an inner join of two append-only inputs.
CREATE TEMPORARY VIEW factor_actions AS
SELECT
  symbol, action_id, version, action_type, ex_date, split_from, split_to, cash_amount,
  CAST(available_at AS TIMESTAMP_LTZ(3)) AS available_at,
  CAST(ingested_at AS TIMESTAMP_LTZ(3)) AS ingested_at
FROM silver.corporate_actions
WHERE vendor = 'polygon'
  AND action_type IN ('forward_split', 'reverse_split', 'cash_dividend')
  AND ex_date IS NOT NULL;

CREATE TEMPORARY VIEW factor_inputs AS
SELECT
  symbol, 'action' AS kind, action_id, version, ex_date, split_from, split_to, cash_amount,
  available_at, ingested_at,
  CAST(NULL AS INT) AS bar_offset, CAST(NULL AS INT) AS bar_version, CAST(NULL AS DOUBLE) AS `close`,
  CAST(NULL AS TIMESTAMP_LTZ(3)) AS bar_available_at,
  CAST(NULL AS TIMESTAMP_LTZ(3)) AS bar_ingested_at
FROM factor_actions
UNION ALL
SELECT
  a.symbol, 'close' AS kind, CAST(NULL AS STRING) AS action_id, CAST(NULL AS INT) AS version,
  a.ex_date, CAST(NULL AS DOUBLE) AS split_from, CAST(NULL AS DOUBLE) AS split_to,
  CAST(NULL AS DOUBLE) AS cash_amount, CAST(NULL AS TIMESTAMP_LTZ(3)) AS available_at,
  CAST(NULL AS TIMESTAMP_LTZ(3)) AS ingested_at,
  o.bar_offset, b.version AS bar_version, b.`close`,
  CAST(b.available_at AS TIMESTAMP_LTZ(3)) AS bar_available_at,
  CAST(b.ingested_at AS TIMESTAMP_LTZ(3)) AS bar_ingested_at
FROM factor_actions AS a
CROSS JOIN UNNEST(ARRAY[-1, 0]) AS o (bar_offset)
JOIN silver.bars_daily AS b
  ON b.symbol = a.symbol AND b.session_index = nyse_session_index(a.ex_date) + o.bar_offset
WHERE a.action_type = 'cash_dividend';

INSERT INTO gold.adjustment_factors
SELECT
  symbol, ex_date, available_at, session_from, split_factor, total_factor, actions, event_time,
  ingested_at
FROM adjustment_factor_rows;
