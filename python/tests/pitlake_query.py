"""The expected rows: ``pitlake query --full-precision`` on the same lake, parsed back into typed values.

pitlake prints an aligned table whose dashed rule gives each column's width; doubles print as the
shortest decimal that reads back as the same double, instants as ISO-8601 UTC, so parsing loses
nothing and the comparison can be exact.
"""

import re
import subprocess
from datetime import date, datetime

import pyarrow as pa

ROW_COUNT = re.compile(r"^(\d+) rows?$")


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
        done = subprocess.run(
            [*self.command, "query", sql, "--full-precision", "--max-rows", "1000000", "--warehouse", self.warehouse],
            cwd=self.workdir,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, f"pitlake query failed ({done.returncode}):\n{done.stderr}\n{sql}"
        return parse(done.stdout, schema)


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
