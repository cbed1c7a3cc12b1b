"""The as-of rule on rows already read: per key, the newest row known at T.

The scan has already kept only rows with ``available_at <= T``; what is left is to keep, per key, the
row whose ``newest`` column is greatest, as the documented SQL's ``ROW_NUMBER() OVER (PARTITION BY keys
ORDER BY newest DESC) = 1`` does. Done in Arrow, so the result needs neither pandas nor Polars.
"""

import pyarrow as pa
import pyarrow.compute as pc


def newest_per_key(rows: pa.Table, keys: tuple[str, ...], newest: str) -> pa.Table:
    """One row per ``keys``: the one with the greatest ``newest``, sorted by ``keys``."""
    if rows.num_rows == 0:
        return rows
    ordered = rows.sort_by([(key, "ascending") for key in keys] + [(newest, "descending")])
    last = ordered.num_rows - 1
    changed = None
    for key in keys:
        column = ordered.column(key)
        differs = pc.not_equal(column.slice(1), column.slice(0, last))
        changed = differs if changed is None else pc.or_(changed, differs)
    first = pa.chunked_array([pa.array([True]), *changed.chunks], pa.bool_())
    return ordered.filter(first)
