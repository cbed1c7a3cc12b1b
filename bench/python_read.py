"""Times point-in-time reads through the pitlake package, and the same reads through Trino; run by
bench/python-read.sh.

Arguments: catalog URI, one symbol, a year, a session date, runs, and optionally Trino's URL. Prints, per
read, the median and range of the wall times over the runs (the first, cold, run is reported apart), the
rows returned, the data files and bytes Iceberg's pruning left to open, and the bytes the process read
from files per run (Linux's rchar: PyArrow reads only the selected columns and the row groups whose
statistics match, so this is what a read really costs; the catalog's answers come over a socket and are
not in it). Through Trino, the same read is the table's documented as-of SQL (the newest version or row
per symbol and session known at T) with the same filters, over Trino's HTTP protocol; its bytes are the
query's physical input as Trino reports it (``physicalInputBytes`` of the final statement stats, what
``EXPLAIN ANALYZE`` prints as "Physical input").
"""

import json
import statistics
import sys
import time
import urllib.request

import pitlake

AS_OF = "2030-01-01T00:00:00Z"
#: README's as-of SQL per table, in Trino's dialect: {where} holds the read's filters.
AS_OF_SQL = {
    "silver.bars_daily": "SELECT * FROM (SELECT b.*, row_number() OVER (PARTITION BY symbol, session_date "
    "ORDER BY version DESC) AS rn FROM lake.silver.bars_daily AS b WHERE available_at <= {t} AND {where}) WHERE rn = 1",
    "gold.bar_features_daily": "SELECT * FROM (SELECT g.*, row_number() OVER (PARTITION BY symbol, session_date "
    "ORDER BY available_at DESC) AS rn FROM lake.gold.bar_features_daily AS g WHERE available_at <= {t} AND {where}) "
    "WHERE rn = 1",
}
TRINO_T = "TIMESTAMP '2030-01-01 00:00:00 UTC'"


def bytes_read() -> int:
    """Bytes this process has read with read()/pread() so far (Linux /proc/self/io)."""
    with open("/proc/self/io") as io:
        return next(int(line.split()[1]) for line in io if line.startswith("rchar:"))


def trino(url: str, sql: str) -> tuple[int, int]:
    """Runs ``sql`` through Trino's HTTP protocol to its end: the rows returned and the physical input."""
    request = urllib.request.Request(
        url.rstrip("/") + "/v1/statement", data=sql.encode(), headers={"X-Trino-User": "bench"}, method="POST"
    )
    rows = 0
    while True:
        with urllib.request.urlopen(request) as response:
            results = json.load(response)
        if "error" in results:
            raise RuntimeError(f"Trino: {results['error'].get('message')}\n{sql}")
        rows += len(results.get("data", []))
        if "nextUri" not in results:
            return rows, int(results["stats"].get("physicalInputBytes", 0))
        request = urllib.request.Request(results["nextUri"], headers={"X-Trino-User": "bench"})


def timed(read, runs: int) -> tuple[list[float], object]:
    """Wall times of ``runs + 1`` calls of ``read`` (the first cold) and the last call's result."""
    times, result = [], None
    for _ in range(runs + 1):
        start = time.perf_counter()
        result = read()
        times.append(time.perf_counter() - start)
    return times, result


def summary(times: list[float]) -> str:
    warm = times[1:]
    return f"cold {times[0]:.2f} s, warm median {statistics.median(warm):.2f} s ({min(warm):.2f}-{max(warm):.2f})"


def main(uri: str, symbol: str, year: str, session: str, runs: int, trino_url: str | None) -> None:
    lake = pitlake.connect(uri)
    first, last = f"{year}-01-01", f"{year}-12-31"
    reads = {
        f"bars {symbol} {year}": (pitlake.BARS, dict(symbols=symbol, start=first, end=last)),
        f"features {symbol} {year}": (pitlake.FEATURES, dict(symbols=symbol, start=first, end=last)),
        f"bars all symbols {session}": (pitlake.BARS, dict(start=session, end=session)),
        f"features all symbols {session}": (pitlake.FEATURES, dict(start=session, end=session)),
    }
    for spec in (pitlake.BARS, pitlake.FEATURES):
        whole = lake.plan(spec, as_of=AS_OF)
        print(f"{spec.name}: {whole.files} data files, {whole.bytes / 1e6:.1f} MB in the snapshot")
    for name, (spec, args) in reads.items():
        read = lake.bars if spec is pitlake.BARS else lake.features
        plan = lake.plan(spec, **args, as_of=AS_OF)
        before = bytes_read()
        times, frame = timed(lambda: read(**args, as_of=AS_OF, output="arrow"), runs)
        read_bytes = (bytes_read() - before) / (runs + 1)
        print(
            f"python {name}: {frame.num_rows} rows, {summary(times)}, {plan.files} files / "
            f"{plan.bytes / 1e6:.2f} MB planned, {read_bytes / 1e6:.2f} MB read"
        )
        if trino_url:
            where = f"session_date BETWEEN DATE '{args['start']}' AND DATE '{args['end']}'"
            if "symbols" in args:
                where += f" AND symbol = '{args['symbols']}'"
            sql = AS_OF_SQL[spec.name].format(t=TRINO_T, where=where)
            times, (rows, physical) = timed(lambda: trino(trino_url, sql), runs)
            print(f"trino  {name}: {rows} rows, {summary(times)}, {physical / 1e6:.2f} MB physical input")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), sys.argv[6] if len(sys.argv) > 6 else None)
