-- Gate unexplained_jump: an overnight close move gold.price_dq calls unexplained_jump (a likely
-- missing split) on an audited symbol-day (view audited_days), with no jump_explained row of its
-- symbol and session: no vendor's split or reverse split has that ex date. The audit computes
-- gold.price_dq with its own SQL (sql/gold/price_dq.sql) over the audited bars and actions, so
-- the thresholds are that table's (adjustment.*), not a copy.
SELECT j.symbol, j.session_date, j.detail
FROM gold.price_dq AS j
JOIN audited_days AS a ON a.symbol = j.symbol AND a.session_date = j.session_date
LEFT JOIN (
  SELECT DISTINCT symbol, session_date FROM gold.price_dq WHERE check_name = 'jump_explained'
) AS e
  ON e.symbol = j.symbol AND e.session_date = j.session_date
WHERE j.check_name = 'unexplained_jump'
  AND e.symbol IS NULL
