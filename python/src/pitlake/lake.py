"""The point-in-time reads: each returns the rows its table's documented as-of SQL returns for T."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any

from pyiceberg.catalog import Catalog, load_catalog

from pitlake import adjusted as adjusted_read
from pitlake import filters, frames, tables, tickers
from pitlake.asof import newest_per_key
from pitlake.snapshots import snapshot_to_read
from pitlake.tables import TableSpec

Symbols = str | Iterable[str] | None
Day = date | str | None
Instant = datetime | str | None


@dataclass(frozen=True)
class ScanPlan:
    """What a read will open: the snapshot, the data files left after pruning and their bytes."""

    table: str
    snapshot_id: int | None
    files: int
    bytes: int


def connect(uri: str | None = None, *, token: str | None = None, name: str = "lake", **properties: str) -> "Lake":
    """A Lake through ``pitlake catalog serve`` (``uri``, and a reader's ``token`` if it asks for one),
    or through any catalog PyIceberg knows by its own properties (``type=...``, ``credential=...``)."""
    if uri is not None:
        properties = {"type": "rest", "uri": uri, **properties}
    if token is not None:
        properties["token"] = token
    if not properties:
        raise ValueError(
            "connect() needs a catalog: pass uri= (the URI `pitlake catalog serve` prints) or PyIceberg "
            "catalog properties such as type='rest', uri=..."
        )
    return Lake(load_catalog(name, **properties))


class Lake:
    """Reads pitlake's tables as a strategy saw them at a decision instant ``as_of``.

    ``as_of`` is an instant (naive values are UTC, as in the lake's SQL; None is now); ``tag`` picks the
    lake's version by a table tag or branch and combines with ``as_of``. ``output`` is ``"pandas"``
    (default), ``"polars"`` or ``"arrow"``.
    """

    def __init__(self, catalog: Catalog):
        self.catalog = catalog

    def bars(
        self,
        symbols: Symbols = None,
        start: Day = None,
        end: Day = None,
        *,
        as_of: Instant = None,
        adjusted: bool = False,
        tag: str | None = None,
        columns: Sequence[str] | None = None,
        output: str = "pandas",
    ) -> Any:
        """Daily bars per symbol and session as known at ``as_of``: silver's highest version known then,
        or, ``adjusted=True``, those bars with split- and dividend-adjusted prices under the factors of
        gold.adjustment_factors known then (the columns of ``sql/reads/bars_daily_adjusted.sql``)."""
        if not adjusted:
            return self._read(tables.BARS, symbols, start, end, as_of, tag, columns, output)
        _check_output(output)
        if columns is not None:
            unknown = [c for c in columns if c not in adjusted_read.COLUMNS]
            if unknown:
                raise ValueError(
                    f"columns={list(columns)}: adjusted bars have no column {', '.join(unknown)}; their columns "
                    f"are {', '.join(adjusted_read.COLUMNS)}"
                )
        bars = self._arrow(tables.BARS, symbols, start, end, as_of, tag, None)
        symbols_read = bars.column("symbol").unique().to_pylist()
        if symbols_read:
            factors = self._arrow(tables.FACTORS, symbols_read, None, None, as_of, tag, None)
            rows = adjusted_read.adjust(bars, factors)
        else:
            rows = adjusted_read.adjust(bars, bars.slice(0, 0).select(["symbol", "available_at"]))
        if columns is not None:
            wanted = set(columns) | {"symbol", "session_date"}
            rows = rows.select([c for c in adjusted_read.COLUMNS if c in wanted])
        return frames.convert(rows, output)

    def _per_session(name: str, spec: TableSpec, doc: str):
        """A read of one gold table keyed by symbol and session: features and panel differ in nothing else."""

        def read(
            self,
            symbols: Symbols = None,
            start: Day = None,
            end: Day = None,
            *,
            as_of: Instant = None,
            tag: str | None = None,
            columns: Sequence[str] | None = None,
            output: str = "pandas",
        ) -> Any:
            return self._read(spec, symbols, start, end, as_of, tag, columns, output)

        read.__name__, read.__qualname__, read.__doc__ = name, f"Lake.{name}", doc
        return read

    features = _per_session(
        "features",
        tables.FEATURES,
        "gold.bar_features_daily per symbol and session: the row with the newest ``available_at`` known at "
        "``as_of``.",
    )
    panel = _per_session(
        "panel",
        tables.PANEL,
        "gold.panel_daily (bars, total-return features and fundamentals) per symbol and session: the row "
        "with the newest ``available_at`` known at ``as_of``.",
    )
    del _per_session

    def fundamentals(
        self,
        ciks: int | Iterable[int] | None = None,
        *,
        as_of: Instant = None,
        tag: str | None = None,
        columns: Sequence[str] | None = None,
        output: str = "pandas",
    ) -> Any:
        """gold.fundamentals_pit per vendor and CIK: the snapshot with the newest ``available_at`` known at
        ``as_of``."""
        return self._read(tables.FUNDAMENTALS, ciks, None, None, as_of, tag, columns, output)

    def universe(
        self,
        index: str,
        start: Day = None,
        end: Day = None,
        *,
        as_of: Instant = None,
        tag: str | None = None,
        columns: Sequence[str] | None = None,
        output: str = "pandas",
    ) -> Any:
        """gold.universe_daily: ``index``'s members per session from ``start`` to ``end``, each session's
        as known at its decision instant, among the rows known at ``as_of`` (delisted members included;
        ``security_id`` and ``ticker`` resolved through the security master as known then). The members
        as known at T are those of the last session in the result."""
        return self._read(tables.UNIVERSE, index, start, end, as_of, tag, columns, output)

    def plan(
        self,
        spec: TableSpec,
        symbols: Symbols = None,
        start: Day = None,
        end: Day = None,
        *,
        as_of: Instant = None,
        tag: str | None = None,
    ) -> ScanPlan:
        """The files a read of ``spec`` would open after Iceberg's pruning, without reading them."""
        table, snapshot, row_filter, _ = self._scan_inputs(spec, symbols, start, end, as_of, tag)
        if snapshot is None:
            return ScanPlan(spec.name, None, 0, 0)
        tasks = list(table.scan(row_filter=row_filter, snapshot_id=snapshot.snapshot_id).plan_files())
        return ScanPlan(
            spec.name, snapshot.snapshot_id, len(tasks), sum(t.file.file_size_in_bytes for t in tasks)
        )

    def _read(
        self,
        spec: TableSpec,
        entities: Any,
        start: Day,
        end: Day,
        as_of: Instant,
        tag: str | None,
        columns: Sequence[str] | None,
        output: str,
    ) -> Any:
        _check_output(output)
        return frames.convert(self._arrow(spec, entities, start, end, as_of, tag, columns), output)

    def _arrow(
        self,
        spec: TableSpec,
        entities: Any,
        start: Day,
        end: Day,
        as_of: Instant,
        tag: str | None,
        columns: Sequence[str] | None,
    ) -> Any:
        """The table's rows as known at ``as_of``, per its as-of rule, as an Arrow table."""
        table, snapshot, row_filter, held = self._scan_inputs(spec, entities, start, end, as_of, tag)
        fields = _fields(spec, table, columns)
        if snapshot is None:
            rows = table.schema().as_arrow().empty_table().select(fields)
        else:
            rows = table.scan(
                row_filter=row_filter, selected_fields=tuple(fields), snapshot_id=snapshot.snapshot_id
            ).to_arrow()
        if held is not None:
            rows = held.keep(rows, spec.entity, spec.session)
        return rows if spec.newest is None else newest_per_key(rows, spec.keys, spec.newest)

    def _scan_inputs(self, spec: TableSpec, entities: Any, start: Day, end: Day, as_of: Instant, tag: str | None):
        """The table, its snapshot, the scan's row filter and, for a read by ticker of a per-session table,
        the tickers' securities as known at ``as_of`` (``tickers.resolve``; the table's own snapshot is
        checked first, so its refusal comes before anything else is read)."""
        table = self.catalog.load_table(spec.name)
        snapshot = snapshot_to_read(table, spec.name, tag)
        known_at = datetime.now(timezone.utc) if as_of is None else filters.instant(as_of, "as_of")
        wanted = filters.entities(entities)
        held = None
        if wanted is not None and spec.entity == "symbol" and spec.session is not None:
            held = tickers.resolve(self.catalog, [str(w) for w in wanted], known_at, tag)
            wanted = held.symbols
        row_filter = filters.row_filter(
            spec,
            known_at,
            wanted,
            filters.day(start, "start"),
            filters.day(end, "end"),
        )
        return table, snapshot, row_filter, held


def _check_output(output: str) -> None:
    if output not in frames.OUTPUTS:
        raise ValueError(f"output={output!r}: choose one of {', '.join(frames.OUTPUTS)}")


def _fields(spec: TableSpec, table: Any, columns: Sequence[str] | None) -> list[str]:
    """The columns to read and return: the asked ones plus the key and the newest column, in the table's order."""
    names = [field.name for field in table.schema().fields]
    if columns is None:
        return names
    unknown = [c for c in columns if c not in names]
    if unknown:
        raise ValueError(
            f"columns={list(columns)}: {spec.name} has no column {', '.join(unknown)}; its columns are "
            f"{', '.join(names)}"
        )
    wanted = set(columns) | set(spec.keys) | ({spec.newest} if spec.newest else set())
    return [n for n in names if n in wanted]

