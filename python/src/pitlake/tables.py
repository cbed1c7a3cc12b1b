"""What the reads know of each table: its name, its as-of key and which of its rows is newest.

Every table pitlake reads point in time is insert-only (or will be): a row is never rewritten, a newer
row for the same key is added instead. So one rule reads them all as known at T: keep the rows with
``available_at <= T`` and, per key, the newest. Only the key and the meaning of "newest" differ per
table; TABLES.md gives each table's documented as-of SQL, which these specs restate.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class TableSpec:
    """One table's as-of rule.

    ``keys`` are the columns one row as known at T is unique on, ``newest`` the column whose greatest
    value among the rows known at T wins (``version`` for silver's bars, ``available_at`` for gold; None:
    every row known at T is kept, for a read that combines them itself),
    ``entity`` the column the caller filters by (a symbol or a CIK) and ``session`` the date column a
    ``start``/``end`` range applies to, if the table has one.
    """

    name: str
    keys: tuple[str, ...]
    newest: str | None
    entity: str
    session: str | None


BARS = TableSpec("silver.bars_daily", ("symbol", "session_date"), "version", "symbol", "session_date")
#: Every factor row known at T; the adjusted read picks each symbol's newest set (``adjusted.py``).
FACTORS = TableSpec("gold.adjustment_factors", ("symbol", "available_at", "ex_date"), None, "symbol", None)
FEATURES = TableSpec(
    "gold.bar_features_daily", ("symbol", "session_date"), "available_at", "symbol", "session_date"
)
PANEL = TableSpec("gold.panel_daily", ("symbol", "session_date"), "available_at", "symbol", "session_date")
FUNDAMENTALS = TableSpec("gold.fundamentals_pit", ("vendor", "cik"), "available_at", "cik", None)
#: One row per index, session and constituent, each stated at its session's decision instant.
UNIVERSE = TableSpec(
    "gold.universe_daily", ("index_id", "session_date", "constituent"), "available_at", "index_id", "session_date"
)
