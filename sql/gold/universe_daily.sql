-- gold.universe_daily: each index's members per NYSE session, as known at the session's decision
-- instant, delisted members kept in the universes they were in (no survivorship bias).
--
-- One row per index x session x member, from silver.index_membership (a user's universe file,
-- pitlake ingest --universe). For each index, member and effective_from, the version known at the
-- session's decision instant (the panel's: the close plus panel.decision-offset) says whether the
-- member is in: effective_from <= session < effective_to. A membership whose end became known later
-- stays in the sessions before that; one known only after a session is not in that session's row.
--
-- Each member is resolved to its security_id through silver.security_master (Polygon) as known at
-- the decision instant: the security that had the file's ticker when it joined, so a rename keeps
-- the membership (a membership filed as OLDC is NEWC's after 2024-09-03, with ticker NEWC once the
-- master knows the rename); or, for a member given by CIK, the security with that CIK. ticker and
-- cik are the security's on the session as known then; without a master state, the file's own.
--
-- Sessions are those the lake has bars of (silver.bars_daily), and a row's available_at is the later
-- of the decision instant and the session's first bar's available_at: rows are stated once the lake
-- knew the session happened, so a build on the inputs known by T writes exactly the full build's rows
-- known by T, and no row waits for a clock. ingested_at is the newest of the inputs used.
--
-- Which version is newest at an instant, which state holds a ticker and which bar came first depend
-- on other rows; as SQL joins and groupings they retract in streaming. The sessions are
-- io.pitlake.universe.UniverseSessions (view universe_sessions, per session) and the rows
-- io.pitlake.universe.UniverseRows (view universe_rows, one key for every index), pure functions
-- computed once at end of input, so the plan is insert-only in both modes.

CREATE TEMPORARY VIEW universe_bars AS
SELECT
  session_date,
  CAST(available_at AS TIMESTAMP_LTZ(3)) AS available_at,
  CAST(ingested_at AS TIMESTAMP_LTZ(3)) AS ingested_at
FROM silver.bars_daily;

-- Every membership version, Polygon master state and session, told apart by kind.
CREATE TEMPORARY VIEW universe_inputs AS
SELECT
  CAST('all' AS STRING) AS universe, CAST('membership' AS STRING) AS kind,
  index_id, constituent, effective_from, version, symbol, cik, effective_to,
  CAST(NULL AS DATE) AS session_date, CAST(NULL AS STRING) AS security_id,
  CAST(NULL AS DATE) AS valid_from, CAST(NULL AS STRING) AS ticker,
  CAST(available_at AS TIMESTAMP_LTZ(3)) AS available_at,
  CAST(ingested_at AS TIMESTAMP_LTZ(3)) AS ingested_at
FROM silver.index_membership
UNION ALL
SELECT
  CAST('all' AS STRING) AS universe, CAST('master' AS STRING) AS kind,
  CAST(NULL AS STRING) AS index_id, CAST(NULL AS STRING) AS constituent,
  CAST(NULL AS DATE) AS effective_from, CAST(NULL AS INT) AS version,
  CAST(NULL AS STRING) AS symbol, TRY_CAST(cik AS BIGINT) AS cik,
  CAST(NULL AS DATE) AS effective_to, CAST(NULL AS DATE) AS session_date,
  security_id, valid_from, ticker,
  CAST(available_at AS TIMESTAMP_LTZ(3)) AS available_at,
  CAST(ingested_at AS TIMESTAMP_LTZ(3)) AS ingested_at
FROM silver.security_master
WHERE vendor = 'polygon'
UNION ALL
SELECT
  CAST('all' AS STRING) AS universe, CAST('session' AS STRING) AS kind,
  CAST(NULL AS STRING) AS index_id, CAST(NULL AS STRING) AS constituent,
  CAST(NULL AS DATE) AS effective_from, CAST(NULL AS INT) AS version,
  CAST(NULL AS STRING) AS symbol, CAST(NULL AS BIGINT) AS cik,
  CAST(NULL AS DATE) AS effective_to, session_date,
  CAST(NULL AS STRING) AS security_id, CAST(NULL AS DATE) AS valid_from,
  CAST(NULL AS STRING) AS ticker,
  CAST(first_known AS TIMESTAMP_LTZ(3)) AS available_at,
  CAST(session_ingested_at AS TIMESTAMP_LTZ(3)) AS ingested_at
FROM universe_sessions;

INSERT INTO gold.universe_daily
SELECT
  index_id, session_date, constituent, available_at, decision_at, security_id, ticker, cik,
  effective_from, membership_version, event_time, ingested_at
FROM universe_rows;
