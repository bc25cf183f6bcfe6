"""The store: pragmas, named migrations that upgrade old databases in place, and
transactions that keep writes together."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from survey.config import QUESTIONNAIRE_DIR
from survey.fielding.questionnaire import load_file
from survey.store import DatabaseError, connect, schema


def test_new_database_uses_wal_foreign_keys_and_busy_timeout(tmp_path: Path) -> None:
    store = connect(tmp_path / "s.db", create=True)
    store.migrate()
    pragma = lambda name: store.db.execute(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
    assert pragma("journal_mode") == "wal"
    assert pragma("foreign_keys") == 1
    assert pragma("busy_timeout") >= 1000
    assert store.applied_migrations() == [name for name, _ in schema.MIGRATIONS]
    store.close()


def test_migrating_twice_changes_nothing(tmp_path: Path) -> None:
    store = connect(tmp_path / "s.db", create=True)
    assert store.migrate() == [name for name, _ in schema.MIGRATIONS]
    assert store.migrate() == []
    store.close()


def test_database_from_an_earlier_schema_upgrades_in_place_keeping_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = connect(path, create=True)
    first = schema.MIGRATIONS[0][0]
    assert old.migrate(upto=first) == [first]
    q = load_file(QUESTIONNAIRE_DIR / "chefsenkat.toml")
    row, _ = old.import_questionnaire(q, "source")
    assert not old.db["surveys"].exists()
    old.close()

    upgraded = connect(path)
    applied = upgraded.migrate()
    assert applied == [name for name, _ in schema.MIGRATIONS[1:]]
    assert upgraded.latest_version("chefsenkat")["id"] == row["id"]
    assert len(upgraded.question_ids(row["id"])) == 8
    survey = upgraded.create_survey(slug="efter", version_id=row["id"], title="Efter uppgradering")
    assert upgraded.survey("efter")["id"] == survey["id"]
    upgraded.close()


def test_database_written_by_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    store = connect(path, create=True)
    store.migrate()
    store.db.execute("INSERT INTO _migrations (name, applied_at) VALUES ('9999_future', 'x')")
    store.close()
    with pytest.raises(DatabaseError, match="newer version"):
        connect(path).migrate()


def test_other_sqlite_files_are_not_taken_over(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE kunder (id INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseError, match="not a survey database"):
        connect(path).migrate()
    assert sqlite3.connect(path).execute("SELECT name FROM sqlite_master").fetchall() == [
        ("kunder",)
    ]


def test_missing_folder_missing_file_and_garbage_file_get_clear_messages(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="folder .* does not exist"):
        connect(tmp_path / "saknas" / "s.db", create=True)
    with pytest.raises(DatabaseError, match="no database at .*survey init"):
        connect(tmp_path / "s.db")
    garbage = tmp_path / "trasig.db"
    garbage.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(DatabaseError, match="not a usable SQLite database"):
        connect(garbage).migrate()


def test_a_failed_transaction_leaves_nothing_behind(db) -> None:
    survey = db.survey("demo")
    before = db.count_responses(survey["id"])
    ids = db.question_ids(survey["version_id"])
    with pytest.raises(sqlite3.IntegrityError), db.transaction():
        response_id = db.create_response(survey["id"], "sv")
        db.save_answers(response_id, {ids["q1_roll"]: "Rektor"})
        db.save_answers(response_id, {999_999: "ingen sådan fråga"})
    assert db.count_responses(survey["id"]) == before


def test_survey_is_found_by_id_or_slug(db) -> None:
    by_slug = db.survey("demo")
    assert by_slug is not None
    assert db.survey(str(by_slug["id"]))["slug"] == "demo"
    assert db.survey(by_slug["id"])["slug"] == "demo"
    assert db.survey("finns-inte") is None


def test_a_write_waits_for_a_busy_database_and_then_goes_through(db, db_path) -> None:
    import sqlite3
    import threading
    import time

    from survey.store import database as dbmod

    holder = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    store = dbmod.connect(db_path)
    store.db.conn.execute("PRAGMA busy_timeout = 50")
    threading.Timer(0.2, lambda: holder.execute("COMMIT")).start()
    started = time.perf_counter()
    with store.transaction():
        store.db.conn.execute("UPDATE surveys SET title = title")
    assert time.perf_counter() - started >= 0.15, "it waited for the lock instead of failing"
    holder.close()
    store.close()
