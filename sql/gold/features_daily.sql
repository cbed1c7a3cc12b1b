-- gold.features_daily: the research feature library (../shared/FEATURES.md §1 Alpha158 and §2 the
-- technical and liquidity set, TABLES.md "gold.features_daily"), one row per symbol x session x
-- knowledge instant. Insert-only: a row once written never changes.
--
-- A row (symbol, session t, instant T) is computed from the symbol's bars in effect at T (the
-- highest version known per session) and its newest gold.adjustment_factors set known at T, in
-- session t's raw basis: a price of session s times the factors of the ex dates in (s, t], a volume
-- divided by them, so a split known later never rewrites an earlier row and an action whose ex
-- date is after t never changes row t. Alpha158 windows run over the NYSE sessions (a session
-- without a bar is a NULL row), the technical set over the symbol's bars (TA-Lib's indicators over
-- the 250 most recent). Walking the symbol's instants in order, each instant writes a new version
-- of exactly the sessions whose inputs changed: a bar version at s reaches the sessions whose
-- window holds s (60 sessions or 252 bars after it, whichever is further), a changed ex-date
-- factor the sessions on or after the ex date whose window starts before it. available_at is that
-- instant; event_time the session's bar start; ingested_at the newest fetch among the window's bars
-- and the factors applied to it.
--
-- security_id: the security that traded as the symbol on the session, as silver.security_master
-- (Polygon) knew it at the row's available_at (io.pitlake.reference.TickerHolders, the panel's
-- resolution); NULL where the master knew no such security then. A master state learned later
-- writes no new version: the symbol's next version carries it, and an earlier row keeps its id.
--
-- Which version is in effect and which rows a revision reaches depend on other rows: as SQL joins
-- and groupings those retract in streaming. The rows are io.pitlake.features.FeaturesDailyRows
-- (view features_daily_rows), a pure function of a symbol's rows below computed once per symbol,
-- whose columns are gold.features_daily's, in order (io.pitlake.table.FeatureColumns).
--
-- gold.bar_features_daily stays the raw, backfill-time table of the bars layer (five features,
-- no actions needed); this table needs the factors, so it is built in the adjusted layer.

-- Polygon's security master states, in the inputs' types.
CREATE TEMPORARY VIEW features_daily_master AS
SELECT
  security_id, valid_from, ticker, active, TRY_CAST(cik AS BIGINT) AS cik,
  CAST(available_at AS TIMESTAMP_LTZ(3)) AS available_at,
  CAST(ingested_at AS TIMESTAMP_LTZ(3)) AS ingested_at
FROM silver.security_master
WHERE vendor = 'polygon';

-- Per symbol, every bar version ('bar'), every factor row ('factor') and every state of each
-- security that ever had the symbol as its ticker ('master'). Insert-only: projections, UNION ALL
-- and an inner join of insert-only tables.
CREATE TEMPORARY VIEW features_daily_inputs AS
SELECT
  symbol, 'bar' AS kind, session_date, session_index, version, `open`, high, low, `close`, volume,
  vwap, CAST(NULL AS DATE) AS ex_date, CAST(NULL AS DOUBLE) AS total_factor,
  CAST(NULL AS STRING) AS security_id, CAST(NULL AS DATE) AS valid_from,
  CAST(NULL AS STRING) AS ticker, CAST(NULL AS BOOLEAN) AS active, CAST(NULL AS BIGINT) AS cik,
  CAST(available_at AS TIMESTAMP_LTZ(3)) AS available_at,
  CAST(event_time AS TIMESTAMP_LTZ(3)) AS event_time,
  CAST(ingested_at AS TIMESTAMP_LTZ(3)) AS ingested_at
FROM silver.bars_daily
UNION ALL
SELECT
  symbol, 'factor' AS kind, CAST(NULL AS DATE) AS session_date,
  CAST(NULL AS INT) AS session_index, CAST(NULL AS INT) AS version,
  CAST(NULL AS DOUBLE) AS `open`, CAST(NULL AS DOUBLE) AS high, CAST(NULL AS DOUBLE) AS low,
  CAST(NULL AS DOUBLE) AS `close`, CAST(NULL AS DOUBLE) AS volume, CAST(NULL AS DOUBLE) AS vwap,
  ex_date, total_factor,
  CAST(NULL AS STRING) AS security_id, CAST(NULL AS DATE) AS valid_from,
  CAST(NULL AS STRING) AS ticker, CAST(NULL AS BOOLEAN) AS active, CAST(NULL AS BIGINT) AS cik,
  CAST(available_at AS TIMESTAMP_LTZ(3)) AS available_at,
  CAST(event_time AS TIMESTAMP_LTZ(3)) AS event_time,
  CAST(ingested_at AS TIMESTAMP_LTZ(3)) AS ingested_at
FROM gold.adjustment_factors
UNION ALL
SELECT
  held.ticker AS symbol, 'master' AS kind, CAST(NULL AS DATE) AS session_date,
  CAST(NULL AS INT) AS session_index, CAST(NULL AS INT) AS version,
  CAST(NULL AS DOUBLE) AS `open`, CAST(NULL AS DOUBLE) AS high, CAST(NULL AS DOUBLE) AS low,
  CAST(NULL AS DOUBLE) AS `close`, CAST(NULL AS DOUBLE) AS volume, CAST(NULL AS DOUBLE) AS vwap,
  CAST(NULL AS DATE) AS ex_date, CAST(NULL AS DOUBLE) AS total_factor,
  s.security_id, s.valid_from, s.ticker, s.active, s.cik,
  s.available_at, CAST(NULL AS TIMESTAMP_LTZ(3)) AS event_time, s.ingested_at
FROM features_daily_master AS held
JOIN features_daily_master AS s
  ON s.security_id = held.security_id;

INSERT INTO gold.features_daily
SELECT *
FROM features_daily_rows;
