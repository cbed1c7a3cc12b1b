-- Gate minute_vs_daily: where a symbol has both a daily bar and minute bars of an audited
-- symbol-day (view audited_days), the minutes of the regular session (09:30-16:00 New
-- York) must make the day: first open, last close, max high, min low and summed volume each within
-- ${minute.tolerance} relative (dq.minute.tolerance) of the daily bar's. The newest version of
-- each bar counts.
WITH days AS (
  SELECT symbol, session_date, `open`, high, low, `close`, volume
  FROM (
    SELECT symbol, session_date, `open`, high, low, `close`, volume,
      ROW_NUMBER() OVER (PARTITION BY symbol, session_date ORDER BY version DESC) AS rn
    FROM silver.bars_daily AS b
    WHERE EXISTS (
      SELECT 1 FROM audited_days AS a WHERE a.symbol = b.symbol AND a.session_date = b.session_date)
  )
  WHERE rn = 1
),
minutes AS (
  SELECT symbol, session_date, event_time, `open`, high, low, `close`, volume
  FROM (
    SELECT symbol, session_date, event_time, `open`, high, low, `close`, volume,
      ROW_NUMBER() OVER (PARTITION BY symbol, event_time ORDER BY version DESC) AS rn
    FROM silver.minute_bars
    WHERE DATE_FORMAT(CONVERT_TZ(CAST(event_time AS STRING), 'UTC', 'America/New_York'), 'HH:mm')
        BETWEEN '09:30' AND '15:59'
  )
  WHERE rn = 1
),
made AS (
  SELECT
    symbol, session_date,
    MAX(CASE WHEN first_rn = 1 THEN `open` END) AS first_open,
    MAX(CASE WHEN last_rn = 1 THEN `close` END) AS last_close,
    MAX(high) AS high, MIN(low) AS low, SUM(volume) AS volume
  FROM (
    SELECT minutes.*,
      ROW_NUMBER() OVER (PARTITION BY symbol, session_date ORDER BY event_time) AS first_rn,
      ROW_NUMBER() OVER (PARTITION BY symbol, session_date ORDER BY event_time DESC) AS last_rn
    FROM minutes
  )
  GROUP BY symbol, session_date
)
SELECT
  d.symbol,
  d.session_date,
  CONCAT(
    'minutes make open ', CAST(m.first_open AS STRING), ' high ', CAST(m.high AS STRING),
    ' low ', CAST(m.low AS STRING), ' close ', CAST(m.last_close AS STRING), ' volume ',
    CAST(m.volume AS STRING), '; the daily bar has ', CAST(d.`open` AS STRING), ' ',
    CAST(d.high AS STRING), ' ', CAST(d.low AS STRING), ' ', CAST(d.`close` AS STRING), ' ',
    CAST(d.volume AS STRING)) AS detail
FROM days AS d
JOIN made AS m ON m.symbol = d.symbol AND m.session_date = d.session_date
WHERE ABS(m.first_open - d.`open`) > ${minute.tolerance} * ABS(d.`open`)
  OR ABS(m.high - d.high) > ${minute.tolerance} * ABS(d.high)
  OR ABS(m.low - d.low) > ${minute.tolerance} * ABS(d.low)
  OR ABS(m.last_close - d.`close`) > ${minute.tolerance} * ABS(d.`close`)
  OR ABS(m.volume - d.volume) > ${minute.tolerance} * ABS(d.volume)
