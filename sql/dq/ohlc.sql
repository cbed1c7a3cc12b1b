-- Gate ohlc: daily bars of the audited symbol-days (view audited_days) whose prices break the OHLC
-- invariants: low <= open, close <= high; low > 0; volume >= 0. Silver's bar_price_rule quarantines
-- such bars on the way in, so a finding here means a path around that rule (a new vendor, a SQL
-- change): the gate checks what readers would get, not what the rule meant.
SELECT
  symbol,
  session_date,
  CONCAT(
    'version ', CAST(version AS STRING), ': open ', CAST(`open` AS STRING), ' high ',
    CAST(high AS STRING), ' low ', CAST(low AS STRING), ' close ', CAST(`close` AS STRING),
    ' volume ', CAST(volume AS STRING)) AS detail
FROM silver.bars_daily AS b
WHERE EXISTS (
    SELECT 1 FROM audited_days AS a WHERE a.symbol = b.symbol AND a.session_date = b.session_date)
  AND (low > `open` OR low > `close` OR high < `open` OR high < `close` OR low <= 0
    OR volume < 0)
