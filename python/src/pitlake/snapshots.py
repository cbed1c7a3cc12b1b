"""Which snapshot of a table a read uses, and whether PyIceberg can read it correctly.

PyIceberg applies no equality delete files. pitlake writes every table insert-only, with no delete file,
but another engine's row-level delete (Spark or Trino in merge-on-read mode) or an older pitlake's keyed
table leaves them, and a plain scan would then return rows that were deleted: wrong rows, silently. A read
therefore looks at the snapshot's manifests first and refuses such a snapshot with one error that says
what to do.
"""

from pyiceberg.manifest import ManifestContent
from pyiceberg.table import Table
from pyiceberg.table.snapshots import Snapshot


class UnreadableTableError(RuntimeError):
    """The table's snapshot holds delete files: PyIceberg would return rows that were deleted."""


class UnknownTagError(ValueError):
    """No tag or branch of that name exists on the table."""


def snapshot_to_read(table: Table, name: str, tag: str | None) -> Snapshot | None:
    """The snapshot at ``tag`` (the current one without a tag), checked to hold no delete files.

    Returns None for a table that has never been written (it has no rows to read).
    """
    if tag is None:
        snapshot = table.current_snapshot()
    else:
        snapshot = table.snapshot_by_name(tag)
        if snapshot is None:
            known = ", ".join(sorted(table.refs())) or "none"
            raise UnknownTagError(
                f"tag={tag!r}: {name} has no tag or branch of that name (it has: {known}); "
                "pass one of those, or tag=None for the current snapshot"
            )
    if snapshot is not None:
        _check_no_delete_files(table, name, snapshot)
    return snapshot


def _check_no_delete_files(table: Table, name: str, snapshot: Snapshot) -> None:
    """Raises UnreadableTableError if any live delete file is in the snapshot's manifests."""
    delete_files = sum(
        (manifest.added_files_count or 0) + (manifest.existing_files_count or 0)
        for manifest in snapshot.manifests(table.io)
        if manifest.content == ManifestContent.DELETES
    )
    if delete_files:
        summary = snapshot.summary or {}
        equality = summary.get("total-equality-deletes", "?")
        raise UnreadableTableError(
            f"{name} cannot be read correctly from Python: its snapshot {snapshot.snapshot_id} has "
            f"{delete_files} delete file(s) ({equality} equality deletes), which pitlake never writes and "
            "this package does not apply, so a scan could return deleted rows. Read it with `pitlake query` "
            "or Trino/Spark, or rebuild its layer with `pitlake build` (a batch build rewrites the table "
            "without delete files)"
        )
