-- Gate stale_close: a symbol whose close did not change for ${stale.sessions} consecutive NYSE
-- sessions (dq.stale.sessions), ending on an audited symbol-day (view audited_days): a vendor
-- repeating its last price for a halted or dead feed. Each session's newest bar version counts.
WITH newest AS (
  SELECT symbol, session_date, session_index, `close`
  FROM (
    SELECT symbol, session_date, session_index, `close`,
      ROW_NUMBER() OVER (PARTITION BY symbol, session_date ORDER BY version DESC) AS rn
    FROM silver.bars_daily
  )
  WHERE rn = 1
)
SELECT
  b.symbol,
  b.session_date,
  CONCAT(
    'close ', CAST(MIN(b.`close`) AS STRING), ' unchanged for ${stale.sessions} sessions') AS detail
FROM newest AS b
JOIN audited_days AS a ON a.symbol = b.symbol AND a.session_date = b.session_date
JOIN newest AS p
  ON p.symbol = b.symbol
  AND p.session_index BETWEEN b.session_index - ${stale.sessions} + 1 AND b.session_index
GROUP BY b.symbol, b.session_date
HAVING COUNT(DISTINCT p.session_index) = ${stale.sessions}
  AND MIN(p.`close`) = MAX(p.`close`)
