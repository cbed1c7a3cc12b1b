-- gold.bar_features_daily: daily returns, volatility and dollar volume, point-in-time.
--
-- One row per symbol x session x knowledge instant. A row's available_at is the newest available_at
-- among the bar versions it used, and it uses only versions that were the newest at that instant; when
-- a bar in its window is revised later, a new row (a new version of the features) appears at the
-- revision's available_at and the old row stays. So a backtest at decision time T reads, per symbol and
-- session, the row with the greatest available_at <= T, and sees exactly what a live system saw at T.
--
-- Windows count NYSE sessions (nyse_session_index), not calendar days. ret_Nd = close_t / close_{t-N} - 1;
-- vol_21d is the sample standard deviation of the 21 daily log returns ending at t (NULL until all 21
-- are known). Log returns are summed as integers in units of 1e-15 (BIGINT), so the sums are exact and
-- order-independent: batch and streaming (which adds and retracts in arrival order) produce bit-identical
-- doubles. Instants are handled as TIMESTAMP_LTZ(3): pitlake stores them at millisecond precision, and
-- Flink keeps precision <= 3 compact, which matters for the 21x fan-out below.
--
-- Like silver, this uses only regular joins and aggregations, so batch and streaming agree and nothing
-- is dropped as late; the table is an upsert table keyed by (symbol, session_date, available_at).

CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS nyse_session_date
  AS 'io.pitlake.time.NyseSessionDateFunction';

-- The life of each bar version: [valid_from, valid_to) in availability time, while it was the newest.
CREATE TEMPORARY VIEW bar_lives AS
SELECT
  symbol, session_index, session_date, version, `close`, volume, vwap,
  CAST(event_time AS TIMESTAMP_LTZ(3)) AS event_time,
  CAST(ingested_at AS TIMESTAMP_LTZ(3)) AS ingested_at,
  CAST(available_at AS TIMESTAMP_LTZ(3)) AS valid_from,
  CAST(COALESCE(superseded_at, TO_TIMESTAMP_LTZ(253402300799000, 3)) AS TIMESTAMP_LTZ(3)) AS valid_to
FROM silver.bars_daily
WHERE superseded_at IS NULL OR superseded_at > available_at;

-- Each bar life paired with the previous session's bar as known at the same time; the part of a life
-- before any previous bar was known has prev_close NULL.
CREATE TEMPORARY VIEW return_lives AS
SELECT
  c.symbol, c.session_index, c.session_date, c.version AS bar_version, c.`close`, c.volume, c.vwap,
  c.event_time,
  p.`close` AS prev_close,
  GREATEST(c.valid_from, p.valid_from) AS valid_from,
  LEAST(c.valid_to, p.valid_to) AS valid_to,
  GREATEST(c.ingested_at, p.ingested_at) AS ingested_at
FROM bar_lives AS c
JOIN bar_lives AS p
  ON p.symbol = c.symbol AND p.session_index = c.session_index - 1
WHERE p.valid_from < c.valid_to AND c.valid_from < p.valid_to
UNION ALL
SELECT
  c.symbol, c.session_index, c.session_date, c.version AS bar_version, c.`close`, c.volume, c.vwap,
  c.event_time,
  CAST(NULL AS DOUBLE) AS prev_close,
  c.valid_from,
  CASE WHEN f.first_known IS NULL OR f.first_known > c.valid_to THEN c.valid_to
       ELSE f.first_known END AS valid_to,
  c.ingested_at
FROM bar_lives AS c
LEFT JOIN (
  SELECT symbol, session_index, MIN(valid_from) AS first_known
  FROM bar_lives
  GROUP BY symbol, session_index
) AS f
  ON f.symbol = c.symbol AND f.session_index = c.session_index - 1
WHERE f.first_known IS NULL OR c.valid_from < f.first_known;

-- When each session's return was first known: its first gold row's instant.
CREATE TEMPORARY VIEW first_known AS
SELECT symbol, session_index, session_date, MIN(valid_from) AS first_known
FROM return_lives
GROUP BY symbol, session_index, session_date;

-- Every return life copied to the 21 sessions whose windows contain it (off = sessions back).
CREATE TEMPORARY VIEW window_members AS
SELECT
  r.symbol,
  r.session_index + w.off AS target_index,
  nyse_session_date(r.session_index + w.off) AS target_date,
  w.off, r.bar_version, r.`close`, r.volume, r.vwap, r.event_time, r.prev_close,
  CAST(ROUND(LN(r.`close` / r.prev_close) * 1e15, 0) AS BIGINT) AS r1,
  CAST(ROUND(POWER(LN(r.`close` / r.prev_close), 2) * 1e15, 0) AS BIGINT) AS r2,
  r.valid_from, r.valid_to, r.ingested_at
FROM return_lives AS r
CROSS JOIN UNNEST(ARRAY[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]) AS w (off)
WHERE nyse_session_date(r.session_index + w.off) IS NOT NULL;

-- The instants at which session s's features change: K(s) = the valid_from of every return life in its
-- window [s-20, s] that is not before first_known(s). Computing that by copying every life 21 times is
-- the costliest step, so only lives that can qualify are copied:
--  * s's own first life gives first_known(s) itself;
--  * a later life of any session (a revision, or a previous bar that arrived late) may qualify;
--  * a first life of an earlier session j qualifies only if first_known(j) > first_known(s) for some s in
--    (j, j+20], which needs a descent first_known(k) > first_known(k+1), or a session k+1 without a bar,
--    somewhere in [j, j+19]. Such "breaks" are rare, so marking the 20 sessions before each one is cheap.
CREATE TEMPORARY VIEW knowledge_breaks AS
SELECT a.symbol, a.session_index
FROM first_known AS a
LEFT JOIN first_known AS b
  ON b.symbol = a.symbol AND b.session_index = a.session_index + 1
WHERE b.first_known IS NULL OR a.first_known > b.first_known;

CREATE TEMPORARY VIEW knowledge_suspects AS
SELECT DISTINCT k.symbol, k.session_index - w.back AS session_index
FROM knowledge_breaks AS k
CROSS JOIN UNNEST(ARRAY[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]) AS w (back);

CREATE TEMPORARY VIEW knowledge_candidates AS
SELECT r.symbol, r.session_index, r.valid_from
FROM return_lives AS r
JOIN first_known AS f
  ON f.symbol = r.symbol AND f.session_index = r.session_index
WHERE r.valid_from > f.first_known
UNION ALL
SELECT f.symbol, f.session_index, f.first_known AS valid_from
FROM first_known AS f
JOIN knowledge_suspects AS s
  ON s.symbol = f.symbol AND s.session_index = f.session_index;

CREATE TEMPORARY VIEW knowledge AS
SELECT symbol, session_date AS target_date, first_known AS known_at
FROM first_known
UNION
SELECT c.symbol, f.session_date AS target_date, c.valid_from AS known_at
FROM knowledge_candidates AS c
CROSS JOIN UNNEST(ARRAY[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]) AS w (off)
JOIN first_known AS f
  ON f.symbol = c.symbol AND f.session_index = c.session_index + w.off
WHERE c.valid_from >= f.first_known;

INSERT INTO gold.bar_features_daily
SELECT
  symbol, session_date, available_at, session_index, event_time, ingested_at, bar_version,
  `close`, volume, dollar_volume, ret_1d,
  `close` / close_5 - 1 AS ret_5d,
  `close` / close_21 - 1 AS ret_21d,
  CASE WHEN returns_in_window = 21 THEN
    SQRT(GREATEST(
      (sum_r2 / 1e15 - (sum_r1 / 1e15) * (sum_r1 / 1e15) / 21) / 20, 0.0))
  END AS vol_21d,
  returns_in_window
FROM (
  SELECT
    k.symbol,
    k.target_date AS session_date,
    k.known_at AS available_at,
    MAX(m.target_index) AS session_index,
    MAX(CASE WHEN m.off = 0 THEN m.event_time END) AS event_time,
    MAX(m.ingested_at) AS ingested_at,
    MAX(CASE WHEN m.off = 0 THEN m.bar_version END) AS bar_version,
    MAX(CASE WHEN m.off = 0 THEN m.`close` END) AS `close`,
    MAX(CASE WHEN m.off = 0 THEN m.volume END) AS volume,
    MAX(CASE WHEN m.off = 0 THEN COALESCE(m.vwap, m.`close`) * m.volume END) AS dollar_volume,
    MAX(CASE WHEN m.off = 0 THEN m.`close` / m.prev_close - 1 END) AS ret_1d,
    MAX(CASE WHEN m.off = 4 THEN m.prev_close END) AS close_5,
    MAX(CASE WHEN m.off = 20 THEN m.prev_close END) AS close_21,
    CAST(SUM(m.r1) AS DOUBLE) AS sum_r1,
    CAST(SUM(m.r2) AS DOUBLE) AS sum_r2,
    CAST(COUNT(m.r1) AS INT) AS returns_in_window
  FROM knowledge AS k
  JOIN window_members AS m
    ON m.symbol = k.symbol AND m.target_date = k.target_date
  WHERE m.valid_from <= k.known_at AND k.known_at < m.valid_to
  GROUP BY k.symbol, k.target_date, k.known_at
  -- Streaming sees a group's members one by one; a row exists only once the session's own bar does.
  HAVING COUNT(CASE WHEN m.off = 0 THEN 1 END) > 0
);
