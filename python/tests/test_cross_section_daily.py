"""gold.cross_section_daily against pandas (FEATURES.md §3): ``rank(pct=True)`` and ``std(ddof=1)``.

Inputs, through ``pitlake query --full-precision``: every ``gold.features_daily`` row of the lake (every
version) with its session's decision instant (``session_decision_at``, the panel's rule), and every
``gold.cross_section_daily`` row. Per session pandas takes the instant (the later of the decision instant
and the session's first features row), each symbol's newest features row known then, and per feature
``rank(pct=True)`` (ties averaged, NaN left out) and ``(x - mean) / std(ddof=1)`` (NaN below two values or
when all are equal). Both sides compute in double: values agree to 1e-9 relative, NULL exactly at NaN.
AAPL's November and December were revised by a second backfill long after their sessions, so none of
those versions may enter. Universe ``all`` is every symbol; each index of ``gold.universe_daily`` (DEMO) is
the same computation over its members known at the instant (matched by ticker), ranked among themselves.
"""

import math

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from pitlake_query import concurrently

FEATURES = ("ret_1d", "ret_21d", "vol_21d", "mom_12_1", "amihud_21", "rsi_14")
TOLERANCE = 1e-9
INSTANT = pa.timestamp("us", tz="UTC")


def agree(a, b) -> bool:
    """FEATURES.md §0: NULL exactly at NaN, else |a - b| <= 1e-9 * max(|a|, |b|, 1)."""
    if a is None or b is None or math.isnan(a) or math.isnan(b):
        return (a is None or math.isnan(a)) and (b is None or math.isnan(b))
    return abs(a - b) <= TOLERANCE * max(abs(a), abs(b), 1.0)


@pytest.fixture(scope="module")
def lake_rows(cli) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every gold.features_daily row with its decision instant, and every gold.cross_section_daily row:
    the two ``pitlake query`` runs at once."""
    schema = pa.schema(
        [("symbol", pa.string()), ("session_date", pa.date32()), ("available_at", INSTANT), ("decision_at", INSTANT)]
        + [(f, pa.float64()) for f in FEATURES]
    )
    sql = (
        "SELECT symbol, session_date, available_at, session_decision_at(session_date) AS decision_at, "
        + ", ".join(FEATURES)
        + " FROM gold.features_daily"
    )
    stats = [c for f in FEATURES for c in (f"cs_rank_{f}", f"cs_z_{f}")] + ["ret_1d_mkt_adj"]
    stats_schema = pa.schema(
        [("session_date", pa.date32()), ("symbol", pa.string()), ("available_at", INSTANT), ("features_available_at", INSTANT)]
        + [(c, pa.float64()) for c in stats]
        + [("universe", pa.string())]
    )
    members_schema = pa.schema(
        [("index_id", pa.string()), ("session_date", pa.date32()), ("ticker", pa.string()), ("available_at", INSTANT)]
    )
    features, cross_sections, members = concurrently(
        lambda: cli.query(sql, schema),
        lambda: cli.query(
            "SELECT " + ", ".join(stats_schema.names) + " FROM gold.cross_section_daily", stats_schema
        ),
        lambda: cli.query(
            "SELECT index_id, session_date, ticker, available_at FROM gold.universe_daily", members_schema
        ),
    )
    return (
        pd.DataFrame(features).astype({f: float for f in FEATURES}),
        pd.DataFrame(cross_sections),
        pd.DataFrame(members),
    )


@pytest.fixture(scope="module")
def features(lake_rows) -> pd.DataFrame:
    return lake_rows[0]


@pytest.fixture(scope="module")
def cross_sections(lake_rows) -> pd.DataFrame:
    return lake_rows[1]


@pytest.fixture(scope="module")
def members(lake_rows) -> pd.DataFrame:
    return lake_rows[2]


def expected(features: pd.DataFrame, members: pd.DataFrame) -> dict:
    """Per (session, universe, symbol) the pandas cross-section: its instant, member row's instant and
    statistics; universe ``all`` over every symbol, an index over its members known at the instant."""
    out = {}
    for session, group in features.groupby("session_date"):
        instant = max(group["decision_at"].iloc[0], group["available_at"].min())
        known = group[group["available_at"] <= instant]
        everyone = known.sort_values("available_at").groupby("symbol").tail(1).set_index("symbol").sort_index()
        of_session = members[(members["session_date"] == session) & (members["available_at"] <= instant)]
        universes = {"all": everyone}
        for index, in_index in of_session.groupby("index_id"):
            universes[index] = everyone[everyone.index.isin(set(in_index["ticker"]))]
        for universe, newest in universes.items():
            if len(newest):
                out.update(cross_section(session, universe, instant, newest))
    return out


def cross_section(session, universe: str, instant, newest: pd.DataFrame) -> dict:
    """One universe's cross-section of one session, over ``newest`` (one features row per symbol)."""
    columns = {"available_at": pd.Series(instant, index=newest.index), "features_available_at": newest["available_at"]}
    for f in FEATURES:
        x = newest[f]
        columns[f"cs_rank_{f}"] = x.rank(pct=True)
        z = (x - x.mean()) / x.std(ddof=1)
        columns[f"cs_z_{f}"] = z if x.count() >= 2 and x.nunique() > 1 else pd.Series(np.nan, index=x.index)
    columns["ret_1d_mkt_adj"] = newest["ret_1d"] - newest["ret_1d"].mean()
    return {
        (session, universe, symbol): {name: series[symbol] for name, series in columns.items()} for symbol in newest.index
    }


def test_each_session_is_taken_once_at_its_instant_over_the_rows_known_then(features, cross_sections, members, layout):
    want = expected(features, members)
    got = {(r.session_date, r.universe, r.symbol): r for r in cross_sections.itertuples(index=False)}
    assert set(got) == set(want), "one row per session x universe x member known at the session's instant"
    assert len({k for k in got if k[1] == "DEMO"}) > 0, "the DEMO universe has cross-sections"
    for key, row in got.items():
        assert row.available_at == want[key]["available_at"], key
        assert row.features_available_at == want[key]["features_available_at"], key
    revised = features[features["available_at"] >= layout["revised_at"]]
    assert len(revised) > 0, "the revision re-versioned rows"
    assert (cross_sections["features_available_at"] < layout["revised_at"]).all(), "a later version never enters"


def test_statistics_are_pandas_rank_and_std(features, cross_sections, members):
    want = expected(features, members)
    wrong = []
    worst = 0.0
    checked = 0
    for row in cross_sections.to_dict("records"):
        reference = want[(row["session_date"], row["universe"], row["symbol"])]
        for column, value in row.items():
            if not (column.startswith("cs_") or column == "ret_1d_mkt_adj"):
                continue
            b = float(reference[column])
            a = None if value is None or (isinstance(value, float) and math.isnan(value)) else value
            if not agree(a, b):
                wrong.append(f"{row['session_date']} {row['symbol']} {column}: pitlake {a!r}, pandas {b!r}")
            elif a is not None:
                worst = max(worst, abs(a - b) / max(abs(a), abs(b), 1.0))
                checked += 1
    print(f"cross-sections: {len(cross_sections)} rows, {checked} values, largest difference {worst:.3e} (relative to max(|a|, |b|, 1))")
    assert not wrong, f"{len(wrong)} values differ from pandas:\n" + "\n".join(wrong[:40])
    assert checked > 4 * len(cross_sections)
