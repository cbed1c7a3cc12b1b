"""Results in the caller's library, and exports to files.

Reads produce an Arrow table; pandas and Polars are optional extras, so each is imported only when a
caller asks for it, and a missing one is named with the command that installs it.
"""

from importlib import import_module
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

OUTPUTS = ("pandas", "polars", "arrow")


def convert(rows: pa.Table, output: str) -> Any:
    """``rows`` as a pandas DataFrame, a Polars DataFrame or the Arrow table itself."""
    if output == "arrow":
        return rows
    if output == "pandas":
        _require("pandas")
        return rows.to_pandas()
    if output == "polars":
        return _require("polars").from_arrow(rows)
    raise ValueError(f"output={output!r}: choose one of {', '.join(OUTPUTS)}")


def to_arrow(frame: Any) -> pa.Table:
    """An Arrow table from what a read returned (pandas, Polars or Arrow)."""
    if isinstance(frame, pa.Table):
        return frame
    if hasattr(frame, "to_arrow"):
        return frame.to_arrow()
    return pa.Table.from_pandas(frame, preserve_index=False)


def to_csv(frame: Any, path: str | Path) -> Path:
    """Writes a read's rows as CSV with a header; instants in ISO-8601 UTC."""
    path = Path(path)
    pa_csv.write_csv(to_arrow(frame), path)
    return path


def to_parquet(frame: Any, path: str | Path) -> Path:
    """Writes a read's rows as one Parquet file (zstd), readable by pandas and Polars without options."""
    path = Path(path)
    pq.write_table(to_arrow(frame), path, compression="zstd")
    return path


def _require(module: str) -> Any:
    try:
        return import_module(module)
    except ImportError as e:
        raise ImportError(
            f"output={module!r} needs {module}: pip install 'pitlake[{module}]' (or pass output='arrow')"
        ) from e
