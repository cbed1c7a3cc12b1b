"""A one-symbol year plans a small bounded number of bytes, not the table, on a 500-symbol lake.

PythonITCase's second, wide lake holds what ``pitlake backfill`` builds for 500 simulated symbols
(B0001..B0500) over one year: ``silver.bars_daily`` and ``gold.bar_features_daily``, partitioned by
year. Their layout (``Layout.CLUSTERED``; docs/performance.md, "Layout: files clustered by symbol")
sorts each commit by symbol into files of a target size (256 KiB) made of row groups (64 KiB before
compression), so one symbol's year lies in one file or straddles two, while the year's table is some
25 files. The read's filters reach PyIceberg's scan (symbol, session range, ``available_at``), and
``Lake.plan`` reports the data files left after pruning. If the filters stopped reaching the scan, or
the tables lost their sort order, their small files or their partitioning, the one-symbol plan would
be (nearly) the table, and one side of the bound fails.
"""

import pytest

import pitlake

#: How many times the bound a scan of the whole table must exceed it, so the bound tells a pruned read
#: from a scan of the table (the year's silver is about 6.5 MB, its gold about 7.4 MB).
FULL_SCAN_TIMES = 8


def bound(lake: pitlake.Lake, spec: pitlake.TableSpec) -> int:
    """Two files of the table's layout: a symbol's year sorted by symbol straddles at most one file
    boundary, and a file closes at the first row group that takes it past the target size, so a file
    holds at most the target plus one row group (whose limit counts bytes before compression)."""
    properties = lake.catalog.load_table(spec.name).properties
    file_bytes = int(properties["write.target-file-size-bytes"])
    row_group_bytes = int(properties["write.parquet.row-group-size-bytes"])
    return 2 * (file_bytes + row_group_bytes)


@pytest.fixture(scope="session")
def wide(layout) -> dict:
    """The wide lake's facts: how many symbols, the symbol read, its year and that year's sessions."""
    return layout["wide"]


@pytest.mark.parametrize("spec, read", [(pitlake.BARS, "bars"), (pitlake.FEATURES, "features")])
def test_a_one_symbol_year_plans_a_bounded_number_of_bytes_not_the_table(wide_lake, wide, spec, read):
    symbol, year = wide["symbol"], wide["year"]
    start, end = f"{year}-01-01", f"{year}-12-31"
    limit = bound(wide_lake, spec)
    one = wide_lake.plan(spec, symbol, start, end)
    table = wide_lake.plan(spec)
    print(
        f"{spec.name}, {wide['symbols']} symbols x {year}: {symbol}'s year plans {one.files} files, "
        f"{one.bytes:,} bytes; the table {table.files} files, {table.bytes:,} bytes "
        f"({table.bytes / one.bytes:.0f}x); bound {limit:,}"
    )
    assert table.bytes > FULL_SCAN_TIMES * limit, "the premise: a scan of the table exceeds the bound many times"
    assert 0 < one.bytes <= limit, f"{symbol}'s year plans {one.files} of the table's {table.files} files"

    rows = getattr(wide_lake, read)(symbol, start, end, output="arrow")
    assert set(rows.column("symbol").to_pylist()) == {symbol}
    sessions = rows.column("session_date").to_pylist()
    assert len(sessions) == len(set(sessions)) == wide["sessions"]
    assert {d.year for d in sessions} == {year}
