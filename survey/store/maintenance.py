"""Keeping the database safe: an online backup that stays consistent while the app
serves (SQLite's backup API), a restore that checks what it restores and keeps the
database it replaces, and a health check (`survey doctor`)."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from survey.store import schema
from survey.store.database import MIGRATIONS_TABLE, DatabaseError

# All pages in one step: one read transaction, a consistent snapshot. In WAL mode it
# does not block writers, and it never restarts because someone wrote meanwhile.
PAGES_PER_STEP = -1


@dataclass
class Health:
    path: Path
    integrity: str = "ok"
    foreign_key_problems: int = 0
    journal_mode: str = ""
    applied: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return (
            self.integrity == "ok"
            and not self.foreign_key_problems
            and not self.unknown
            and not self.pending
        )


def _open(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise DatabaseError(f"no database at {path}")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        conn.execute("PRAGMA busy_timeout = 5000")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"{path} is not a usable SQLite database: {exc}") from None
    return conn


def check(path: Path) -> Health:
    """Integrity, foreign keys, migrations and row counts of the database at `path`."""
    conn = _open(path)
    try:
        health = Health(path)
        rows = conn.execute("PRAGMA integrity_check").fetchall()
        health.integrity = "ok" if rows == [("ok",)] else "; ".join(r[0] for r in rows[:5])
        health.foreign_key_problems = len(conn.execute("PRAGMA foreign_key_check").fetchall())
        health.journal_mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if MIGRATIONS_TABLE not in tables:
            raise DatabaseError(f"{path} is not a survey database (no {MIGRATIONS_TABLE} table)")
        health.applied = [
            r[0]
            for r in conn.execute(f"SELECT name FROM {MIGRATIONS_TABLE} ORDER BY name")  # noqa: S608
        ]
        known = [name for name, _ in schema.MIGRATIONS]
        health.pending = [m for m in known if m not in health.applied]
        health.unknown = [m for m in health.applied if m not in known]
        for table in ("surveys", "responses", "answers", "codings", "users"):
            if table in tables:
                health.counts[table] = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
        return health
    finally:
        conn.close()


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%d-%H%M%S")


def backup(source: Path, destination: Path) -> Path:
    """Copy the live database to `destination` (a file, or a folder to put a dated
    file in) with the backup API, then check the copy. The copy is written beside its
    final name and renamed, so a failed backup never leaves a half file."""
    if destination.is_dir():
        destination = destination / f"survey-{_stamp()}.db"
    if not destination.parent.is_dir():
        raise DatabaseError(f"the folder {destination.parent} does not exist")
    if destination.exists():
        raise DatabaseError(f"{destination} exists already; choose another name")
    partial = destination.with_name(destination.name + ".partial")
    src = _open(source)
    try:
        target = sqlite3.connect(partial)
        try:
            src.backup(target, pages=PAGES_PER_STEP)
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        src.close()
    health = check(partial)
    if health.integrity != "ok":
        partial.unlink(missing_ok=True)
        raise DatabaseError(f"the backup failed its integrity check: {health.integrity}")
    os.replace(partial, destination)
    return destination


BACKUP_GLOB = "survey-????????-??????.db"


def prune_backups(folder: Path, keep: int) -> list[Path]:
    """Delete all but the `keep` newest dated backups (`survey-<time>.db`) in `folder`,
    so a nightly timer does not fill the disk; other files are never touched."""
    dated = sorted(folder.glob(BACKUP_GLOB))
    old = dated[: max(0, len(dated) - keep)]
    for path in old:
        path.unlink()
    return old


def restore(source: Path, target: Path) -> Path | None:
    """Replace the database at `target` with the backup at `source`, after checking
    that the backup is a healthy survey database. The replaced database is kept as
    `<target>.before-restore-<time>`; its path is returned (None if there was none).
    Stop the app first: open connections would keep writing to the old file."""
    health = check(source)
    if health.integrity != "ok" or health.unknown:
        raise DatabaseError(
            f"{source} cannot be restored: integrity {health.integrity}; "
            f"unknown migrations {', '.join(health.unknown) or 'none'}"
        )
    kept = None
    if target.exists():
        kept = target.with_name(f"{target.name}.before-restore-{_stamp()}")
        backup(target, kept)
    partial = target.with_name(target.name + ".partial")
    src = _open(source)
    try:
        copy = sqlite3.connect(partial)
        try:
            src.backup(copy)
            copy.execute("PRAGMA journal_mode = WAL")
        finally:
            copy.close()
    finally:
        src.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    os.replace(partial, target)
    return kept
