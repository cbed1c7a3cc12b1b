"""gold.features_daily against Qlib itself: pyqlib's own Alpha158 definitions evaluated by ``D.features``
on ``pitlake export qlib``, all 158 columns, every symbol and session of the lake, at three instants.

The expressions are ``Alpha158DL.get_feature_config()``, the fields and names Qlib's ``Alpha158``
handler loads (its default processors change no feature), never a copy of them. Per instant T, Qlib
reads an export ``--as-of T`` and pitlake's side is each (symbol, session)'s newest row with
``available_at <= T`` (one ``pitlake query`` of every row version). The instants:
- now: AAPL's November and December revised, every action known;
- just before AAPL's revising backfill (``layout["revised_at"]``): its version-1 bars;
- 2024-06-12 00:00Z: SPLT's split (ex 06-10) is known, DIVC's June dividend (ex 06-13) is not, so
  DIVC's exported history is on another basis than it is now (the test checks that it is).

Why Qlib's values on the adjusted export equal rows computed in session t's raw basis: the export
multiplies a session s's prices by the product of the factors of every ex date after s known at T, and
divides its volume by it; pitlake's row t multiplies them by the factors of the ex dates in (s, t] only.
For every s <= t the two differ by one constant, the factors of the ex dates after t, and every
Alpha158 column is a ratio of prices to prices or of volumes to volumes over s <= t (a correlation of
closes with log volumes is invariant to scaling the closes), so the constant cancels. What does not
cancel exactly:
- ``Corr($close, Log($volume+1), d)``: ``log(V/k + 1)`` is ``log(V + k) - log(k)``, not ``log(V + 1)``
  shifted, so each log volume moves by about ``|k - 1|/V``: under 1e-6 at the simulator's volumes
  (6e5 and more; k is 4 before SPLT's split), far inside the tolerance;
- Qlib stores float32: each price and volume is rounded by up to 2^-24 (6e-8) relative before Qlib
  computes (in float32 for element-wise operators), and a column that divides by a difference of
  near-equal prices magnifies that by the price over the difference.

Tolerance, per value (pitlake a, Qlib b): NULL exactly where Qlib gives NaN, else
``|a - b| <= max(|a|, |b|, 1) * (1e-5 + 8 * 2^-24 * κ)``: FEATURES.md §0's formula at float32's 1e-5
(relative at magnitudes of 1 or more, absolute below), plus float32's rounding of the inputs times κ, the
column's conditioning, evaluated by Qlib on the same export (tolerance only): ``$high/($high-$low)`` for
the four columns divided by the bar's range (kmid2, kup2, klow2, ksft2: rounding the four prices moves
them by at most about (5 + 2|b|) * 2^-24 * κ), the window's mean close over its mean absolute
close-to-close move for sump, sumn, sumd, cord and wvma (divided by, or correlating, those moves), 1 for
the rest. The test prints per family the values compared, the largest relative difference and the
largest share of the bound used.

Qlib's windows are its calendar's sessions, a session without a bar a NaN row inside them, as
pitlake's are (FEATURES.md §0); Qlib also has a row for such a session, pitlake (a row per session with
a bar) has none: the test requires that Qlib's rows pitlake lacks are exactly sessions with a NaN
``$close``. Warm-up is the same on both sides: a window reaching before a symbol's first session is
partial (``min_periods=1``), since neither has data before it.
"""

import re
from datetime import datetime, timezone

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from pitlake_query import concurrently

REL_TOL = 1e-5
#: float32's unit roundoff: Qlib's stored prices are each within this much, relative, of pitlake's.
FLOAT32 = 2.0**-24
#: Before DIVC's June dividend is known (its ex date, 2024-06-13, 04:00Z), after SPLT's split (ex 06-10).
MID_JUNE = datetime(2024, 6, 12, tzinfo=timezone.utc)
INSTANT = pa.timestamp("us", tz="UTC")
#: The families that divide by the sum of a window's close-to-close moves (or, for cord and wvma,
#: correlate or weigh its returns): their conditioning is the close over its mean move.
MOVE_DIVIDED = ("sump", "sumn", "sumd", "cord", "wvma")
#: Qlib's expressions of the conditioning (tolerance only, not compared): the bar's high over its range,
#: and per window the mean close over the mean absolute close-to-close move.
RANGE_CONDITION = "$high/($high-$low)"
MOVE_CONDITION = "Mean($close, {d})/Mean(Abs($close-Ref($close, 1)), {d})"


def alpha158() -> tuple[list[str], list[str]]:
    """Qlib's Alpha158 fields and pitlake's names for them (Qlib's, lower-cased)."""
    from qlib.contrib.data.loader import Alpha158DL

    fields, names = Alpha158DL.get_feature_config()
    return list(fields), [name.lower() for name in names]


def family(column: str) -> str:
    """A column's Alpha158 family: the rolling operator, or kbar/price for the window-less ones."""
    if column in ("open0", "high0", "low0", "vwap0"):
        return "price"
    return "kbar" if column.startswith("k") else re.sub(r"\d+$", "", column)


def versions(cli) -> pd.DataFrame:
    """Every gold.features_daily row of the lake: each (symbol, session, instant) with its 158 columns."""
    _, columns = alpha158()
    schema = pa.schema(
        [("symbol", pa.string()), ("session_date", pa.date32()), ("available_at", INSTANT)]
        + [(c, pa.float64()) for c in columns]
    )
    sql = "SELECT symbol, session_date, available_at, " + ", ".join(f"`{c}`" for c in columns)
    frame = pd.DataFrame(cli.query(sql + " FROM gold.features_daily", schema))
    return frame.astype({c: float for c in columns})


def known_at(versions: pd.DataFrame, t: datetime) -> pd.DataFrame:
    """Per (symbol, session) the row with the newest ``available_at`` at or before t."""
    known = versions[versions["available_at"] <= t].sort_values("available_at")
    return known.groupby(["symbol", "session_date"]).last().drop(columns="available_at")


def qlib_alpha158(out) -> pd.DataFrame:
    """An export of ``pitlake export qlib`` loaded by pyqlib: Alpha158 by ``D.features``, then ``$close``,
    ``$factor`` and the conditioning ``κ:<column>`` of each column (1 where none applies); indexed by
    (symbol, session)."""
    import qlib
    from qlib.data import D

    qlib.init(provider_uri=str(out), region="us")
    fields, names = alpha158()
    windows = sorted({int(re.sub(r"^\D+", "", n)) for n in names if family(n) in MOVE_DIVIDED})
    extra = ["$close", "$factor", RANGE_CONDITION] + [MOVE_CONDITION.format(d=d) for d in windows]
    calendar = D.calendar(freq="day")
    frame = D.features(D.instruments("all"), fields + extra, start_time=calendar[0], end_time=calendar[-1])
    frame.index = pd.MultiIndex.from_tuples(
        [(symbol, stamp.date()) for symbol, stamp in frame.index], names=["symbol", "session_date"]
    )
    frame = frame.astype(float)
    values = frame[fields].set_axis(names, axis=1)
    conditions = {}
    for field, name in zip(fields, names):
        if "($high-$low+1e-12)" in field:
            conditions[f"κ:{name}"] = frame[RANGE_CONDITION].abs()
        elif family(name) in MOVE_DIVIDED:
            conditions[f"κ:{name}"] = frame[MOVE_CONDITION.format(d=re.sub(r"^\D+", "", name))].abs()
        else:
            conditions[f"κ:{name}"] = pd.Series(1.0, index=frame.index)
    return pd.concat([values, pd.DataFrame(conditions), frame[["$close", "$factor"]]], axis=1)


def differences(lake: pd.DataFrame, tool: pd.DataFrame) -> pd.DataFrame:
    """Per (key, column) cell where pitlake and Qlib disagree: NULL where the other is not, or
    ``|a - b| > max(|a|, |b|, 1) * (1e-5 + 8 * 2^-24 * κ)``."""
    a = lake.to_numpy()
    b = tool.loc[lake.index, lake.columns].to_numpy()
    kappa = tool.loc[lake.index, [f"κ:{c}" for c in lake.columns]].to_numpy()
    null_a, null_b = np.isnan(a), np.isnan(b)
    with np.errstate(invalid="ignore"):
        bound = np.maximum(np.maximum(np.abs(a), np.abs(b)), 1.0) * (REL_TOL + 8 * FLOAT32 * np.nan_to_num(kappa, nan=1.0))
        off = np.abs(a - b) > bound
    wrong = (null_a != null_b) | (~null_a & ~null_b & off)
    rows, cols = np.nonzero(wrong)
    return pd.DataFrame(
        {
            "key": [lake.index[i] for i in rows],
            "column": [lake.columns[j] for j in cols],
            "pitlake": a[rows, cols],
            "qlib": b[rows, cols],
            "bound": bound[rows, cols],
        }
    )


def spread(lake: pd.DataFrame, tool: pd.DataFrame) -> dict[str, tuple[int, float, float]]:
    """Per family: the values compared (non-NULL on both sides), the largest ``|a - b| / max(|a|, |b|)``
    and the largest ``|a - b|`` over its bound (below 1 passes)."""
    out = {}
    for column in lake.columns:
        a, b = lake[column].to_numpy(), tool.loc[lake.index, column].to_numpy()
        kappa = np.nan_to_num(tool.loc[lake.index, f"κ:{column}"].to_numpy(), nan=1.0)
        both = ~np.isnan(a) & ~np.isnan(b)
        a, b, kappa = a[both], b[both], kappa[both]
        scale = np.maximum(np.abs(a), np.abs(b))
        rel = np.abs(a - b) / np.where(scale > 0, scale, 1)
        used = np.abs(a - b) / (np.maximum(scale, 1) * (REL_TOL + 8 * FLOAT32 * kappa))
        count, worst, worst_used = out.get(family(column), (0, 0.0, 0.0))
        out[family(column)] = (
            count + int(both.sum()),
            max(worst, float(rel.max(initial=0.0))),
            max(worst_used, float(used.max(initial=0.0))),
        )
    return out


@pytest.fixture(scope="module")
def instants(layout, now) -> dict[str, datetime]:
    return {"now": now, "before the revision": layout["revised_at"], "mid-June": MID_JUNE}


@pytest.fixture(scope="module")
def compared(cli, instants, qlib_now, tmp_path_factory) -> dict[str, tuple[pd.DataFrame, pd.DataFrame]]:
    """Per instant: pitlake's rows known then and Qlib's Alpha158 on ``pitlake export qlib --as-of`` then
    (now's is the session's shared export, which also carries two feature fields Alpha158 does not read).
    The query of every row version and the other instants' exports run concurrently."""
    exports = {name: tmp_path_factory.mktemp("qlib") / "export" for name in instants if name != "now"}
    every, *_ = concurrently(
        lambda: versions(cli),
        *(lambda out=out, t=instants[name]: cli.run("export", "qlib", "--out", str(out), "--as-of", t.isoformat())
          for name, out in exports.items()),
    )
    exports["now"] = qlib_now
    return {name: (known_at(every, t), qlib_alpha158(exports[name])) for name, t in instants.items()}


def test_qlibs_alpha158_names_are_the_tables_columns():
    fields, names = alpha158()
    assert len(fields) == len(set(names)) == 158


@pytest.mark.parametrize("instant", ["now", "before the revision", "mid-June"])
def test_every_alpha158_value_is_qlibs(compared, instant):
    lake, tool = compared[instant]
    assert set(lake.index) <= set(tool.index), "Qlib has a row for every (symbol, session) pitlake has"
    extra = tool.drop(index=lake.index)
    assert extra["$close"].isna().all(), "Qlib's rows pitlake lacks are sessions without a bar"
    wrong = differences(lake, tool)
    print(f"pyqlib Alpha158 vs gold.features_daily as known {instant}: {len(lake)} rows")
    for name, (count, worst, used) in spread(lake, tool).items():
        print(f"  {name:6s} {count:6d} values, largest relative difference {worst:.2e}, {used:.0%} of the bound")
    assert wrong.empty, f"{len(wrong)} values differ from Qlib's:\n{wrong.head(40).to_string()}"
    assert int(lake.notna().to_numpy().sum()) > 50_000, "a non-trivial comparison"


def test_the_instants_differ_where_the_lake_changed(compared, layout):
    """The earlier instants are not the present under another name: AAPL's revised sessions had other
    rows before the revision, and DIVC's history was exported on another basis in mid-June."""
    now, before = compared["now"][0], compared["before the revision"][0]
    revised = [k for k in now.index if k[0] == layout["revised_symbol"] and str(k[1]) >= layout["revised_from"]]
    assert len(revised) == layout["revised_sessions"]
    assert not np.allclose(now.loc[revised, "ma5"], before.loc[revised, "ma5"], rtol=1e-5)
    # Rows as known before the revision are not Qlib's values on the revised bars.
    assert len(differences(before.loc[revised], compared["now"][1])) > 10 * len(revised)
    factor_now, factor_june = compared["now"][1]["$factor"], compared["mid-June"][1]["$factor"]
    june = factor_june.loc["DIVC"].index
    assert not np.allclose(factor_now.loc["DIVC"].loc[june], factor_june.loc["DIVC"], rtol=1e-5)


def test_a_perturbed_column_or_a_misaligned_row_is_caught(compared):
    """The comparison discriminates at its tolerance: 3e-5 relative on a column, a column compared
    with its neighbour window's, each symbol's rows shifted by one session, or one NULL fails it."""
    lake, tool = compared["now"]
    scaled = lake.copy()
    scaled["ma20"] *= 1 + 3e-5
    assert (differences(scaled, tool)["column"] == "ma20").sum() > 0.99 * scaled["ma20"].notna().sum()
    swapped = lake[["std20"]].set_axis(["std30"], axis=1)
    assert len(differences(swapped, tool)) > 0.9 * swapped["std30"].notna().sum()
    shifted = lake.groupby(level="symbol").shift(1).dropna(how="all")
    assert len(differences(shifted, tool)) > 100 * len(shifted)
    nulled = lake.copy()
    nulled.iloc[100, nulled.columns.get_loc("corr20")] = np.nan
    assert len(differences(nulled, tool)) == 1
