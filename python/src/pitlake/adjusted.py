"""Adjusted bars as known at T, joined at read as ``sql/reads/bars_daily_adjusted.sql`` joins them.

pitlake stores no adjusted prices (a later action would rewrite every earlier session); it stores each
symbol's whole set of cumulative factors at every instant the set changed (gold.adjustment_factors). A
session's factors as of T are those of the row of its symbol's newest set known at T whose sessions
``[session_from, ex_date)`` hold it, else 1. A set's rows tile the sessions before its last ex date, so
that row is the one with the smallest ``ex_date`` after the session: a sorted search per symbol.
"""

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

#: The columns of the documented read, in its order.
COLUMNS = (
    "symbol",
    "session_date",
    "bar_version",
    "open",
    "high",
    "low",
    "close",
    "volume",
    "split_factor",
    "total_factor",
    "split_adj_open",
    "split_adj_high",
    "split_adj_low",
    "split_adj_close",
    "split_adj_volume",
    "total_adj_open",
    "total_adj_high",
    "total_adj_low",
    "total_adj_close",
    "bar_available_at",
    "factors_at",
)


def adjust(bars: pa.Table, factors: pa.Table) -> pa.Table:
    """``bars`` (silver's newest version per session known at T) under ``factors`` (the factor rows of
    the same symbols known at T), one row per bar, sorted by symbol and session."""
    bars = bars.sort_by([("symbol", "ascending"), ("session_date", "ascending")])
    sets = _newest_sets(factors)
    n = bars.num_rows
    split = np.ones(n)
    total = np.ones(n)
    factors_at = [None] * n
    symbols = bars.column("symbol").to_pylist()
    sessions = bars.column("session_date").cast(pa.int32()).to_numpy()
    start = 0
    while start < n:
        symbol = symbols[start]
        end = start
        while end < n and symbols[end] == symbol:
            end += 1
        found = sets.get(symbol)
        if found is not None:
            at, ex_dates, splits, totals = found
            index = np.searchsorted(ex_dates, sessions[start:end], side="right")
            covered = index < len(ex_dates)
            split[start:end][covered] = splits[index[covered]]
            total[start:end][covered] = totals[index[covered]]
            factors_at[start:end] = [at] * (end - start)
        start = end
    split_factor = pa.array(split)
    total_factor = pa.array(total)
    columns = {
        "symbol": bars.column("symbol"),
        "session_date": bars.column("session_date"),
        "bar_version": bars.column("version"),
        **{name: bars.column(name) for name in ("open", "high", "low", "close", "volume")},
        "split_factor": split_factor,
        "total_factor": total_factor,
        **{f"split_adj_{p}": pc.multiply(bars.column(p), split_factor) for p in ("open", "high", "low", "close")},
        "split_adj_volume": pc.divide(bars.column("volume"), split_factor),
        **{f"total_adj_{p}": pc.multiply(bars.column(p), total_factor) for p in ("open", "high", "low", "close")},
        "bar_available_at": bars.column("available_at"),
        "factors_at": pa.array(factors_at, type=factors.schema.field("available_at").type),
    }
    return pa.table(columns)


def _newest_sets(factors: pa.Table) -> dict:
    """Per symbol, its newest set's instant and its rows with an ex date, sorted by ex date."""
    sets: dict = {}
    if factors.num_rows == 0:
        return sets
    newest = factors.group_by("symbol").aggregate([("available_at", "max")])
    latest = dict(zip(newest.column("symbol").to_pylist(), newest.column("available_at_max").to_pylist()))
    rows = factors.filter(pc.is_valid(factors.column("ex_date"))).sort_by(
        [("symbol", "ascending"), ("ex_date", "ascending")]
    )
    for symbol, at in latest.items():
        mine = rows.filter(
            pc.and_(pc.equal(rows.column("symbol"), symbol), pc.equal(rows.column("available_at"), at))
        )
        sets[symbol] = (
            at,
            mine.column("ex_date").cast(pa.int32()).to_numpy(),
            mine.column("split_factor").to_numpy(),
            mine.column("total_factor").to_numpy(),
        )
    return sets
