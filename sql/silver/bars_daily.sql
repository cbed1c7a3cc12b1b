-- silver.bars_daily: Polygon daily bars, typed and validated, one row per symbol x session x version.
--
-- Why SQL, and why this shape: the same file runs as a batch backfill and in streaming runtime mode.
-- It uses only regular joins and aggregations (no windows, no watermarks), so streaming cannot drop a
-- late row and both modes reach the same final table; silver.bars_daily is an upsert table keyed by
-- (symbol, session_date, version), so a re-run rewrites identical rows instead of adding new ones.
--
-- Every bronze row either becomes a silver row or lands in silver.quarantine with the rule it broke.
-- superseded_at is the available_at of the next valid version (NULL while a version is the newest):
-- a point-in-time read at T keeps rows with available_at <= T AND (superseded_at IS NULL OR superseded_at > T).
-- Only revisions (version > 1) can supersede, so the join that finds them keeps only revisions on
-- that side: a small build side in batch, little state in streaming, whatever the table's size.

CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS nyse_session_index
  AS 'io.pitlake.time.NyseSessionIndexFunction';

CREATE TEMPORARY VIEW polygon_bars_checked AS
SELECT
  b.*,
  nyse_session_index(b.session_date) AS session_index,
  CASE
    WHEN b.event_time IS NULL OR b.available_at IS NULL THEN 'missing field t (bar start)'
    WHEN b.o IS NULL THEN 'missing or non-numeric field o (open)'
    WHEN b.h IS NULL THEN 'missing or non-numeric field h (high)'
    WHEN b.l IS NULL THEN 'missing or non-numeric field l (low)'
    WHEN b.c IS NULL THEN 'missing or non-numeric field c (close)'
    WHEN b.v IS NULL THEN 'missing or non-numeric field v (volume)'
    WHEN b.o <= 0 OR b.h <= 0 OR b.l <= 0 OR b.c <= 0 THEN 'non-positive price in o/h/l/c'
    WHEN b.h < b.l THEN 'high h below low l'
    WHEN b.c < b.l OR b.c > b.h THEN 'close c outside [low l, high h]'
    WHEN b.o < b.l OR b.o > b.h THEN 'open o outside [low l, high h]'
    WHEN b.v < 0 THEN 'negative volume v'
    WHEN nyse_session_index(b.session_date) IS NULL THEN 'bar on a day the NYSE was closed'
  END AS reject_reason
FROM bronze.polygon_aggs AS b;

CREATE TEMPORARY VIEW polygon_bars_valid AS
SELECT * FROM polygon_bars_checked WHERE reject_reason IS NULL;

BEGIN STATEMENT SET;

INSERT INTO silver.bars_daily
SELECT
  v.symbol,
  v.session_date,
  v.version,
  v.session_index,
  v.o AS `open`,
  v.h AS high,
  v.l AS low,
  v.c AS `close`,
  v.v AS volume,
  v.vw AS vwap,
  v.n AS trades,
  v.event_time,
  v.available_at,
  v.ingested_at,
  nxt.superseded_at,
  v.vendor,
  v.payload_hash
FROM polygon_bars_valid AS v
LEFT JOIN (
  SELECT a.symbol, a.session_date, a.version, MIN(b.available_at) AS superseded_at
  FROM polygon_bars_valid AS a
  JOIN (SELECT * FROM polygon_bars_valid WHERE version > 1) AS b
    ON a.symbol = b.symbol AND a.session_date = b.session_date AND b.version > a.version
  GROUP BY a.symbol, a.session_date, a.version
) AS nxt
  ON v.symbol = nxt.symbol AND v.session_date = nxt.session_date AND v.version = nxt.version;

INSERT INTO silver.quarantine
SELECT
  SHA256(CONCAT_WS('|', 'silver', symbol, CAST(version AS STRING), payload_hash)) AS quarantine_id,
  CONCAT(vendor, '.', dataset) AS source,
  'silver' AS stage,
  reject_reason AS reason,
  symbol,
  session_date,
  event_time,
  COALESCE(available_at, ingested_at) AS available_at,
  ingested_at,
  request_url,
  payload
FROM polygon_bars_checked
WHERE reject_reason IS NOT NULL;

END;
