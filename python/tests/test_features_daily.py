"""gold.features_daily against the tools researchers compare it with: TA-Lib's own C library (the
``TA-Lib`` wheel) and pandas' rolling operators as Qlib applies them (FEATURES.md §1, §2).

The symbols are AAPL and MSFT, which have no splits or dividends in the lake: a row's basis (its own
session's raw prices adjusted by the actions with an ex date in its window) is then the raw prices, so
the bars are fed to TA-Lib and pandas unadjusted. AAPL's November and December were revised by a
second backfill, so its newest rows must have been recomputed from version 2 of those bars.

Inputs: each session's newest bar known now (``lake.bars``, which ``test_reads.py`` checks against the
documented as-of SQL) and each session's newest ``gold.features_daily`` row known now, through
``pitlake query --full-precision`` (README's features query). Each symbol has a bar every NYSE session
of 2024, so Qlib's calendar windows and TA-Lib's bar windows are the same rows. Values agree to 1e-7
relative (pandas' and TA-Lib's running sums drift by about that), and a value is NULL exactly where
the tool gives NaN.
"""

import math

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
import talib

from pitlake_query import literal

SYMBOLS = ("AAPL", "MSFT")
DAYS = (5, 10, 20, 30, 60)
#: FEATURES.md §2: TA-Lib's function over the 250 most recent bars ending at t.
TALIB_WINDOW = 250
TECHNICAL = ("rsi_14", "macd", "macd_signal", "macd_hist", "bb_pctb_20", "atr_14", "natr_14")
FAMILIES = ("roc", "ma", "std", "max", "min", "qtlu", "qtld", "rank", "rsv", "cntp", "cntn", "sump", "sumn", "vma", "vstd", "corr")
ALPHA158 = ("kmid", "klen", "kmid2", "ksft", "open0", "high0", "low0") + tuple(f"{f}{d}" for f in FAMILIES for d in DAYS)
REL_TOL = 1e-7
ABS_TOL = 1e-12

FEATURES_SQL = (
    "SELECT symbol, session_date, session_index, {columns} FROM (SELECT f.*, ROW_NUMBER() OVER "
    "(PARTITION BY symbol, session_date ORDER BY available_at DESC) AS newest FROM gold.features_daily AS f "
    "WHERE symbol IN ({symbols}) AND available_at <= {t}) WHERE newest = 1"
)


@pytest.fixture(scope="module")
def features(cli, now) -> dict[str, list[dict]]:
    """The newest gold.features_daily row per session known now, per symbol, in session order."""
    columns = TECHNICAL + ALPHA158
    schema = pa.schema(
        [("symbol", pa.string()), ("session_date", pa.date32()), ("session_index", pa.int32())]
        + [(c, pa.float64()) for c in columns]
    )
    sql = FEATURES_SQL.format(
        columns=", ".join(f"`{c}`" for c in columns),
        symbols=", ".join(f"'{s}'" for s in SYMBOLS),
        t=literal(now),
    )
    found: dict[str, list[dict]] = {}
    for row in cli.query(sql, schema):
        found.setdefault(row["symbol"], []).append(row)
    return {s: sorted(rows, key=lambda r: r["session_date"]) for s, rows in found.items()}


@pytest.fixture(scope="module")
def bars(lake, now) -> dict[str, pd.DataFrame]:
    """Each session's newest bar known now, per symbol, in session order."""
    out = {}
    for symbol in SYMBOLS:
        rows = sorted(lake.bars(symbol, as_of=now, output="arrow").to_pylist(), key=lambda r: r["session_date"])
        frame = pd.DataFrame(
            {k: [float(r[k]) for r in rows] for k in ("open", "high", "low", "close", "volume")},
            index=[r["session_date"] for r in rows],
        )
        out[symbol] = frame
    return out


def technical(bars: pd.DataFrame, rsi_period: int = 14) -> dict[str, np.ndarray]:
    """TA-Lib per session t over the 250 most recent bars ending at t (FEATURES.md §2)."""
    h, l, c = (bars[k].to_numpy() for k in ("high", "low", "close"))
    out = {name: np.full(len(c), np.nan) for name in TECHNICAL}
    for i in range(len(c)):
        w = slice(max(0, i + 1 - TALIB_WINDOW), i + 1)
        out["rsi_14"][i] = talib.RSI(c[w], timeperiod=rsi_period)[-1]
        macd, signal, hist = talib.MACD(c[w], fastperiod=12, slowperiod=26, signalperiod=9)
        out["macd"][i], out["macd_signal"][i], out["macd_hist"][i] = macd[-1], signal[-1], hist[-1]
        upper, _, lower = talib.BBANDS(c[w], timeperiod=20, nbdevup=2.0, nbdevdn=2.0, matype=talib.MA_Type.SMA)
        width = upper[-1] - lower[-1]
        out["bb_pctb_20"][i] = (c[i] - lower[-1]) / width if width > 0 else np.nan
        out["atr_14"][i] = talib.ATR(h[w], l[w], c[w], timeperiod=14)[-1]
        out["natr_14"][i] = talib.NATR(h[w], l[w], c[w], timeperiod=14)[-1]
    return out


def alpha158(bars: pd.DataFrame) -> dict[str, np.ndarray]:
    """Qlib's Alpha158 expressions with pandas' rolling operators as qlib/data/ops.py applies them."""
    o, h, l, c, v = (bars[k].reset_index(drop=True) for k in ("open", "high", "low", "close", "volume"))
    out = {
        "kmid": (c - o) / o,
        "klen": (h - l) / o,
        "kmid2": (c - o) / (h - l + 1e-12),
        "ksft": (2 * c - h - l) / o,
        "open0": o / c,
        "high0": h / c,
        "low0": l / c,
    }
    diff = c - c.shift(1)  # NaN on the first session, as Ref($close, 1) is
    up = pd.Series(np.maximum(diff, 0))  # Greater propagates NaN
    down = pd.Series(np.maximum(-diff, 0))
    log_volume = np.log(v + 1)
    for d in DAYS:
        def roll(x):
            return x.rolling(d, min_periods=1)

        out[f"roc{d}"] = c.shift(d) / c
        out[f"ma{d}"] = roll(c).mean() / c
        out[f"std{d}"] = roll(c).std() / c
        out[f"max{d}"] = roll(h).max() / c
        out[f"min{d}"] = roll(l).min() / c
        out[f"qtlu{d}"] = roll(c).quantile(0.8) / c
        out[f"qtld{d}"] = roll(c).quantile(0.2) / c
        out[f"rank{d}"] = roll(c).rank(pct=True)
        out[f"rsv{d}"] = (c - roll(l).min()) / (roll(h).max() - roll(l).min() + 1e-12)
        out[f"cntp{d}"] = roll((c > c.shift(1)).astype(float)).mean()
        out[f"cntn{d}"] = roll((c < c.shift(1)).astype(float)).mean()
        moved = roll(diff.abs()).sum() + 1e-12
        out[f"sump{d}"] = roll(up).sum() / moved
        out[f"sumn{d}"] = roll(down).sum() / moved
        out[f"vma{d}"] = roll(v).mean() / (v + 1e-12)
        out[f"vstd{d}"] = roll(v).std() / (v + 1e-12)
        corr = roll(c).corr(log_volume)
        corr[np.isclose(roll(c).std(), 0, atol=2e-05) | np.isclose(roll(log_volume).std(), 0, atol=2e-05)] = np.nan
        out[f"corr{d}"] = corr
    return {name: np.asarray(series, dtype=float) for name, series in out.items()}


def mismatches(rows: list[dict], expected: dict[str, np.ndarray], spread: dict[str, list[float]]) -> list[str]:
    """Each (session, column) whose value is not the tool's: NULL ↔ NaN, else 1e-7 relative.

    ``spread`` collects per column the largest relative difference seen."""
    found = []
    for column, want in expected.items():
        worst = spread.setdefault(column, [0.0, 0.0])
        for row, b in zip(rows, want):
            a = row[column]
            if a is None or math.isnan(b):
                if not (a is None and math.isnan(b)):
                    found.append(f"{row['symbol']} {row['session_date']} {column}: pitlake {a}, tool {b}")
                continue
            error = abs(a - b)
            worst[0] = max(worst[0], error / max(abs(a), abs(b)) if error else 0.0)
            worst[1] = max(worst[1], error)
            if not math.isclose(a, b, rel_tol=REL_TOL, abs_tol=ABS_TOL):
                found.append(f"{row['symbol']} {row['session_date']} {column}: pitlake {a!r}, tool {b!r}")
    return found


@pytest.fixture(scope="module")
def aligned(features, bars) -> dict[str, tuple[list[dict], pd.DataFrame]]:
    """Per symbol its rows and bars, session for session; the premise: a bar every NYSE session."""
    out = {}
    for symbol in SYMBOLS:
        rows, frame = features[symbol], bars[symbol]
        assert [r["session_date"] for r in rows] == list(frame.index), symbol
        assert len(rows) == 252, f"{symbol}: every NYSE session of 2024"
        indexes = [r["session_index"] for r in rows]
        assert indexes == list(range(indexes[0], indexes[0] + len(rows))), f"{symbol}: no session without a bar"
        out[symbol] = (rows, frame)
    return out


def report(spread: dict[str, list[float]], families: dict[str, list[str]]) -> None:
    for family, columns in families.items():
        rel = max(spread[c][0] for c in columns)
        absolute = max(spread[c][1] for c in columns)
        print(f"{family:12s} largest relative difference {rel:.3e} (absolute {absolute:.3e}) over {len(columns)} columns")


@pytest.mark.parametrize("symbol", SYMBOLS)
def test_technical_columns_are_talib(aligned, symbol):
    rows, frame = aligned[symbol]
    spread: dict[str, list[float]] = {}
    wrong = mismatches(rows, technical(frame), spread)
    print(f"TA-Lib {talib.__version__} ({talib.__ta_version__.decode() if isinstance(talib.__ta_version__, bytes) else talib.__ta_version__}), {symbol}:")
    report(spread, {c: [c] for c in TECHNICAL})
    assert not wrong, f"{len(wrong)} values differ from TA-Lib:\n" + "\n".join(wrong[:40])
    assert sum(r["rsi_14"] is not None for r in rows) == len(rows) - 14, "first RSI at the 15th bar"
    assert sum(r["macd_signal"] is not None for r in rows) == len(rows) - 33, "first MACD at the 34th bar"


@pytest.mark.parametrize("symbol", SYMBOLS)
def test_alpha158_columns_are_pandas_rolling_as_qlib_applies_it(aligned, symbol):
    rows, frame = aligned[symbol]
    spread: dict[str, list[float]] = {}
    wrong = mismatches(rows, alpha158(frame), spread)
    print(f"pandas {pd.__version__}, {symbol}:")
    families = {"kbar/price": ["kmid", "klen", "kmid2", "ksft", "open0", "high0", "low0"]}
    families |= {f: [f"{f}{d}" for d in DAYS] for f in FAMILIES}
    report(spread, families)
    assert not wrong, f"{len(wrong)} values differ from pandas:\n" + "\n".join(wrong[:40])


def test_a_wrong_expectation_is_caught(aligned):
    """The comparison discriminates: RSI over 13 periods, or Std with ddof=0, is not what pitlake holds."""
    rows, frame = aligned["MSFT"]
    assert len(mismatches(rows, {"rsi_14": technical(frame, rsi_period=13)["rsi_14"]}, {})) > 200
    close = frame["close"].reset_index(drop=True)
    population = np.asarray(close.rolling(20, min_periods=1).std(ddof=0) / close, dtype=float)
    assert len(mismatches(rows, {"std20": population}, {})) > 200
