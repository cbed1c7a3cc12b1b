-- gold.price_dq: data-quality findings on daily prices and splits, one row per check x symbol x
-- session x instant.
--
-- A finding is dated like any other row: available_at is the instant its inputs were all known (the
-- latest of theirs), and each pair of bar versions is checked at the instant both were the newest,
-- so a build on the inputs known by T gives exactly the findings known by T. Checks:
--   unexplained_jump           |close_t / close_t-1 - 1| above 0.35 (a move a day rarely makes
--                              without a split: a likely missing split). explained_at is when the
--                              first split or reverse split with that ex date became known, of any
--                              vendor; NULL while none is. A reader at T sees the finding open when
--                              available_at <= T AND (explained_at IS NULL OR explained_at > T).
--   split_without_price_move   a split whose ex-date close moved less than expected: close_t /
--                              close_t-1 differs from split_from / split_to by more than 25% of the
--                              expected ratio (a split that did not happen, or bars already
--                              adjusted by the vendor).
--   vendor_adjusted_close_mismatch
--                              Polygon's own split-adjusted close (bronze.polygon_aggs_day_adjusted,
--                              adjusted=true) differs from pitlake's split_adj_close by more than
--                              1e-4 relative, pitlake's as known at the instant pitlake fetched the
--                              vendor's: a vendor's adjusted series reflects the splits it knew when
--                              it answered, so both sides see the same splits (those ex by that day
--                              in New York) and any difference is a split one side lacks or has
--                              with another ratio, or a raw close that differs. Polygon adjusts for
--                              splits only, so split_adj_close is the match (not total_adj_close).
--                              1e-4 is far above the bits of two products of the same numbers and
--                              far below a split (at least 1.5x), but a vendor that rounds adjusted
--                              prices to 4 decimals exceeds it below $0.50. observed is the vendor's
--                              close, expected pitlake's; available_at the later of the vendor
--                              row's (its fetch) and pitlake's row's.
-- Like every table, a finding has event_time (the checked session's bar start, 00:00 New York) and
-- ingested_at (the newest fetch among the inputs that date it: the bar pair, the split, the vendor's
-- adjusted bar).
-- The thresholds are the literals 0.35, 0.25 and 0.0001 below: a join with a settings view would be
-- a cross join, which streaming runs only with an equality in the join condition.

-- Each session's bar version against the previous session's, at the instant both were newest.
CREATE TEMPORARY VIEW dq_bar_pairs AS
SELECT
  t.symbol,
  t.session_date,
  t.version,
  p.version AS previous_version,
  t.`close`,
  p.`close` AS previous_close,
  GREATEST(t.available_at, p.available_at) AS available_at,
  t.event_time,
  GREATEST(t.ingested_at, p.ingested_at) AS ingested_at
FROM bars_daily_lives AS t
JOIN bars_daily_lives AS p
  ON p.symbol = t.symbol AND p.session_index = t.session_index - 1
WHERE (t.superseded_at IS NULL OR t.superseded_at > GREATEST(t.available_at, p.available_at))
  AND (p.superseded_at IS NULL OR p.superseded_at > GREATEST(t.available_at, p.available_at));

CREATE TEMPORARY VIEW dq_splits AS
SELECT
  vendor, action_id, version, symbol, ex_date, split_from, split_to, available_at, superseded_at,
  ingested_at
FROM corporate_actions_lives
WHERE action_type IN ('forward_split', 'reverse_split')
  AND ex_date IS NOT NULL AND split_from > 0 AND split_to > 0;

-- When the first split of each symbol and ex date became known.
CREATE TEMPORARY VIEW dq_split_known AS
SELECT symbol, ex_date, MIN(available_at) AS known_at
FROM dq_splits
GROUP BY symbol, ex_date;

-- Polygon's adjusted closes, one row per fetched version; bronze keys a bar SYMBOL|start.
CREATE TEMPORARY VIEW dq_vendor_adjusted AS
SELECT
  pitlake_symbols(ARRAY[SPLIT_INDEX(observation_key, '|', 0)])[1] AS symbol,
  new_york_date(event_time) AS session_date,
  version,
  JSON_VALUE(payload, '$.c' RETURNING DOUBLE) AS adjusted_close,
  available_at,
  ingested_at
FROM bronze.polygon_aggs_day_adjusted
WHERE event_time IS NOT NULL;

-- For each vendor observation, the instant of the symbol's newest factor set pitlake knew when it
-- fetched the observation (gold.adjustment_factors gives a symbol's whole set at each instant).
CREATE TEMPORARY VIEW dq_factor_sets AS
SELECT v.symbol, v.session_date, v.version, MAX(f.available_at) AS factors_at
FROM dq_vendor_adjusted AS v
JOIN gold.adjustment_factors AS f
  ON f.symbol = v.symbol AND f.available_at <= v.ingested_at
GROUP BY v.symbol, v.session_date, v.version;

-- pitlake's split-adjusted close of each vendor observation as known when pitlake fetched it: the
-- bar version newest then, times the split factor of that factor set's row covering the session
-- (1 where none does).
CREATE TEMPORARY VIEW dq_pitlake_adjusted AS
SELECT
  v.symbol, v.session_date, v.version, v.adjusted_close, v.available_at, v.ingested_at,
  b.version AS bar_version,
  COALESCE(f.split_factor, 1) AS split_factor,
  b.`close` * COALESCE(f.split_factor, 1) AS split_adj_close,
  GREATEST(b.available_at, COALESCE(s.factors_at, b.available_at)) AS pitlake_available_at,
  b.event_time,
  GREATEST(b.ingested_at, COALESCE(f.ingested_at, b.ingested_at)) AS pitlake_ingested_at
FROM dq_vendor_adjusted AS v
JOIN bars_daily_lives AS b
  ON b.symbol = v.symbol AND b.session_date = v.session_date
    AND b.available_at <= v.ingested_at
    AND (b.superseded_at IS NULL OR b.superseded_at > v.ingested_at)
LEFT JOIN dq_factor_sets AS s
  ON s.symbol = v.symbol AND s.session_date = v.session_date AND s.version = v.version
LEFT JOIN gold.adjustment_factors AS f
  ON f.symbol = v.symbol AND f.available_at = s.factors_at
    AND v.session_date < f.ex_date
    AND (f.session_from IS NULL OR f.session_from <= v.session_date);

-- One INSERT: a batch build overwrites the file's table, and two overwrites would keep only one.
BEGIN STATEMENT SET;

INSERT INTO gold.price_dq
SELECT
  'unexplained_jump' AS check_name,
  b.symbol,
  b.session_date,
  b.available_at,
  CONCAT('close moved ', CAST(ROUND((b.`close` / b.previous_close - 1) * 100, 1) AS STRING),
    '% from the previous session (bar versions ', CAST(b.version AS STRING), ' and ',
    CAST(b.previous_version AS STRING), ')') AS detail,
  b.`close` / b.previous_close AS observed,
  CAST(1 AS DOUBLE) AS expected,
  k.known_at AS explained_at,
  b.event_time,
  b.ingested_at
FROM dq_bar_pairs AS b
LEFT JOIN dq_split_known AS k
  ON k.symbol = b.symbol AND k.ex_date = b.session_date
WHERE ABS(b.`close` / b.previous_close - 1) > 0.35

UNION ALL

SELECT
  'split_without_price_move' AS check_name,
  s.symbol,
  s.ex_date AS session_date,
  GREATEST(s.available_at, b.available_at) AS available_at,
  CONCAT(s.vendor, ' split ', s.action_id, ' v', CAST(s.version AS STRING), ' of ',
    CAST(s.split_from AS STRING), ':', CAST(s.split_to AS STRING),
    ' does not match the close ratio') AS detail,
  b.`close` / b.previous_close AS observed,
  s.split_from / s.split_to AS expected,
  CAST(NULL AS TIMESTAMP_LTZ(3)) AS explained_at,
  b.event_time,
  GREATEST(s.ingested_at, b.ingested_at) AS ingested_at
FROM dq_splits AS s
JOIN dq_bar_pairs AS b
  ON b.symbol = s.symbol AND b.session_date = s.ex_date
WHERE (s.superseded_at IS NULL OR s.superseded_at > GREATEST(s.available_at, b.available_at))
  AND ABS((b.`close` / b.previous_close) / (s.split_from / s.split_to) - 1) > 0.25

UNION ALL

SELECT
  'vendor_adjusted_close_mismatch' AS check_name,
  a.symbol,
  a.session_date,
  GREATEST(a.available_at, a.pitlake_available_at) AS available_at,
  CONCAT('polygon adjusted close v', CAST(a.version AS STRING), ' fetched ',
    CAST(a.ingested_at AS STRING), ' vs pitlake split_adj_close of bar v',
    CAST(a.bar_version AS STRING), ' x ', CAST(a.split_factor AS STRING)) AS detail,
  a.adjusted_close AS observed,
  a.split_adj_close AS expected,
  CAST(NULL AS TIMESTAMP_LTZ(3)) AS explained_at,
  a.event_time,
  GREATEST(a.ingested_at, a.pitlake_ingested_at) AS ingested_at
FROM dq_pitlake_adjusted AS a
WHERE ABS(a.adjusted_close / a.split_adj_close - 1) > 0.0001;

END;
