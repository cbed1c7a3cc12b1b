-- gold.price_dq: data-quality findings on daily prices and splits, one row per check x symbol x
-- session x instant. Insert-only: a row once written never changes.
--
-- A finding is dated like any other row: available_at is the instant its inputs were all known (the
-- latest of theirs), and each pair of bar versions is checked at the instant both were the newest,
-- so a build on the inputs known by T gives exactly the findings known by T. Checks:
--   unexplained_jump           |close_t / close_t-1 - 1| above 0.35 (a move a day rarely makes
--                              without a split: a likely missing split).
--   jump_explained             a session with an unexplained_jump and a split or reverse split of
--                              any vendor with that ex date: available_at the later of when the
--                              first such split and the session's first jump became known. A jump
--                              learns that it was explained only later, which an insert-only row
--                              cannot record; the explanation is its own dated row instead, so the
--                              jumps open at T are those known by T with no jump_explained row of
--                              their symbol and session known by T (README, TABLES.md give the query).
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
--
-- Which bar and split versions were newest when, which factor set was the newest at a fetch, and
-- whether a session's jump has a split, depend on other rows: as SQL joins and groupings they retract
-- in streaming. The checks are io.pitlake.adjustment.PriceDqFindings (view price_dq_findings), a pure
-- function of a symbol's rows below computed once per symbol, thresholds included.

-- Every bar version ('bar') and every fetched version of Polygon's adjusted daily bars ('vendor';
-- bronze keys a bar SYMBOL|start): a session's close as pitlake and as the vendor knew it.
CREATE TEMPORARY VIEW price_dq_closes AS
SELECT
  symbol, 'bar' AS kind, session_date, session_index, version, `close`, available_at, event_time,
  ingested_at
FROM silver.bars_daily
UNION ALL
SELECT
  pitlake_symbols(ARRAY[SPLIT_INDEX(observation_key, '|', 0)])[1] AS symbol, 'vendor' AS kind,
  new_york_date(event_time) AS session_date, CAST(NULL AS INT) AS session_index, version,
  JSON_VALUE(payload, '$.c' RETURNING DOUBLE) AS `close`, available_at, event_time, ingested_at
FROM bronze.polygon_aggs_day_adjusted
WHERE event_time IS NOT NULL;

-- Per symbol, one row per input, told apart by kind: the closes above, every version of every
-- corporate action ('action': any version replaces the previous, whatever it says; the checks use
-- the splits) and every row of gold.adjustment_factors ('factor'). Insert-only: projections,
-- filters and UNION ALL.
CREATE TEMPORARY VIEW price_dq_inputs AS
SELECT
  symbol, kind, session_date, session_index, version, `close`,
  CAST(NULL AS STRING) AS vendor, CAST(NULL AS STRING) AS action_id,
  CAST(NULL AS STRING) AS action_type, CAST(NULL AS DATE) AS ex_date,
  CAST(NULL AS DOUBLE) AS split_from, CAST(NULL AS DOUBLE) AS split_to,
  CAST(NULL AS DATE) AS session_from, CAST(NULL AS DOUBLE) AS split_factor,
  CAST(NULL AS DOUBLE) AS total_factor,
  CAST(available_at AS TIMESTAMP_LTZ(3)) AS available_at,
  CAST(event_time AS TIMESTAMP_LTZ(3)) AS event_time,
  CAST(ingested_at AS TIMESTAMP_LTZ(3)) AS ingested_at
FROM price_dq_closes
UNION ALL
SELECT
  symbol, 'action' AS kind, CAST(NULL AS DATE) AS session_date, CAST(NULL AS INT) AS session_index,
  version, CAST(NULL AS DOUBLE) AS `close`, vendor, action_id, action_type, ex_date, split_from,
  split_to, CAST(NULL AS DATE) AS session_from, CAST(NULL AS DOUBLE) AS split_factor,
  CAST(NULL AS DOUBLE) AS total_factor,
  CAST(available_at AS TIMESTAMP_LTZ(3)) AS available_at,
  CAST(NULL AS TIMESTAMP_LTZ(3)) AS event_time,
  CAST(ingested_at AS TIMESTAMP_LTZ(3)) AS ingested_at
FROM silver.corporate_actions
UNION ALL
SELECT
  symbol, 'factor' AS kind, CAST(NULL AS DATE) AS session_date, CAST(NULL AS INT) AS session_index,
  CAST(NULL AS INT) AS version, CAST(NULL AS DOUBLE) AS `close`,
  CAST(NULL AS STRING) AS vendor, CAST(NULL AS STRING) AS action_id,
  CAST(NULL AS STRING) AS action_type, ex_date,
  CAST(NULL AS DOUBLE) AS split_from, CAST(NULL AS DOUBLE) AS split_to,
  session_from, split_factor, total_factor,
  CAST(available_at AS TIMESTAMP_LTZ(3)) AS available_at,
  CAST(event_time AS TIMESTAMP_LTZ(3)) AS event_time,
  CAST(ingested_at AS TIMESTAMP_LTZ(3)) AS ingested_at
FROM gold.adjustment_factors;

INSERT INTO gold.price_dq
SELECT
  check_name, symbol, session_date, available_at, detail, observed, expected, event_time,
  ingested_at
FROM price_dq_findings;
