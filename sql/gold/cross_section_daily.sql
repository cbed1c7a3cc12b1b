-- gold.cross_section_daily: each session's cross-sections of gold.features_daily (../shared/FEATURES.md
-- §3, TABLES.md "gold.cross_section_daily"), one row per session x universe x symbol. Insert-only, and
-- one version per row: a cross-section is taken once.
--
-- A session's cross-section is taken at its instant: the later of its decision instant (the panel's:
-- the close, 16:00 New York or 13:00 on an early close, plus panel.decision-offset, default 0;
-- session_decision_at) and the first available_at among the session's features rows (the daily bars'
-- publication: every bar's first version is dated by the vendor's rule, 20:15 New York for Polygon).
-- With the default offset that is the publication, FEATURES.md's default; the close alone would come
-- before any bar of the session is known. It is the first-known export's rule (the later of a bar's
-- first availability and its session's decision instant), per session instead of per symbol.
-- available_at is that instant. The members are the symbols with a features row for the session known
-- then, each with its newest such row (features_available_at); a row known later (a revised bar, an
-- action learned late) never enters and adds no row.
--
-- For f in ret_1d, ret_21d, vol_21d, mom_12_1, amihud_21, rsi_14, over the members whose f is not NULL:
--   cs_rank_<f>    percentile rank in (0, 1], ties averaged (pandas rank(pct=True))
--   cs_z_<f>       (f - mean) / stdev, stdev with ddof = 1; NULL below two values or when all are equal
--   ret_1d_mkt_adj ret_1d - the equal-weighted mean ret_1d of the cross-section
-- A NULL f gives NULL statistics for that f and is left out of the others' statistics.
-- security_id is the member's features row's (its security as known at features_available_at).
--
-- Universes: 'all' is every symbol above. Each index of gold.universe_daily gets one more
-- cross-section per session, over the symbols whose ticker that session is one of the index's members
-- in the session's universe rows known at the instant (its membership as known at the decision
-- instant, delisted members kept while they were in); its statistics see its members only.
--
-- Which row is newest at the instant, and every statistic, depend on the session's other rows: as SQL
-- joins and groupings those retract in streaming. The rows are io.pitlake.features.CrossSectionRows
-- (view cross_section_rows), a pure function of a session's rows below computed once per session.

-- Every features row ('features') and every universe row ('member', its ticker as the symbol), with
-- the session's decision instant. Insert-only: projections and UNION ALL.
CREATE TEMPORARY VIEW cross_section_inputs AS
SELECT
  session_date, symbol, CAST('features' AS STRING) AS kind, CAST(NULL AS STRING) AS universe,
  CAST(available_at AS TIMESTAMP_LTZ(3)) AS available_at,
  session_decision_at(session_date) AS decision_at,
  CAST(event_time AS TIMESTAMP_LTZ(3)) AS event_time,
  CAST(ingested_at AS TIMESTAMP_LTZ(3)) AS ingested_at,
  ret_1d, ret_21d, vol_21d, mom_12_1, amihud_21, rsi_14, security_id
FROM gold.features_daily
UNION ALL
SELECT
  session_date, ticker AS symbol, CAST('member' AS STRING) AS kind, index_id AS universe,
  CAST(available_at AS TIMESTAMP_LTZ(3)) AS available_at,
  session_decision_at(session_date) AS decision_at,
  CAST(event_time AS TIMESTAMP_LTZ(3)) AS event_time,
  CAST(ingested_at AS TIMESTAMP_LTZ(3)) AS ingested_at,
  CAST(NULL AS DOUBLE) AS ret_1d, CAST(NULL AS DOUBLE) AS ret_21d, CAST(NULL AS DOUBLE) AS vol_21d,
  CAST(NULL AS DOUBLE) AS mom_12_1, CAST(NULL AS DOUBLE) AS amihud_21,
  CAST(NULL AS DOUBLE) AS rsi_14, CAST(NULL AS STRING) AS security_id
FROM gold.universe_daily
WHERE ticker IS NOT NULL;

INSERT INTO gold.cross_section_daily
SELECT *
FROM cross_section_rows;
