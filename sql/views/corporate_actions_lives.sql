-- corporate_actions_lives: every version of silver.corporate_actions with the instant it stopped being
-- the newest.
--
-- silver.corporate_actions is insert-only, so it cannot carry superseded_at (a version learns it was
-- superseded only when the next one arrives). The files that pair actions with bars (adjustment
-- factors, price checks) read this view; SqlRunner creates it in a job the first time a file names it.
-- superseded_at = the available_at of the action's next version (NULL while a version is the newest).

CREATE TEMPORARY VIEW corporate_actions_lives AS
SELECT v.*, nxt.superseded_at
FROM silver.corporate_actions AS v
LEFT JOIN (
  SELECT a.vendor, a.action_id, a.version, MIN(b.available_at) AS superseded_at
  FROM silver.corporate_actions AS a
  JOIN (
    SELECT vendor, action_id, version, available_at FROM silver.corporate_actions WHERE version > 1
  ) AS b
    ON a.vendor = b.vendor AND a.action_id = b.action_id AND b.version > a.version
  GROUP BY a.vendor, a.action_id, a.version
) AS nxt
  ON v.vendor = nxt.vendor AND v.action_id = nxt.action_id AND v.version = nxt.version;
