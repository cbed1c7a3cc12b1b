-- The coverage report's data-quality findings open at T. gold.price_dq: every finding known by T
-- but explanations, and of the unexplained jumps those no jump_explained row known by T explains
-- (TABLES.md, "gold.price_dq"). gold.fundamentals_dq: every finding known by T (a finding is
-- never withdrawn). Findings are rare by design (both tables are unpartitioned), so the report
-- reads them all. Replace T (TIMESTAMP '2024-06-20 00:00:00', every occurrence).
SELECT
  'gold.price_dq' AS table_name,
  j.check_name,
  j.symbol AS subject,
  CAST(j.session_date AS STRING) AS `about`,
  j.detail,
  j.available_at
FROM gold.price_dq AS j
LEFT JOIN (
  SELECT symbol, session_date FROM gold.price_dq
  WHERE check_name = 'jump_explained' AND available_at <= TIMESTAMP '2024-06-20 00:00:00'
) AS e
  ON j.check_name = 'unexplained_jump' AND e.symbol = j.symbol
    AND e.session_date = j.session_date
WHERE j.check_name <> 'jump_explained' AND j.available_at <= TIMESTAMP '2024-06-20 00:00:00'
  AND e.symbol IS NULL
UNION ALL
SELECT
  'gold.fundamentals_dq' AS table_name,
  check_name,
  vendor || ' CIK ' || CAST(cik AS STRING) AS subject,
  subject AS `about`,
  detail,
  available_at
FROM gold.fundamentals_dq
WHERE available_at <= TIMESTAMP '2024-06-20 00:00:00'
