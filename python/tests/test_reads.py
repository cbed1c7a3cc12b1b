"""Each read returns exactly the rows its table's documented as-of SQL returns through ``pitlake query``.

The lake (PythonITCase) holds a year of bars, and a second backfill with another simulator seed that
revised one symbol's last two months: version 2 of those bars, known only from that run on. So a read
before the revision and one after it must differ, and each must match the SQL at its own T.
"""

from datetime import datetime, timedelta, timezone

import pyarrow as pa
import pytest

import pitlake
from pitlake_query import ADJUSTED_SQL, ADJUSTED_SQL_T, BARS_SQL, FEATURES_SQL, concurrently, literal

PANEL_SQL = (
    "SELECT * FROM (SELECT p.*, ROW_NUMBER() OVER (PARTITION BY symbol, session_date ORDER BY available_at DESC) AS rn "
    "FROM gold.panel_daily AS p WHERE available_at <= {t}) WHERE rn = 1"
)
#: README, "Fundamentals alone, as known at T": per company (vendor and CIK) the newest snapshot.
FUNDAMENTALS_SQL = (
    "SELECT * FROM (SELECT f.*, ROW_NUMBER() OVER (PARTITION BY vendor, cik ORDER BY available_at DESC) AS rn "
    "FROM gold.fundamentals_pit AS f WHERE available_at <= {t}) WHERE rn = 1"
)
#: The SEC simulator's made-up filers PythonITCase ingests 2024's filings of: AAPL's CIK, then MSFT's.
CIKS = (320193, 789019)
#: Mid-2024: each filer's 10-Q of the first quarter is known, its later 2024 filings are not.
MID_2024 = datetime(2024, 7, 1, tzinfo=timezone.utc)
KEYS = ("symbol", "session_date")
#: SPLT's 4-for-1 split starts to adjust at 00:00 New York of its ex date; DIVC's dividend at its own.
ADJUSTED_AT = {
    "split applied": datetime(2024, 6, 10, 4, 0, tzinfo=timezone.utc),
    "dividend applied": datetime(2024, 6, 13, 4, 0, tzinfo=timezone.utc),
}
TAG = "first-backfill"


def rows(table: pa.Table) -> list[dict]:
    return rows_of(table.to_pylist())


@pytest.fixture(scope="session")
def instants(layout, now) -> dict[str, datetime]:
    """Before the revising backfill started, and now (after it)."""
    return {"before_revision": layout["revised_at"], "after_revision": now}


@pytest.fixture(scope="session")
def tagged(tag_first_snapshot) -> str:
    """Tags silver.bars_daily's first snapshot, the first backfill's (before the revision)."""
    return tag_first_snapshot("silver.bars_daily", TAG)


@pytest.fixture(scope="session")
def expected(cli, lake, instants, tagged):
    """The documented as-of SQL's rows per table and case (an instant, or the tag at an instant).

    One ``pitlake query`` per table, the cases joined by UNION ALL, since each query starts a JVM and a
    Flink job, and the tables' queries run concurrently; each case is the documented SQL unchanged,
    tagged with its name in ``as_of_case``.
    """
    cases = {
        "silver.bars_daily": {
            when: BARS_SQL.format(t=literal(instants[when]), hint="") for when in instants
        }
        | {"tag": BARS_SQL.format(t=literal(instants["after_revision"]), hint=f"/*+ OPTIONS('tag'='{tagged}') */")},
        "gold.bar_features_daily": {when: FEATURES_SQL.format(t=literal(instants[when])) for when in instants},
        "gold.panel_daily": {when: PANEL_SQL.format(t=literal(instants[when])) for when in instants},
    }
    def query(table, queries):
        schema = lake.catalog.load_table(table).schema().as_arrow().append(pa.field("as_of_case", pa.string()))
        sql = " UNION ALL ".join(f"SELECT *, '{case}' AS as_of_case FROM ({query})" for case, query in queries.items())
        return cli.query(sql, schema)

    found = {}
    results = concurrently(*(lambda t=table, q=queries: query(t, q) for table, queries in cases.items()))
    for table, result in zip(cases, results):
        for row in result:
            found.setdefault((table, row.pop("as_of_case")), []).append(row)
    return lambda table, case: rows_of(found.get((table, case), []))


def rows_of(parsed: list[dict]) -> list[dict]:
    return sorted(parsed, key=lambda r: tuple(r[k] for k in KEYS))


@pytest.mark.parametrize("when", ["before_revision", "after_revision"])
@pytest.mark.parametrize(
    "table, read",
    [("silver.bars_daily", "bars"), ("gold.bar_features_daily", "features"), ("gold.panel_daily", "panel")],
)
def test_reads_are_the_documented_as_of_rows(lake, expected, instants, table, read, when):
    got = rows(getattr(lake, read)(as_of=instants[when], output="arrow"))
    want = expected(table, when)
    assert len(want) > 0
    assert got == want


def test_a_revision_is_seen_only_after_it_was_known(lake, layout, instants):
    symbol, start, end = layout["revised_symbol"], layout["revised_from"], layout["revised_to"]
    before = lake.bars(symbol, start, end, as_of=instants["before_revision"])
    after = lake.bars(symbol, start, end, as_of=instants["after_revision"])
    assert len(before) == len(after) == layout["revised_sessions"]
    assert set(before["version"]) == {1}
    assert set(after["version"]) == {2}
    assert (before["close"].to_numpy() != after["close"].to_numpy()).any()


def test_symbol_and_session_filters_keep_exactly_the_matching_rows(lake, expected, instants, layout):
    symbol, start, end = layout["revised_symbol"], layout["revised_from"], layout["revised_to"]
    got = rows(lake.bars([symbol], start, end, as_of=instants["after_revision"], output="arrow"))
    want = [
        r
        for r in expected("silver.bars_daily", "after_revision")
        if r["symbol"] == symbol and start <= r["session_date"].isoformat() <= end
    ]
    assert len(want) == layout["revised_sessions"]
    assert got == want


def test_columns_returns_those_with_the_key(lake, instants):
    frame = lake.features("AAPL", as_of=instants["after_revision"], columns=["ret_21d"])
    assert list(frame.columns) == ["symbol", "session_date", "available_at", "ret_21d"]
    full = lake.features("AAPL", as_of=instants["after_revision"])
    assert frame["ret_21d"].equals(full["ret_21d"])


def test_pandas_polars_and_arrow_hold_the_same_rows(lake, instants):
    t = instants["after_revision"]
    arrow = lake.bars("MSFT", as_of=t, output="arrow").to_pylist()
    assert len(arrow) > 0
    assert pa.Table.from_pandas(lake.bars("MSFT", as_of=t), preserve_index=False).to_pylist() == arrow
    assert lake.bars("MSFT", as_of=t, output="polars").to_arrow().to_pylist() == arrow


def test_exports_read_back_without_options(lake, instants, tmp_path):
    import pandas
    import polars

    frame = lake.features(["AAPL", "MSFT"], "2024-03-01", "2024-03-31", as_of=instants["after_revision"])
    parquet = pitlake.to_parquet(frame, tmp_path / "features.parquet")
    pandas.testing.assert_frame_equal(pandas.read_parquet(parquet), frame)
    assert polars.read_parquet(parquet).to_pandas().equals(polars.from_pandas(frame).to_pandas())
    csv = pandas.read_csv(pitlake.to_csv(frame, tmp_path / "features.csv"))
    assert list(csv.columns) == list(frame.columns)
    assert csv["close"].tolist() == frame["close"].tolist()
    assert csv["symbol"].tolist() == frame["symbol"].tolist()


def test_a_read_at_a_tag_is_that_snapshot_as_known_at_t(lake, expected, tagged, instants):
    got = rows(lake.bars(as_of=instants["after_revision"], tag=tagged, output="arrow"))
    want = expected("silver.bars_daily", "tag")
    assert len(want) > 0
    assert got == want
    assert got == rows(lake.bars(as_of=instants["before_revision"], output="arrow"))


def test_an_unknown_tag_is_named(lake):
    with pytest.raises(pitlake.UnknownTagError, match=r"tag='no-such-tag': silver.bars_daily has no tag"):
        lake.bars(tag="no-such-tag")


def test_adjusted_bars_are_the_documented_read(lake, cli):
    sql = ADJUSTED_SQL.read_text()
    assert sql.count(ADJUSTED_SQL_T) == 3, "the instant twice in the query, once in its comment"
    got = {case: lake.bars(adjusted=True, as_of=t, output="arrow") for case, t in ADJUSTED_AT.items()}
    schema = next(iter(got.values())).schema.append(pa.field("as_of_case", pa.string()))
    union = " UNION ALL ".join(
        f"SELECT *, '{case}' AS as_of_case FROM ({sql.replace(ADJUSTED_SQL_T, literal(t))})"
        for case, t in ADJUSTED_AT.items()
    )
    want: dict[str, list[dict]] = {}
    for row in cli.query(union, schema):
        want.setdefault(row.pop("as_of_case"), []).append(row)
    for case in ADJUSTED_AT:
        assert rows(got[case]) == rows_of(want[case]), case
    # The premise: each instant applies its action, to the sessions before the ex date only.
    splt = [r for r in rows(got["split applied"]) if r["symbol"] == "SPLT"]
    assert {r["split_factor"] for r in splt} == {0.25}, "every session known then is before the ex date"
    later = [r for r in rows(got["dividend applied"]) if r["symbol"] == "SPLT"]
    assert {r["split_factor"] for r in later if str(r["session_date"]) >= "2024-06-10"} == {1.0}
    # DIVC's June dividend (ex 2024-06-13) adjusts the sessions since its March one only once ex.
    def between_dividends(case):
        return [
            r["total_factor"]
            for r in rows(got[case])
            if r["symbol"] == "DIVC" and "2024-03-14" <= str(r["session_date"]) < "2024-06-13"
        ]

    assert set(between_dividends("split applied")) == {1.0}
    assert between_dividends("dividend applied") and all(f < 1 for f in between_dividends("dividend applied"))


def test_adjusted_columns_are_checked_and_selected(lake):
    frame = lake.bars("SPLT", adjusted=True, columns=["split_adj_close"], as_of=ADJUSTED_AT["split applied"])
    assert list(frame.columns) == ["symbol", "session_date", "split_adj_close"]
    with pytest.raises(ValueError, match=r"adjusted bars have no column adj_close; their columns are symbol"):
        lake.bars(adjusted=True, columns=["adj_close"])


def test_a_snapshot_with_delete_files_is_refused(lake, writer_catalog, layout):
    branch = layout["with_deletes"]
    panel = writer_catalog.load_table("gold.panel_daily")
    assert int(panel.snapshot_by_name(branch).summary["total-position-deletes"]) == 1, "the premise: a delete file"
    assert int(panel.current_snapshot().summary.get("total-delete-files", "0")) == 0, "pitlake writes none"
    with pytest.raises(pitlake.UnreadableTableError, match=r"^gold\.panel_daily cannot be read correctly"):
        lake.panel("AAPL", tag=branch)
    assert not lake.panel("AAPL").empty


def test_pruning_opens_no_file_outside_the_range_or_before_anything_was_known(lake, instants):
    t = instants["after_revision"]
    assert lake.plan(pitlake.BARS, "AAPL", as_of=t).files > 0
    assert lake.plan(pitlake.BARS, "AAPL", "2023-01-01", "2023-12-31", as_of=t).files == 0
    assert lake.plan(pitlake.BARS, "AAPL", as_of="2024-01-01T00:00:00Z").files == 0
    assert lake.bars("AAPL", as_of="2024-01-01T00:00:00Z").empty


def test_bad_arguments_name_the_field_and_the_fix(lake):
    with pytest.raises(ValueError, match=r"as_of='yesterday' is not an ISO-8601 instant: write e.g."):
        lake.bars(as_of="yesterday")
    with pytest.raises(ValueError, match=r"silver.bars_daily has no column adj_close"):
        lake.bars(columns=["adj_close"])
    with pytest.raises(ValueError, match=r"output='excel': choose one of pandas, polars, arrow"):
        lake.bars(output="excel")


def test_now_is_the_default_instant(lake, instants):
    later = instants["after_revision"] + timedelta(seconds=1)
    assert lake.bars("AAPL").equals(lake.bars("AAPL", as_of=later))


def test_fundamentals_are_the_documented_as_of_rows(lake, cli, instants):
    cases = {"mid-2024": MID_2024, "now": instants["after_revision"]}
    schema = lake.catalog.load_table("gold.fundamentals_pit").schema().as_arrow().append(pa.field("as_of_case", pa.string()))
    union = " UNION ALL ".join(
        f"SELECT *, '{case}' AS as_of_case FROM ({FUNDAMENTALS_SQL.format(t=literal(t))})" for case, t in cases.items()
    )
    want: dict[str, list[dict]] = {case: [] for case in cases}
    for row in cli.query(union, schema):
        want[row.pop("as_of_case")].append(row)

    def by_company(parsed):
        return sorted(parsed, key=lambda r: (r["vendor"], r["cik"]))

    for case, t in cases.items():
        assert {r["cik"] for r in want[case]} == set(CIKS), case
        assert by_company(lake.fundamentals(as_of=t, output="arrow").to_pylist()) == by_company(want[case]), case
    # The premise: each company's snapshot known now is a later one than mid-2024's.
    known = {case: {r["cik"]: r["available_at"] for r in want[case]} for case in cases}
    assert all(known["mid-2024"][cik] < MID_2024 < known["now"][cik] for cik in CIKS)
    one = by_company(lake.fundamentals(CIKS[0], as_of=cases["now"], output="arrow").to_pylist())
    assert one == [r for r in by_company(want["now"]) if r["cik"] == CIKS[0]]
