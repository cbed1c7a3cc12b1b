-- bars_daily_lives: every version of silver.bars_daily with the instant it stopped being the newest.
--
-- silver.bars_daily is insert-only, so it cannot carry superseded_at (a version learns it was
-- superseded only when the next one arrives). The SQL files that still pair bar versions by their
-- lives (adjustment, price checks, the panel) read this view instead; SqlRunner creates it in a job
-- the first time a file names it, after the job's own silver rows shadow the table.
-- superseded_at = the available_at of the next valid version (NULL while a version is the newest).
-- Only revisions (version > 1) can supersede, so the join keeps only revisions on that side.

CREATE TEMPORARY VIEW bars_daily_lives AS
SELECT v.*, nxt.superseded_at
FROM silver.bars_daily AS v
LEFT JOIN (
  SELECT a.symbol, a.session_date, a.version, MIN(b.available_at) AS superseded_at
  FROM silver.bars_daily AS a
  JOIN (SELECT symbol, session_date, version, available_at FROM silver.bars_daily WHERE version > 1)
    AS b
    ON a.symbol = b.symbol AND a.session_date = b.session_date AND b.version > a.version
  GROUP BY a.symbol, a.session_date, a.version
) AS nxt
  ON v.symbol = nxt.symbol AND v.session_date = nxt.session_date AND v.version = nxt.version;
