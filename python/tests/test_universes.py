"""Universes, and reads by a ticker resolved through the security master, against ``pitlake query``.

PythonITCase ingests the repository's sample universe file (``sql/silver/index_membership.sample.csv``:
index DEMO, where DIVC leaves and NVDA joins on 2024-06-24, both announced on 06-07, and OLDC is a
member since 2000) and the simulators' OLDC and NEWC ticker details, events and bars: OLDC became NEWC on
2024-09-03, and the security master learns it from the first NEWC snapshot, known 2024-10-01 04:00Z. Each
read must return exactly the rows of the same as-of SQL.

The universe is built twice: first from the sample file alone (the snapshot the tag test tags), then
after a change file (MSFT joins DEMO on 2024-12-02, announced 2024-11-22) and the master.
"""

from datetime import date, datetime, timezone

import pyarrow as pa
import pytest

from pitlake_query import BARS_SQL, concurrently, literal

INDEX = "DEMO"
UNIVERSE_SQL = "SELECT * FROM gold.universe_daily {hint} WHERE index_id = '" + INDEX + "' AND available_at <= {t}"
#: The member PythonITCase's change file adds from this session on, after the universe's first build.
JOINED, JOINED_FROM = "MSFT", date(2024, 12, 2)
UNIVERSE_TAG = "universe-first-build"
#: A read by ticker as of {t}: every ticker of each security that had {ticker} in a master state known at
#: {t}, on the sessions that state covered (TABLES.md, "silver.security_master", reading as of T).
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
def universe_tag(tag_first_snapshot) -> str:
    """Tags gold.universe_daily's first snapshot: the universe before the change file was built."""
    return tag_first_snapshot("gold.universe_daily", UNIVERSE_TAG)


@pytest.fixture(scope="module")
def as_of_rows(cli, lake, universe_tag) -> tuple[dict[str, list[dict]], dict[str, list[dict]]]:
    """The as-of SQL's rows: the universe's per instant and at the tag as of 2025-01-01 (case ``tag``),
    and the bars read by ticker per case; the two ``pitlake query`` runs at once."""
    tagged = f"/*+ OPTIONS('tag'='{universe_tag}') */"
    universes = {t: UNIVERSE_SQL.format(hint="", t=literal(i)) for t, i in INSTANTS.items()}
    universes["tag"] = UNIVERSE_SQL.format(hint=tagged, t=literal(INSTANTS["2025-01-01"]))
    bars = {
        f"{ticker}@{t}": RESOLVED_SQL.format(
            read=BARS_SQL.format(t=literal(INSTANTS[t]), hint=""), t=literal(INSTANTS[t]), ticker=ticker
        )
        for ticker, t in CASES
    }
    return tuple(
        concurrently(
            lambda: union(cli, lake, "gold.universe_daily", universes),
            lambda: union(cli, lake, "silver.bars_daily", bars),
        )
    )


@pytest.fixture(scope="module")
def universes(as_of_rows) -> dict[str, list[dict]]:
    return as_of_rows[0]


@pytest.fixture(scope="module")
def resolved_bars(as_of_rows) -> dict[str, list[dict]]:
    return as_of_rows[1]


@pytest.mark.parametrize("t", sorted(INSTANTS))
def test_universe_is_the_documented_as_of_rows(lake, universes, t):
    keys = ("index_id", "session_date", "constituent")
    got = keyed(lake.universe(INDEX, as_of=INSTANTS[t], output="arrow").to_pylist(), keys)
    want = keyed(universes[t], keys)
    assert len(want) > 0
    assert got == want


def test_a_universe_read_at_a_tag_is_the_tagged_state_after_a_later_change(lake, universes, universe_tag):
    keys = ("index_id", "session_date", "constituent")
    t = INSTANTS["2025-01-01"]
    tagged = lake.universe(INDEX, as_of=t, tag=universe_tag, output="arrow").to_pylist()
    assert keyed(tagged, keys) == keyed(universes["tag"], keys)
    latest = lake.universe(INDEX, as_of=t, output="arrow").to_pylist()

    def joined(rows):
        return {r["session_date"] for r in rows if r["constituent"] == JOINED}

    # The change after the tag: MSFT is in every session from its effective date now, in none at the tag.
    assert min(joined(latest)) == JOINED_FROM and joined(tagged) == set()
    assert {r["session_date"] for r in latest} == {r["session_date"] for r in tagged}


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
