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
-- Each row covers the sessions in [session_from, ex_date) during [available_at, superseded_at); at
-- every instant the symbol's set of actions in effect changes, the whole set of rows is given anew.
-- Sessions no row covers have factor 1. As of T, the factor of session d is
--   available_at <= T AND (superseded_at IS NULL OR superseded_at > T)
--   AND (session_from IS NULL OR session_from <= d) AND d < ex_date,
-- else 1. The per-instant product is io.pitlake.adjustment.AdjustmentFactors, a pure function of the
-- set of action lives, so batch and streaming agree bit for bit.

-- Each action version's life as an adjustment: [known_from, known_to).
CREATE TEMPORARY VIEW factor_action_lives AS
SELECT
  symbol, action_id, version, action_type, ex_date, split_from, split_to, cash_amount,
  nyse_session_index(ex_date) AS ex_session_index,
  CAST(ingested_at AS TIMESTAMP_LTZ(3)) AS ingested_at,
  adjustment_known_at(CAST(available_at AS TIMESTAMP_LTZ(3)), ex_date) AS known_from,
  CAST(superseded_at AS TIMESTAMP_LTZ(3)) AS known_to
FROM corporate_actions_lives
WHERE vendor = 'polygon'
  AND action_type IN ('forward_split', 'reverse_split', 'cash_dividend')
  AND ex_date IS NOT NULL
  AND (superseded_at IS NULL
    OR superseded_at > adjustment_known_at(CAST(available_at AS TIMESTAMP_LTZ(3)), ex_date));

-- A dividend's factor needs a raw close: the session before its ex date (adjustment.dividend-method
-- crsp, the version in effect when the adjustment starts) or the ex date's own (ex-close: the version
-- in effect then, or the bar's first version if it became known later, which is then when the
-- adjustment starts). Both are joined; pitlake_adjustment_factors picks the method's.
CREATE TEMPORARY VIEW factor_action_lives_priced AS
SELECT
  a.symbol, a.action_id, a.version, a.ex_date, a.known_from, a.known_to, a.split_from, a.split_to,
  a.cash_amount,
  p.`close` AS previous_close,
  CAST(p.ingested_at AS TIMESTAMP_LTZ(3)) AS previous_ingested_at,
  e.`close` AS ex_close,
  CAST(e.available_at AS TIMESTAMP_LTZ(3)) AS ex_available_at,
  CAST(e.ingested_at AS TIMESTAMP_LTZ(3)) AS ex_ingested_at,
  a.ingested_at
FROM factor_action_lives AS a
LEFT JOIN bars_daily_lives AS p
  ON a.symbol = p.symbol
    AND p.session_index = a.ex_session_index - 1
    AND a.action_type = 'cash_dividend'
    AND CAST(p.available_at AS TIMESTAMP_LTZ(3)) <= a.known_from
    AND (p.superseded_at IS NULL OR CAST(p.superseded_at AS TIMESTAMP_LTZ(3)) > a.known_from)
LEFT JOIN bars_daily_lives AS e
  ON a.symbol = e.symbol
    AND e.session_index = a.ex_session_index
    AND a.action_type = 'cash_dividend'
    AND ((CAST(e.available_at AS TIMESTAMP_LTZ(3)) <= a.known_from
        AND (e.superseded_at IS NULL OR CAST(e.superseded_at AS TIMESTAMP_LTZ(3)) > a.known_from))
      OR (e.version = 1 AND CAST(e.available_at AS TIMESTAMP_LTZ(3)) > a.known_from));

CREATE TEMPORARY VIEW factor_segments AS
SELECT g.symbol, f.*
FROM (
  SELECT
    symbol,
    ARRAY_AGG(ROW(action_id, version, ex_date, known_from, known_to, split_from, split_to,
                  cash_amount, previous_close, previous_ingested_at, ex_close, ex_available_at,
                  ex_ingested_at, ingested_at)) AS lives
  FROM factor_action_lives_priced
  GROUP BY symbol
) AS g
CROSS JOIN LATERAL TABLE(pitlake_adjustment_factors(g.lives)) AS f;

-- Every key has exactly one row, so each aggregate is that row's value. The grouping gives the
-- streaming changelog the table's key and turns a row that went away into a delete. Doubles take MAX,
-- not SUM: a key passes through the same row several times in streaming, and a sum of its passes
-- and retractions is exact only for integers (gold/bars_daily_adjusted.sql).
INSERT INTO gold.adjustment_factors
SELECT
  symbol, ex_date, available_at,
  TO_TIMESTAMP_LTZ(SUM(superseded_at_ms), 3) AS superseded_at,
  MAX(session_from) AS session_from,
  MAX(split_factor) AS split_factor,
  MAX(total_factor) AS total_factor,
  SUM(actions) AS actions,
  TO_TIMESTAMP_LTZ(SUM(event_time_ms), 3) AS event_time,
  TO_TIMESTAMP_LTZ(SUM(ingested_at_ms), 3) AS ingested_at
FROM factor_segments
GROUP BY symbol, ex_date, available_at;
