-- gold.iv_surface_daily: each underlying's implied volatility surface at each session's close, one row
-- per underlying x session x knowledge instant (TABLES.md "gold.iv_surface_daily", docs/options.md
-- "Options data"). Insert-only: a row once written never changes.
--
-- A row (underlying, session D, instant T) reads each contract's newest gold.option_features_daily row
-- of D known at T, and the underlying's bars and actions known at T:
--   atm_iv_30d             per expiry, the IV at ln(K/F) = 0 over the out-of-the-money side (puts at or
--                          below the forward, calls at or above), linear in ln(K/F) between the
--                          nearest strikes; then linear in total variance sigma^2 t between the two
--                          expiries around 30 days (ACT/365); NULL when no expiry lies on one side
--   skew_25d_30d           the 25-delta put IV minus the 25-delta call IV (linear in delta within an
--                          expiry), each at 30 days as above
--   atm_iv_90d, term_slope the ATM IV at 90 days, and 90-day minus 30-day
--   put_call_volume_ratio  contracts traded that day in puts over calls (NULL without call volume)
--   rv_21d                 sample standard deviation (n - 1) of the 21 total-return log returns ending
--                          at D, ln((close_i + dividend_i) x split_i / close_i-1) on raw closes, times
--                          sqrt(252); NULL unless all 22 closes are known
--   iv_rv_spread           atm_iv_30d - rv_21d
-- A row gets a new version at every instant its values change (a late listing's features, a revised
-- bar in the window, an action learned late). Which rows are newest at T and every statistic depend
-- on other rows, as SQL joins and groupings that retract in streaming: the rows are
-- io.pitlake.options.IvSurfaceRows (view iv_surface_rows), a pure function of an underlying's rows
-- below computed once per underlying.

-- Per underlying, every features row ('option'), every version of its daily bars ('stock') and of its
-- splits and cash dividends ('action'). Insert-only: projections and UNION ALL.
CREATE TEMPORARY VIEW iv_surface_inputs AS
SELECT
  underlying, CAST('option' AS STRING) AS kind, option_ticker, session_date,
  CAST(NULL AS INT) AS session_index, CAST(NULL AS INT) AS version, CAST(NULL AS DOUBLE) AS `close`,
  volume, expiration_date, contract_type, years_to_expiry, log_moneyness, delta, iv,
  CAST(NULL AS STRING) AS action_id, CAST(NULL AS DATE) AS ex_date,
  CAST(NULL AS DOUBLE) AS split_from, CAST(NULL AS DOUBLE) AS split_to,
  CAST(NULL AS DOUBLE) AS cash_amount,
  CAST(available_at AS TIMESTAMP_LTZ(3)) AS available_at,
  CAST(event_time AS TIMESTAMP_LTZ(3)) AS event_time,
  CAST(ingested_at AS TIMESTAMP_LTZ(3)) AS ingested_at
FROM gold.option_features_daily
UNION ALL
SELECT
  symbol AS underlying, CAST('stock' AS STRING) AS kind, CAST(NULL AS STRING) AS option_ticker,
  session_date, session_index, version, `close`, CAST(NULL AS DOUBLE) AS volume,
  CAST(NULL AS DATE) AS expiration_date, CAST(NULL AS STRING) AS contract_type,
  CAST(NULL AS DOUBLE) AS years_to_expiry, CAST(NULL AS DOUBLE) AS log_moneyness,
  CAST(NULL AS DOUBLE) AS delta, CAST(NULL AS DOUBLE) AS iv,
  CAST(NULL AS STRING) AS action_id, CAST(NULL AS DATE) AS ex_date,
  CAST(NULL AS DOUBLE) AS split_from, CAST(NULL AS DOUBLE) AS split_to,
  CAST(NULL AS DOUBLE) AS cash_amount,
  CAST(available_at AS TIMESTAMP_LTZ(3)) AS available_at,
  CAST(event_time AS TIMESTAMP_LTZ(3)) AS event_time,
  CAST(ingested_at AS TIMESTAMP_LTZ(3)) AS ingested_at
FROM silver.bars_daily
UNION ALL
SELECT
  symbol AS underlying, CAST('action' AS STRING) AS kind, CAST(NULL AS STRING) AS option_ticker,
  CAST(NULL AS DATE) AS session_date, CAST(NULL AS INT) AS session_index, version,
  CAST(NULL AS DOUBLE) AS `close`, CAST(NULL AS DOUBLE) AS volume,
  CAST(NULL AS DATE) AS expiration_date, CAST(NULL AS STRING) AS contract_type,
  CAST(NULL AS DOUBLE) AS years_to_expiry, CAST(NULL AS DOUBLE) AS log_moneyness,
  CAST(NULL AS DOUBLE) AS delta, CAST(NULL AS DOUBLE) AS iv,
  action_id, ex_date, split_from, split_to, cash_amount,
  CAST(available_at AS TIMESTAMP_LTZ(3)) AS available_at,
  CAST(event_time AS TIMESTAMP_LTZ(3)) AS event_time,
  CAST(ingested_at AS TIMESTAMP_LTZ(3)) AS ingested_at
FROM silver.corporate_actions
WHERE vendor = 'polygon'
  AND action_type IN ('forward_split', 'reverse_split', 'cash_dividend')
  AND ex_date IS NOT NULL;

INSERT INTO gold.iv_surface_daily
SELECT *
FROM iv_surface_rows;
