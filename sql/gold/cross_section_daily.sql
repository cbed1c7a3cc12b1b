-- gold.cross_section_daily: each session's cross-section of gold.features_daily (../shared/FEATURES.md
-- §3, TABLES.md "gold.cross_section_daily"), one row per session x symbol. Insert-only, and one version
-- per row: a cross-section is taken once.
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
-- Which row is newest at the instant, and every statistic, depend on the session's other rows: as SQL
-- joins and groupings those retract in streaming. The rows are io.pitlake.features.CrossSectionRows
-- (view cross_section_rows), a pure function of a session's rows below computed once per session.

-- Every features row, with its session's decision instant. Insert-only: a projection.
CREATE TEMPORARY VIEW cross_section_inputs AS
SELECT
  session_date, symbol,
  CAST(available_at AS TIMESTAMP_LTZ(3)) AS available_at,
  session_decision_at(session_date) AS decision_at,
  CAST(event_time AS TIMESTAMP_LTZ(3)) AS event_time,
  CAST(ingested_at AS TIMESTAMP_LTZ(3)) AS ingested_at,
  ret_1d, ret_21d, vol_21d, mom_12_1, amihud_21, rsi_14, security_id
FROM gold.features_daily;

INSERT INTO gold.cross_section_daily
SELECT *
FROM cross_section_rows;
