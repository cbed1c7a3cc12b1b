"""A ticker resolved to the securities that traded under it, as the security master knew them at T.

A company renamed (the simulators' OLDC became NEWC on 2024-09-03, as FB became META) keeps its
``security_id`` in ``silver.security_master``, so a read by either ticker can return the whole history:
for each security that had an asked ticker in a state known at T, every ticker it traded under, each on
the sessions its state covered (from its ``valid_from`` until the next known state's). This is the
documented as-of read of the master (TABLES.md, "silver.security_master") joined to the bars by ticker
and session. An asked ticker the master does not know at T is read as it is.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

import pyarrow as pa
import pyarrow.compute as pc
from pyiceberg.catalog import Catalog
from pyiceberg.expressions import And, EqualTo, LessThanOrEqual

from pitlake.snapshots import snapshot_to_read

MASTER = "silver.security_master"


@dataclass(frozen=True)
class Held:
    """What a read of some tickers scans and keeps.

    ``symbols`` are the tickers to scan; ``plain`` the asked ones the master did not know, kept whole;
    ``spans`` each resolved security's tickers as ``(ticker, first session, first session after)``.
    """

    symbols: list[str]
    plain: frozenset[str]
    spans: tuple[tuple[str, date, date | None], ...]

    def keep(self, rows: pa.Table, entity: str, session: str) -> pa.Table:
        """The rows of a plain ticker, or of a resolved ticker on a session its state covered."""
        if not self.spans:
            return rows
        symbol, day = rows.column(entity), rows.column(session)
        mask = pc.is_in(symbol, value_set=pa.array(sorted(self.plain), pa.string()))
        for ticker, start, end in self.spans:
            span = pc.and_(pc.equal(symbol, ticker), pc.greater_equal(day, pa.scalar(start, pa.date32())))
            if end is not None:
                span = pc.and_(span, pc.less(day, pa.scalar(end, pa.date32())))
            mask = pc.or_(mask, span)
        return rows.filter(mask)


def resolve(catalog: Catalog, wanted: Sequence[str], known_at: datetime, tag: str | None) -> Held:
    """The securities that had any of ``wanted`` in a Polygon state known at ``known_at`` (at ``tag``)."""
    table = catalog.load_table(MASTER)
    snapshot = snapshot_to_read(table, MASTER, tag)
    states: list[dict] = []
    if snapshot is not None:
        states = (
            table.scan(
                row_filter=And(LessThanOrEqual("available_at", known_at), EqualTo("vendor", "polygon")),
                selected_fields=("security_id", "ticker", "valid_from"),
                snapshot_id=snapshot.snapshot_id,
            )
            .to_arrow()
            .to_pylist()
        )
    asked = set(wanted)
    securities = sorted({s["security_id"] for s in states if s["ticker"] in asked})
    known = {s["ticker"] for s in states if s["security_id"] in securities}
    spans = []
    for security in securities:
        ordered = sorted((s["valid_from"], s["ticker"]) for s in states if s["security_id"] == security)
        for i, (start, ticker) in enumerate(ordered):
            spans.append((ticker, start, ordered[i + 1][0] if i + 1 < len(ordered) else None))
    plain = frozenset(asked - known)
    return Held(sorted(plain | known), plain, tuple(spans))
