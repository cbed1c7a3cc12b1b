"""pitlake's read side: the lake's tables as a strategy saw them at a decision instant T.

    import pitlake
    lake = pitlake.connect("http://127.0.0.1:8181/", token=open("reader-secret").read().strip())
    bars = lake.bars(["AAPL", "MSFT"], "2024-01-01", "2024-06-28", as_of="2024-06-29T00:15:00Z")
    pitlake.to_parquet(bars, "bars.parquet")
"""

from pitlake.frames import to_csv, to_parquet
from pitlake.lake import Lake, ScanPlan, connect
from pitlake.snapshots import UnknownTagError, UnreadableTableError
from pitlake.tables import BARS, FACTORS, FEATURES, FUNDAMENTALS, PANEL, UNIVERSE, TableSpec

__all__ = [
    "BARS",
    "FACTORS",
    "FEATURES",
    "FUNDAMENTALS",
    "PANEL",
    "Lake",
    "ScanPlan",
    "UNIVERSE",
    "TableSpec",
    "UnknownTagError",
    "UnreadableTableError",
    "connect",
    "to_csv",
    "to_parquet",
]
