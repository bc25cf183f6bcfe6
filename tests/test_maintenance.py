"""Backup, restore and doctor: a backup taken while the app writes is consistent and
complete up to when it began, a restore checks what it restores and keeps what it
replaces, and doctor says what is wrong."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from survey.store import Store, connect
from tests.conftest import new_survey


def test_a_backup_during_writes_passes_the_integrity_check_and_holds_what_came_before(
    runner, db: Store, db_path: Path, tmp_path: Path
) -> None:
    survey = new_survey(db, "chefsenkat", "last")
    before = {db.create_response(survey["id"], "sv") for _ in range(50)}
    stop = threading.Event()

    def write() -> None:
        store = connect(db_path)
        while not stop.is_set():
            store.create_response(survey["id"], "sv")
        store.close()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        result = runner("backup", str(tmp_path))
    finally:
        stop.set()
        writer.join()
    assert result.exit_code == 0, result.output
    [copy] = list(tmp_path.glob("survey-*.db"))
    conn = sqlite3.connect(copy)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {
        r[0] for r in conn.execute("SELECT id FROM responses WHERE survey_id = ?", (survey["id"],))
    }
    assert before <= stored
    conn.close()
    assert not list(tmp_path.glob("*.partial"))


def test_restore_brings_back_the_backup_and_keeps_the_replaced_database(
    runner, db: Store, db_path: Path, tmp_path: Path
) -> None:
    backup = tmp_path / "kopia.db"
    assert runner("backup", str(backup)).exit_code == 0
    new_survey(db, "chefsenkat", "efter-backup")
    db.close()
    result = runner("restore", str(backup), "--yes")
    assert result.exit_code == 0, result.output
    store = connect(db_path)
    assert store.survey("efter-backup") is None and store.survey("demo") is not None
    store.close()
    kept = list(db_path.parent.glob("survey.db.before-restore-*"))
    assert kept and connect(kept[0]).survey("efter-backup") is not None


def test_restore_refuses_a_file_that_is_not_a_survey_database(
    runner, db_path: Path, tmp_path: Path
) -> None:
    other = tmp_path / "annan.db"
    sqlite3.connect(other).execute("CREATE TABLE x (y)").connection.commit()
    result = runner("restore", str(other), "--yes")
    assert result.exit_code == 1 and "not a survey database" in result.output
    assert connect(db_path).survey("demo") is not None


def test_doctor_reports_a_healthy_database_and_fails_on_a_broken_one(
    runner, db_path: Path, tmp_path: Path
) -> None:
    healthy = runner("doctor")
    assert healthy.exit_code == 0 and "integrity     ok" in healthy.output
    broken = tmp_path / "trasig.db"
    broken.write_bytes(db_path.read_bytes()[:4096] + b"\x00" * 4096)
    result = runner("doctor", db=broken)
    assert result.exit_code == 1
