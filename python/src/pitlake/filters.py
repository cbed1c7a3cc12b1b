"""The scan's row filter, built from a read's arguments, so Iceberg prunes files before any is opened.

Each condition is one PyIceberg expression on a column the tables are partitioned or sorted by
(``session_date``, ``symbol``) or that bounds what was known (``available_at``): manifests and Parquet
statistics then skip the files and row groups that cannot match, which is what keeps a one-symbol
year read small on a lake of many symbols.
"""

from collections.abc import Iterable
from datetime import date, datetime, timezone

from pyiceberg.expressions import (
    AlwaysTrue,
    And,
    BooleanExpression,
    EqualTo,
    GreaterThanOrEqual,
    In,
    LessThanOrEqual,
)

from pitlake.tables import TableSpec


def instant(value: datetime | str, field: str) -> datetime:
    """A UTC instant from a datetime or an ISO-8601 string; naive values are UTC, as in the lake's SQL."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError as e:
            raise ValueError(
                f"{field}={value!r} is not an ISO-8601 instant: write e.g. '2024-06-29T00:15:00Z'"
            ) from e
    if not isinstance(value, datetime):
        raise TypeError(f"{field} must be a datetime or an ISO-8601 string, not {type(value).__name__}")
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


def day(value: date | str | None, field: str) -> date | None:
    """A session date from a date or 'YYYY-MM-DD'; None leaves that end of the range open."""
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError as e:
            raise ValueError(f"{field}={value!r} is not a date: write e.g. '2024-06-28'") from e
    raise TypeError(f"{field} must be a date or a 'YYYY-MM-DD' string, not {type(value).__name__}")


def entities(values: str | int | Iterable[str | int] | None) -> list[str | int] | None:
    """A list of symbols (or CIKs) from one value or many; None means every one."""
    if values is None or isinstance(values, (str, int)):
        return None if values is None else [values]
    return list(values)


def row_filter(
    spec: TableSpec,
    known_at: datetime,
    wanted: list[str | int] | None,
    start: date | None,
    end: date | None,
) -> BooleanExpression:
    """What the scan keeps: rows known at ``known_at`` of the wanted entities within the session range."""
    conditions: list[BooleanExpression] = [LessThanOrEqual("available_at", known_at)]
    if wanted is not None:
        conditions.append(EqualTo(spec.entity, wanted[0]) if len(wanted) == 1 else In(spec.entity, wanted))
    if start is not None:
        conditions.append(GreaterThanOrEqual(spec.session, start))
    if end is not None:
        conditions.append(LessThanOrEqual(spec.session, end))
    expression: BooleanExpression = AlwaysTrue()
    for condition in conditions:
        expression = And(expression, condition)
    return expression
