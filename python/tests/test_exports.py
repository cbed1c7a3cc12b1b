"""``pitlake export``: the Qlib directory loads in pyqlib and the Parquet panel in pandas and Polars,
each without options, holding the values of the documented read (``sql/reads/bars_daily_adjusted.sql``)
that ``pitlake query`` returns at the same T, and the ``--fields`` asked for: each table's row in effect
at T, of ``gold.bar_features_daily`` and of ``gold.features_daily`` (Alpha158 and the technical set).

pyqlib is installed without its declared dependencies (``python/qlib-requirements.txt``); the
``qlib`` extra holds what ``qlib.init`` and ``D.features`` import.
"""

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

from pitlake_query import (
    ADJUSTED_SQL,
    ADJUSTED_SQL_T,
    BAR_FEATURE_FIELDS,
    EXPORT_FIELDS as FIELDS,
    FEATURES_SQL,
    LIBRARY_FIELDS,
    LIBRARY_SQL,
    concurrently,
    literal,
)

#: Exported column -> the expression over the documented read's row (r), its bar (v) and the feature
#: rows as of T of gold.bar_features_daily (g) and gold.features_daily (f).
EXPECTED = {
    "open": "r.total_adj_open",
    "high": "r.total_adj_high",
    "low": "r.total_adj_low",
    "close": "r.total_adj_close",
    "vwap": "v.vwap * r.total_factor",
    "volume": "r.volume / r.total_factor",
    "factor": "r.total_factor",
    **{field: f"g.{field}" for field in BAR_FEATURE_FIELDS},
    **{field: f"f.`{field}`" for field in LIBRARY_FIELDS},
}


@pytest.fixture(scope="session")
def lake_values(cli, now) -> dict:
    """(symbol, session) -> column -> value, from ``pitlake query`` of the documented read at T."""
    read = ADJUSTED_SQL.read_text().replace(ADJUSTED_SQL_T, literal(now))
    columns = ", ".join(f"{expr} AS {name}" for name, expr in EXPECTED.items())
    sql = (
        f"SELECT r.symbol, r.session_date, r.`close` AS raw_close, {columns} FROM ({read}) AS r "
        "JOIN silver.bars_daily AS v ON v.symbol = r.symbol AND v.session_date = r.session_date "
        "AND v.version = r.bar_version "
        f"LEFT JOIN ({FEATURES_SQL.format(t=literal(now))}) AS g "
        "ON g.symbol = r.symbol AND g.session_date = r.session_date "
        f"LEFT JOIN ({LIBRARY_SQL.format(t=literal(now))}) AS f "
        "ON f.symbol = r.symbol AND f.session_date = r.session_date"
    )
    schema = pa.schema(
        [("symbol", pa.string()), ("session_date", pa.date32()), ("raw_close", pa.float64())]
        + [(name, pa.float64()) for name in EXPECTED]
    )
    return {(row.pop("symbol"), row.pop("session_date")): row for row in cli.query(sql, schema)}


def test_pyqlib_loads_the_qlib_export_with_the_lakes_values(qlib_now, lake_values):
    import qlib
    from qlib.data import D

    qlib.init(provider_uri=str(qlib_now), region="us")
    sessions = sorted({day for _, day in lake_values})
    calendar = [d.date() for d in D.calendar(freq="day")]
    assert calendar[0] == sessions[0] and calendar[-1] == sessions[-1]
    assert set(sessions) <= set(calendar)

    fields = [f"${name}" for name in EXPECTED] + ["$close / $factor"]
    frame = D.features(D.instruments("all"), fields, start_time=str(sessions[0]), end_time=str(sessions[-1]))
    got = {(symbol, stamp.date()): row for (symbol, stamp), row in frame.iterrows()}
    assert set(got) == set(lake_values), "one row per symbol and session the lake has"
    for key, want in lake_values.items():
        for name in EXPECTED:
            value = np.float32(np.nan if want[name] is None else want[name])
            found = np.float32(got[key][f"${name}"])
            assert found == value or (np.isnan(found) and np.isnan(value)), (key, name, found, value)
        # Qlib's convention: the adjusted close over the factor is the raw close.
        assert got[key]["$close / $factor"] == pytest.approx(want["raw_close"], rel=1e-6), key


@pytest.fixture(scope="session")
def panel(cli, now, tmp_path_factory):
    """``pitlake export parquet`` as of T, with the features."""
    out = tmp_path_factory.mktemp("panel") / "panel.parquet"
    cli.run("export", "parquet", "--out", str(out), "--as-of", now.isoformat(), "--fields", ",".join(FIELDS))
    return out


def test_the_parquet_panel_reads_without_options_in_pandas_and_polars(panel, lake_values):
    frame = pd.read_parquet(panel)
    assert list(frame.columns) == ["date", "symbol", *EXPECTED]
    assert pd.api.types.is_datetime64_any_dtype(frame["date"]) and frame["date"].dt.tz is None
    got = {(r["symbol"], r["date"].date()): r for r in frame.to_dict("records")}
    assert set(got) == set(lake_values)
    for key, want in lake_values.items():
        for name in EXPECTED:
            value, found = want[name], got[key][name]
            assert found == value or (value is None and np.isnan(found)), (key, name, found, value)

    polars = pl.read_parquet(panel)
    assert polars.schema["date"] == pl.Datetime("us") and polars.schema["symbol"] == pl.String
    assert polars.columns == list(frame.columns)
    assert polars["date"].to_list() == list(frame["date"].dt.to_pydatetime())
    assert polars["symbol"].to_list() == list(frame["symbol"])
    for name in EXPECTED:
        assert np.array_equal(polars[name].to_numpy(), frame[name].to_numpy(), equal_nan=True), name


def test_first_known_is_the_revised_symbol_before_its_revision(cli, layout, panel, tmp_path):
    symbol = layout["revised_symbol"]
    paths = {mode: tmp_path / f"{mode}.parquet" for mode in ("first-known", "before")}
    concurrently(
        lambda: cli.run("export", "parquet", "--out", str(paths["first-known"]), "--first-known", "--symbols", symbol),
        lambda: cli.run("export", "parquet", "--out", str(paths["before"]), "--as-of", layout["revised_at"].isoformat(),
                        "--symbols", symbol),
    )
    frames = {mode: pd.read_parquet(path) for mode, path in paths.items()}
    # The symbol has no actions: as first known, each session is its first version, the one every
    # session had before the revising backfill.
    assert frames["first-known"].equals(frames["before"])
    now = pd.read_parquet(panel)
    now = now[now["symbol"] == symbol].reset_index(drop=True)
    revised = now["date"].dt.date.astype(str).between(layout["revised_from"], layout["revised_to"])
    assert int(revised.sum()) == layout["revised_sessions"]
    values = list(EXPECTED)[: -len(FIELDS)]
    latest, first = now[values], frames["first-known"][values]
    changed = ~((latest == first) | (latest.isna() & first.isna())).all(axis=1)
    assert changed[revised].all() and not changed[~revised].any()
