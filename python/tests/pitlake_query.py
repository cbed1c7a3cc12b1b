"""The expected rows: ``pitlake query --full-precision`` on the same lake, parsed back into typed values.

pitlake prints an aligned table whose dashed rule gives each column's width; doubles print as the
shortest decimal that reads back as the same double, instants as ISO-8601 UTC, so parsing loses
nothing and the comparison can be exact.
"""

import re
import subprocess
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timezone
from pathlib import Path

import pyarrow as pa

ROW_COUNT = re.compile(r"^(\d+) rows?$")
#: silver.bars_daily as of {t}: the highest version per symbol and session known then ({hint}: a tag's).
BARS_SQL = (
    "SELECT * FROM (SELECT b.*, ROW_NUMBER() OVER (PARTITION BY symbol, session_date ORDER BY version DESC) AS rn "
    "FROM silver.bars_daily {hint} AS b WHERE available_at <= {t}) WHERE rn = 1"
)
#: A feature table ({table}) as of {t}: the newest row per symbol and session known then.
TABLE_AS_OF_SQL = (
    "SELECT * FROM (SELECT g.*, ROW_NUMBER() OVER (PARTITION BY symbol, session_date ORDER BY available_at DESC) AS rn "
    "FROM {table} AS g WHERE available_at <= {t}) WHERE rn = 1"
)
#: gold.bar_features_daily as of {t}.
FEATURES_SQL = TABLE_AS_OF_SQL.replace("{table}", "gold.bar_features_daily")
#: gold.features_daily as of {t}.
LIBRARY_SQL = TABLE_AS_OF_SQL.replace("{table}", "gold.features_daily")
#: The documented read of adjusted prices and the instant it is written for.
ADJUSTED_SQL = Path(__file__).resolve().parents[2] / "sql" / "reads" / "bars_daily_adjusted.sql"
ADJUSTED_SQL_T = "TIMESTAMP '2024-06-20 00:00:00'"
#: The feature columns the session's exports as of now carry (conftest's ``qlib_now``), by table:
#: gold.bar_features_daily's, then gold.features_daily's (Alpha158, the technical set, and ret_21d,
#: a name both tables have).
BAR_FEATURE_FIELDS = ("ret_1d", "vol_21d")
LIBRARY_FIELDS = ("roc5", "corr20", "rsi_14", "ret_21d")
#: The same as ``--fields`` names them: a name both tables have is written with its table.
EXPORT_FIELDS = (*BAR_FEATURE_FIELDS, "roc5", "corr20", "rsi_14", "features_daily.ret_21d")


#: pitlake runs at a time in ``concurrently``: a run's JVM start, class loading and Flink planning keep
#: about one core busy, so two runs overlap on the CI's two cores.
PARALLEL_RUNS = 2


def concurrently(*calls):
    """The results of ``calls`` (each a pitlake run), in order, at most ``PARALLEL_RUNS`` at a time."""
    with ThreadPoolExecutor(PARALLEL_RUNS) as pool:
        return [future.result() for future in [pool.submit(call) for call in calls]]


def literal(t: datetime) -> str:
    """A Flink SQL TIMESTAMP literal of an instant; pitlake's SQL session runs in UTC."""
    return "TIMESTAMP '" + t.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f") + "'"


class PitlakeCli:
    """pitlake's CLI as the engine tests start it (``PITLAKE_COMMAND``), on one warehouse.

    It runs in ``workdir``, where anything pitlake writes beside its output (logs) stays out of the
    source tree.
    """

    def __init__(self, command: list[str], warehouse: str, workdir: str):
        self.command = command
        self.warehouse = warehouse
        self.workdir = workdir

    def query(self, sql: str, schema: pa.Schema) -> list[dict]:
        """The rows of ``sql``, each a dict of the columns, typed as ``schema`` types them."""
        return parse(self.run("query", sql, "--full-precision", "--max-rows", "1000000"), schema)

    def run(self, *args: str) -> str:
        """Runs ``pitlake ARGS --warehouse W``, requires success and returns its standard output."""
        done = subprocess.run(
            [*self.command, *args, "--warehouse", self.warehouse],
            cwd=self.workdir,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, f"pitlake {args[0]} failed ({done.returncode}):\n{done.stderr}\n{args}"
        return done.stdout


def parse(output: str, schema: pa.Schema) -> list[dict]:
    lines = output.splitlines()
    rule_at = next(i for i, line in enumerate(lines) if line and set(line) <= {"-", " "})
    spans = [(m.start(), m.end()) for m in re.finditer(r"-+", lines[rule_at])]
    header = [lines[rule_at - 1][a:b].strip() for a, b in spans]
    rows = []
    for line in lines[rule_at + 1 :]:
        count = ROW_COUNT.match(line)
        if count:
            assert int(count.group(1)) == len(rows), f"pitlake said {line!r} after {len(rows)} rows"
            return rows
        cells = [line[a:b].strip() if i < len(spans) - 1 else line[a:].strip() for i, (a, b) in enumerate(spans)]
        rows.append({name: typed(cell, schema.field(name).type) for name, cell in zip(header, cells) if name in schema.names})
    raise AssertionError(f"no row count line in pitlake's output:\n{output}")


def typed(cell: str, kind: pa.DataType):
    if cell == "NULL":
        return None
    if pa.types.is_floating(kind):
        return float(cell)
    if pa.types.is_integer(kind):
        return int(cell)
    if pa.types.is_date(kind):
        return date.fromisoformat(cell)
    if pa.types.is_timestamp(kind):
        return datetime.fromisoformat(cell)
    return cell
