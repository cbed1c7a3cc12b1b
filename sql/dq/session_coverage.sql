-- Gate session_coverage: per symbol, each run of NYSE sessions without a bar in silver.bars_daily
-- that the audited build is answerable for: a run inside the symbol's history that ends just before
-- a day the build adds (view audited_days: symbol-days with a bar version main does not hold), or
-- the run after the symbol's last bar up to the lake's newest session, when the build added that
-- session (to another symbol) and days to this symbol: the build brought a session this symbol
-- lacks. A symbol the build did not fetch, or one behind sessions it did not add (pitlake live's),
-- is not judged for stopping. The runs are the coverage report's gaps (sql/report/gaps.sql, view
-- report_gaps), so the gate and the report never disagree. One finding per run, dated by its first
-- missing session. A bar the silver rules quarantined is missing here too: the session has no bar
-- a reader can use.
SELECT
  g.symbol,
  g.first_missing AS session_date,
  CONCAT(
    CAST(g.sessions AS STRING), ' NYSE session(s) without a bar, ',
    CAST(g.first_missing AS STRING), ' to ', CAST(g.last_missing AS STRING)) AS detail
FROM report_gaps AS g
WHERE (
    NOT g.after_last
    AND EXISTS (
      SELECT 1 FROM audited_days AS a
      WHERE a.symbol = g.symbol
        AND a.session_date = nyse_session_date(nyse_session_index(g.last_missing) + 1)))
  OR (
    g.after_last
    AND EXISTS (SELECT 1 FROM audited_days AS a WHERE a.symbol = g.symbol)
    AND EXISTS (SELECT 1 FROM audited_days AS a WHERE a.session_date = g.last_missing))
