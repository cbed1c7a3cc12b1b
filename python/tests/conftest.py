"""The lake under test, as the engine tests hand it over: a served catalog and pitlake's own CLI.

``PythonITCase`` builds a lake with pitlake, serves it with ``pitlake catalog serve --clients`` and
runs pytest with these variables set; every expected result comes from ``pitlake query`` on the same
lake, never from this package.
"""

import json
import os
from datetime import datetime, timezone

import pytest

import pitlake
from pitlake_query import EXPORT_FIELDS, PitlakeCli


def _env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        pytest.fail(f"${name} is not set: run these tests through the engine tests (./mvnw verify)")
    return value


@pytest.fixture(scope="session")
def lake() -> pitlake.Lake:
    """The lake as a reader sees it: the served catalog with a reader's token."""
    return pitlake.connect(_env("PITLAKE_CATALOG_URI"), token=_env("PITLAKE_READER_TOKEN"))


@pytest.fixture(scope="session")
def wide_lake(layout) -> pitlake.Lake:
    """PythonITCase's second lake, 500 symbols' year of daily bars (``test_pruning.py``), as a reader."""
    return pitlake.connect(layout["wide"]["uri"], token=_env("PITLAKE_READER_TOKEN"))


@pytest.fixture(scope="session")
def writer_catalog():
    """The same catalog with the writer's token, for the one thing a test writes: a tag."""
    from pyiceberg.catalog import load_catalog

    return load_catalog("writer", type="rest", uri=_env("PITLAKE_CATALOG_URI"), token=_env("PITLAKE_WRITER_TOKEN"))


@pytest.fixture(scope="session")
def tag_first_snapshot(writer_catalog):
    """``tag(table, name)``: tags the table's first snapshot as ``name`` (once) and returns the name."""

    def tag(table_name: str, name: str) -> str:
        table = writer_catalog.load_table(table_name)
        if name not in table.refs():
            first = min(table.snapshots(), key=lambda s: s.sequence_number)
            table.manage_snapshots().create_tag(first.snapshot_id, name).commit()
        return name

    return tag


@pytest.fixture(scope="session")
def cli(tmp_path_factory) -> PitlakeCli:
    workdir = tmp_path_factory.mktemp("pitlake")
    return PitlakeCli(json.loads(_env("PITLAKE_COMMAND")), _env("PITLAKE_WAREHOUSE"), str(workdir))


@pytest.fixture(scope="session")
def layout() -> dict:
    """What PythonITCase built: symbols, dates, the revised symbol and sessions, the revision's instant."""
    facts = json.loads(_env("PITLAKE_TEST_LAYOUT"))
    facts["revised_at"] = datetime.fromisoformat(facts["revised_at"]).astimezone(timezone.utc)
    return facts


@pytest.fixture(scope="session")
def now() -> datetime:
    """The session's "now": after everything PythonITCase wrote (both backfills, every action). One
    instant for every module, so a read or an export as of now is made once and shared."""
    return datetime.now(timezone.utc).replace(microsecond=0)


@pytest.fixture(scope="session")
def qlib_now(cli, now, tmp_path_factory):
    """``pitlake export qlib --as-of now --fields EXPORT_FIELDS``: the export ``test_exports.py`` loads in
    pyqlib and ``test_alpha158_qlib.py`` evaluates Alpha158 on (its extra fields change no other file)."""
    out = tmp_path_factory.mktemp("qlib-now") / "export"
    cli.run("export", "qlib", "--out", str(out), "--as-of", now.isoformat(), "--fields", ",".join(EXPORT_FIELDS))
    return out
