"""Times point-in-time reads through the pitlake package; run by bench/python-read.sh.

Arguments: catalog URI, one symbol, a year, a session date, runs. Prints, per read, the median and
range of the wall times over the runs (the first, cold, run is reported apart), the rows returned, the
data files and bytes Iceberg's pruning left to open, and the bytes the process read from files per run
(Linux's rchar: PyArrow reads only the selected columns and the row groups whose statistics match, so
this is what a read really costs; the catalog's answers come over a socket and are not in it).
"""

import statistics
import sys
import time

import pitlake


def bytes_read() -> int:
    """Bytes this process has read with read()/pread() so far (Linux /proc/self/io)."""
    with open("/proc/self/io") as io:
        return next(int(line.split()[1]) for line in io if line.startswith("rchar:"))


def main(uri: str, symbol: str, year: str, session: str, runs: int) -> None:
    lake = pitlake.connect(uri)
    as_of = "2030-01-01T00:00:00Z"
    reads = {
        f"bars {symbol} {year}": (pitlake.BARS, dict(symbols=symbol, start=f"{year}-01-01", end=f"{year}-12-31")),
        f"features {symbol} {year}": (
            pitlake.FEATURES,
            dict(symbols=symbol, start=f"{year}-01-01", end=f"{year}-12-31"),
        ),
        f"bars all symbols {session}": (pitlake.BARS, dict(start=session, end=session)),
        f"features all symbols {session}": (pitlake.FEATURES, dict(start=session, end=session)),
    }
    for spec in (pitlake.BARS, pitlake.FEATURES):
        whole = lake.plan(spec, as_of=as_of)
        print(f"{spec.name}: {whole.files} data files, {whole.bytes / 1e6:.1f} MB in the snapshot")
    for name, (spec, args) in reads.items():
        read = lake.bars if spec is pitlake.BARS else lake.features
        plan = lake.plan(spec, **args, as_of=as_of)
        times = []
        for _ in range(runs + 1):
            start, before = time.perf_counter(), bytes_read()
            frame = read(**args, as_of=as_of, output="arrow")
            times.append(time.perf_counter() - start)
            read_bytes = bytes_read() - before
        warm = times[1:]
        print(
            f"{name}: {frame.num_rows} rows, cold {times[0]:.2f} s, warm median {statistics.median(warm):.2f} s "
            f"({min(warm):.2f}-{max(warm):.2f}), {plan.files} files / {plan.bytes / 1e6:.2f} MB planned, "
            f"{read_bytes / 1e6:.2f} MB read"
        )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
