-- silver.option_contract_links: which option contract an adjusted contract continues after a split, one
-- row per new ticker x old ticker x split, with the versions they were read from.
--
-- A split gives the contracts alive at its ex date new terms and a new OCC ticker: a whole-number forward
-- split divides the strike (O:SPLT240621C00100000 becomes O:SPLT240621C00025000, 100 shares), another ratio
-- keeps the strike and multiplies the deliverable under a new root (O:RSPL1..., 10 shares after 1-for-10).
-- Polygon does not say which new ticker continues which old one, so it is derived: a contract listed on the
-- ex date continues the contract listed on the session before it with the same underlying, expiry and
-- type and the same economic strike, K_new x ratio x shares_old / shares_new = K_old (both cases above),
-- under another ticker. Nothing changes before the ex date: links start on it.
--
-- Point in time: available_at is the latest of the two listings' and the split's (Polygon's splits,
-- silver.corporate_actions); every input row is insert-only and the joins are inner, so the plan is
-- insert-only and the same in batch and streaming (the join keeps its inputs in state, a few rows per
-- underlying and day).

CREATE TEMPORARY VIEW option_splits AS
SELECT
  symbol,
  ex_date,
  nyse_session_index(ex_date) AS ex_index,
  split_to / split_from AS ratio,
  action_id,
  version,
  available_at,
  ingested_at
FROM silver.corporate_actions
WHERE vendor = 'polygon' AND ex_date IS NOT NULL AND split_from > 0 AND split_to > 0
  AND nyse_session_index(ex_date) IS NOT NULL;

CREATE TEMPORARY VIEW listed_contracts AS
SELECT
  underlying, option_ticker, as_of, nyse_session_index(as_of) AS as_of_index, version,
  expiration_date, contract_type, strike, shares_per_contract, event_time, available_at, ingested_at
FROM silver.option_contracts;

INSERT INTO silver.option_contract_links
SELECT
  n.underlying,
  n.option_ticker,
  o.option_ticker AS continues_ticker,
  s.ex_date,
  s.ratio,
  n.version,
  o.version AS continues_version,
  s.action_id,
  s.version AS action_version,
  n.event_time,
  GREATEST(n.available_at, o.available_at, s.available_at) AS available_at,
  GREATEST(n.ingested_at, o.ingested_at, s.ingested_at) AS ingested_at
FROM option_splits AS s
JOIN listed_contracts AS n
  ON n.underlying = s.symbol AND n.as_of_index = s.ex_index
JOIN listed_contracts AS o
  ON o.underlying = s.symbol
  AND o.as_of_index = s.ex_index - 1
  AND o.expiration_date = n.expiration_date
  AND o.contract_type = n.contract_type
  AND o.option_ticker <> n.option_ticker
  AND ABS(n.strike * s.ratio * o.shares_per_contract / n.shares_per_contract - o.strike) < 0.0005;
