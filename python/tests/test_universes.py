"""Universes, and reads by a ticker resolved through the security master, against ``pitlake query``.

PythonITCase ingests the repository's sample universe file (``sql/silver/index_membership.sample.csv``:
index DEMO, where DIVC leaves and NVDA joins on 2024-06-24, both announced on 06-07, and OLDC is a
member since 2000) and the simulators' OLDC and NEWC ticker details, events and bars: OLDC became NEWC on
2024-09-03, and the security master learns it from the first NEWC snapshot, known 2024-10-01 04:00Z. Each
read must return exactly the rows of the same as-of SQL.
"""

from datetime import date, datetime, timezone

import pyarrow as pa
import pytest

from pitlake_query import BARS_SQL, literal

INDEX = "DEMO"
UNIVERSE_SQL = "SELECT * FROM gold.universe_daily WHERE index_id = '" + INDEX + "' AND available_at <= {t}"
#: A read by ticker as of {t}: every ticker of each security that had {ticker} in a master state known at
#: {t}, on the sessions that state covered (DESIGN.md, "silver.security_master", reading as of T).
RESOLVED_SQL = (
    "SELECT r.* FROM ({read}) AS r JOIN (SELECT security_id, ticker, valid_from, "
    "LEAD(valid_from) OVER (PARTITION BY security_id ORDER BY valid_from) AS valid_to "
    "FROM silver.security_master WHERE vendor = 'polygon' AND available_at <= {t}) AS s "
    "ON r.symbol = s.ticker AND r.session_date >= s.valid_from "
    "AND (s.valid_to IS NULL OR r.session_date < s.valid_to) "
    "WHERE s.security_id IN (SELECT security_id FROM silver.security_master "
    "WHERE vendor = 'polygon' AND available_at <= {t} AND ticker = '{ticker}')"
)
#: Before and after the master knows the rename; the universe also once 06-21's bars are out (00:15Z),
#: before NVDA's first session in it.
INSTANTS = {
    "2024-06-22": datetime(2024, 6, 22, 1, 0, tzinfo=timezone.utc),
    "2024-09-20": datetime(2024, 9, 20, tzinfo=timezone.utc),
    "2025-01-01": datetime(2025, 1, 1, tzinfo=timezone.utc),
}
CASES = {("OLDC", "2024-09-20"), ("OLDC", "2025-01-01"), ("NEWC", "2025-01-01")}


def keyed(parsed: list[dict], keys: tuple[str, ...]) -> list[dict]:
    return sorted(parsed, key=lambda r: tuple(r[k] for k in keys))


def union(cli, lake, table: str, queries: dict[str, str]) -> dict[str, list[dict]]:
    """One ``pitlake query`` for all cases (each query is a JVM and a Flink job), rows per case."""
    schema = lake.catalog.load_table(table).schema().as_arrow().append(pa.field("as_of_case", pa.string()))
    sql = " UNION ALL ".join(f"SELECT *, '{case}' AS as_of_case FROM ({query})" for case, query in queries.items())
    found: dict[str, list[dict]] = {case: [] for case in queries}
    for row in cli.query(sql, schema):
        found[row.pop("as_of_case")].append(row)
    return found


@pytest.fixture(scope="module")
def universes(cli, lake) -> dict[str, list[dict]]:
    return union(cli, lake, "gold.universe_daily", {t: UNIVERSE_SQL.format(t=literal(i)) for t, i in INSTANTS.items()})


@pytest.fixture(scope="module")
def resolved_bars(cli, lake) -> dict[str, list[dict]]:
    return union(
        cli,
        lake,
        "silver.bars_daily",
        {
            f"{ticker}@{t}": RESOLVED_SQL.format(
                read=BARS_SQL.format(t=literal(INSTANTS[t]), hint=""), t=literal(INSTANTS[t]), ticker=ticker
            )
            for ticker, t in CASES
        },
    )


@pytest.mark.parametrize("t", sorted(INSTANTS))
def test_universe_is_the_documented_as_of_rows(lake, universes, t):
    keys = ("index_id", "session_date", "constituent")
    got = keyed(lake.universe(INDEX, as_of=INSTANTS[t], output="arrow").to_pylist(), keys)
    want = keyed(universes[t], keys)
    assert len(want) > 0
    assert got == want


def test_universe_changes_on_the_effective_date_and_keeps_past_members(lake):
    frame = lake.universe(INDEX, "2024-06-21", "2024-06-24", as_of=INSTANTS["2025-01-01"])
    members = {d: sorted(g["constituent"]) for d, g in frame.groupby(frame["session_date"].astype(str))}
    assert members == {"2024-06-21": ["AAPL", "DIVC", "OLDC"], "2024-06-24": ["AAPL", "NVDA", "OLDC"]}
    before = lake.universe(INDEX, as_of=INSTANTS["2024-06-22"])
    assert str(before["session_date"].max()) == "2024-06-21", "no row of a session decided after T"


def test_renamed_member_keeps_its_security_in_the_universe(lake):
    oldc = lake.universe(INDEX, "2024-09-27", "2024-10-02", as_of=INSTANTS["2025-01-01"])
    oldc = oldc[oldc["constituent"] == "OLDC"]
    assert oldc["security_id"].nunique() == 1 and oldc["security_id"].notna().all()
    tickers = dict(zip(oldc["session_date"].astype(str), oldc["ticker"]))
    assert tickers == {"2024-09-27": "OLDC", "2024-09-30": "OLDC", "2024-10-01": "NEWC", "2024-10-02": "NEWC"}


@pytest.mark.parametrize("ticker, t", sorted(CASES))
def test_a_ticker_reads_its_securitys_whole_history_as_known_then(lake, resolved_bars, ticker, t):
    keys = ("symbol", "session_date")
    got = keyed(lake.bars(ticker, as_of=INSTANTS[t], output="arrow").to_pylist(), keys)
    want = keyed(resolved_bars[f"{ticker}@{t}"], keys)
    assert len(want) > 0
    assert got == want


def test_renamed_ticker_finds_both_names_only_once_the_rename_is_known(lake):
    before = lake.bars("OLDC", as_of=INSTANTS["2024-09-20"])
    after = lake.bars("NEWC", as_of=INSTANTS["2025-01-01"])
    assert set(before["symbol"]) == {"OLDC"}, "as of 09-20 the master does not know NEWC is OLDC"
    assert set(after["symbol"]) == {"OLDC", "NEWC"}
    assert after["session_date"].is_unique
    assert after[after["symbol"] == "OLDC"]["session_date"].max() < date(2024, 9, 3)
    assert after[after["symbol"] == "NEWC"]["session_date"].min() >= date(2024, 9, 3)
    features = lake.features("OLDC", as_of=INSTANTS["2025-01-01"], columns=["ret_1d"])
    assert set(features["symbol"]) == {"OLDC", "NEWC"}
    assert set(features["session_date"]) == set(after["session_date"])
