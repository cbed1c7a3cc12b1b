-- silver.news: Polygon and Alpaca news in one shape, one row per vendor x article x version.
--
-- bronze keeps each article's payload exactly as delivered, numbered by version when the vendor changes
-- it (an edited headline, an added ticker). This file types those payloads. available_at is bronze's:
-- Polygon's published_utc, and for Alpaca the later of created_at and updated_at, because an updated
-- article existed in that form only from updated_at on (docs/vendors.md, "Datasets"). symbols is pitlake's
-- spelling of the tickers (BRK-B and BRK/B become BRK.B); vendor_symbols is the vendor's own list.
-- The table is insert-only, as silver.bars_daily: an article as known at T is its highest version with
-- available_at <= T (TABLES.md "silver.news").
--
-- Articles that do not parse never reach bronze (ingest quarantines them), so there is nothing left
-- for this file to reject.

CREATE TEMPORARY VIEW news_versions AS
SELECT
  vendor,
  observation_key AS article_id,
  version,
  JSON_VALUE(payload, '$.title') AS headline,
  JSON_VALUE(payload, '$.description') AS summary,
  JSON_VALUE(payload, '$.author') AS author,
  JSON_VALUE(payload, '$.publisher.name') AS publisher,
  JSON_VALUE(payload, '$.article_url') AS url,
  JSON_QUERY(payload, '$.tickers' RETURNING ARRAY<STRING>) AS vendor_symbols,
  event_time AS published_at,
  available_at,
  ingested_at,
  payload_hash
FROM bronze.polygon_news
UNION ALL
SELECT
  vendor,
  observation_key AS article_id,
  version,
  JSON_VALUE(payload, '$.headline') AS headline,
  NULLIF(JSON_VALUE(payload, '$.summary'), '') AS summary,
  JSON_VALUE(payload, '$.author') AS author,
  JSON_VALUE(payload, '$.source') AS publisher,
  JSON_VALUE(payload, '$.url') AS url,
  JSON_QUERY(payload, '$.symbols' RETURNING ARRAY<STRING>) AS vendor_symbols,
  event_time AS published_at,
  available_at,
  ingested_at,
  payload_hash
FROM bronze.alpaca_news;

INSERT INTO silver.news
SELECT
  n.vendor,
  n.article_id,
  n.version,
  n.headline,
  n.summary,
  n.author,
  n.publisher,
  n.url,
  pitlake_symbols(n.vendor_symbols) AS symbols,
  n.vendor_symbols,
  COALESCE(n.published_at, n.available_at) AS event_time,
  n.available_at,
  n.ingested_at,
  n.payload_hash
FROM news_versions AS n;
