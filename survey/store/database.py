"""Connections and the `Store`: one object callers ask for everything stored.

Everything else asks a `Store` for what it needs. Statements take parameters, never
formatted strings. Writes that belong together run in one `transaction()`, which takes
SQLite's write lock up front (BEGIN IMMEDIATE) so that concurrent writers wait for
`busy_timeout` instead of failing half-way.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from sqlite_utils import Database

from survey.fielding.questionnaire import Questionnaire, loads
from survey.store import schema
from survey.store.accounts import AccountQueries
from survey.store.exchange import ExchangeQueries
from survey.store.privacy import SEARCH_IDS, PrivacyQueries
from survey.store.reports import ReportQueries
from survey.store.rows import StaffListing, UserRow
from survey.store.workbench import WorkbenchQueries

BUSY_TIMEOUT_MS = 5000
MAX_EMAIL = 254  # the longest e-mail address SMTP allows; anything longer is not one
MAX_ADDRESS = 64
BUSY_RETRIES = 3
MIGRATIONS_TABLE = "_migrations"


@lru_cache(maxsize=128)
def _parse_version(content_hash: str, source: str, name: str) -> Questionnaire:
    """Versions never change, so each is parsed once per process (keyed by its hash)."""
    return loads(source, name)


class DatabaseError(RuntimeError):
    """A database that cannot be opened or used as it is; the message says why and what to do."""


def fts_query(text: str) -> str | None:
    """A safe FTS5 query from what a user typed: every word quoted (so no search syntax
    can be injected) and matched as a prefix; all words must occur."""
    words = [w for w in re.findall(r"\w+", text, flags=re.UNICODE) if w]
    if not words:
        return None
    return " ".join('"' + w.replace('"', '""') + '"*' for w in words[:12])


def parse_attributes(raw: str | None) -> dict[str, str]:
    """A respondent's or invitation's stored attributes (JSON), tolerant of bad data."""
    try:
        value = json.loads(raw or "{}")
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


def now() -> str:
    """UTC time as ISO 8601 with seconds, the format every timestamp column uses."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def connect(path: str | Path, *, create: bool = False) -> Store:
    """Open the database at `path`; with `create`, make the file if it is missing.

    Checks the path first, so that a typo or a read-only file gives a message
    instead of a new empty database or an error deep inside a request.
    """
    path = Path(path)
    if str(path) != ":memory:":
        if not path.parent.is_dir():
            raise DatabaseError(f"the folder {path.parent} does not exist (database path {path})")
        if path.is_dir():
            raise DatabaseError(f"{path} is a folder, not a database file")
        if not path.exists() and not create:
            raise DatabaseError(f"no database at {path}; create it with `survey init --db {path}`")
        if path.exists() and not os.access(path, os.R_OK | os.W_OK):
            raise DatabaseError(f"the database {path} is read-only or unreadable for this user")
        if not path.exists() and not os.access(path.parent, os.W_OK):
            raise DatabaseError(
                f"cannot create a database in {path.parent}: the folder is read-only"
            )
    try:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        # Deleted content is overwritten, not merely unlinked: an erased answer must not
        # live on in free pages, and so in every backup taken later.
        conn.execute("PRAGMA secure_delete = ON")
        if str(path) != ":memory:":
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"{path} is not a usable SQLite database: {exc}") from None
    return Store(Database(conn), path)


@dataclass
class Store(WorkbenchQueries, ExchangeQueries, ReportQueries, PrivacyQueries, AccountQueries):
    """A connection to one survey database, with every query the app makes."""

    db: Database
    path: Path
    # Questionnaire versions never change once stored: their rows and question ids are
    # remembered for the life of the connection.
    _versions: dict[int, dict[str, Any]] = field(default_factory=dict, repr=False)
    _question_ids: dict[int, dict[str, int]] = field(default_factory=dict, repr=False)

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """All writes inside commit together or not at all. A nested block joins the
        outer transaction: an error anywhere rolls the whole of it back."""
        conn = self.db.conn
        if conn.in_transaction:
            yield self
            return
        for attempt in range(BUSY_RETRIES + 1):
            try:
                conn.execute("BEGIN IMMEDIATE")
                break
            except sqlite3.OperationalError as exc:
                # busy_timeout already waited; under a burst of writers try a few more
                # times before giving up with the friendly 503 page.
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise
                if attempt == BUSY_RETRIES:
                    raise DatabaseError(f"the database stayed busy: {exc}") from None
                time.sleep(0.05 * 2**attempt)
        try:
            yield self
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        else:
            conn.execute("COMMIT")

    def _all(self, sql: str, params: Mapping[str, Any] | tuple = ()) -> list[dict[str, Any]]:
        # Straight to sqlite3: the hot paths read a few rows many times per request.
        cursor = self.db.conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def _one(self, sql: str, params: Mapping[str, Any] | tuple = ()) -> dict[str, Any] | None:
        rows = self._all(sql, params)
        return rows[0] if rows else None

    # --- migrations -----------------------------------------------------------------

    def applied_migrations(self) -> list[str]:
        if not self.db[MIGRATIONS_TABLE].exists():
            return []
        return [r["name"] for r in self._all("SELECT name FROM _migrations ORDER BY name")]

    def ready(self) -> bool:
        """The database answers and its schema is current: what a health check asks."""
        try:
            self.db.execute("SELECT 1").fetchone()
            return not self.pending_migrations()
        except (DatabaseError, sqlite3.Error):
            return False

    def pending_migrations(self) -> list[str]:
        self._check_known()
        applied = set(self.applied_migrations())
        return [name for name, _ in schema.MIGRATIONS if name not in applied]

    def _check_known(self) -> None:
        known = {name for name, _ in schema.MIGRATIONS}
        applied = self.applied_migrations()
        unknown = [name for name in applied if name not in known]
        if unknown:
            raise DatabaseError(
                f"{self.path} was written by a newer version of this tool "
                f"(migration {unknown[-1]} is unknown here); upgrade the tool before using it"
            )
        if not applied:
            other = [
                t
                for t in self.db.table_names()
                if not t.startswith("sqlite_") and t != MIGRATIONS_TABLE
            ]
            if other:
                raise DatabaseError(
                    f"{self.path} is not a survey database (it has tables {', '.join(other[:5])} "
                    "but no migration record); choose another path"
                )

    def migrate(self, upto: str | None = None) -> list[str]:
        """Apply pending migrations in order, each in its own transaction; return their names."""
        done: list[str] = []
        if not self.db[MIGRATIONS_TABLE].exists():
            self._check_known()
            with self.transaction():
                self.db.table(MIGRATIONS_TABLE).create(
                    {"name": str, "applied_at": str}, pk="name", if_not_exists=True
                )
        self._check_known()
        for name, apply in schema.MIGRATIONS:
            with self.transaction():
                # Checked inside the write lock: another process may have just applied it.
                if self._one("SELECT 1 AS x FROM _migrations WHERE name = ?", (name,)):
                    continue
                apply(self.db)
                self.db.execute(
                    "INSERT INTO _migrations (name, applied_at) VALUES (?, ?)", (name, now())
                )
            done.append(name)
            if name == upto:
                break
        return done

    # --- questionnaires -------------------------------------------------------------

    def import_questionnaire(self, q: Questionnaire, source: str) -> tuple[dict[str, Any], bool]:
        """Store a definition as a new version unless identical content is already stored.

        Returns the version row and whether it was created.
        """
        digest = q.content_hash()
        with self.transaction():
            existing = self._one(
                "SELECT * FROM questionnaire_versions WHERE questionnaire_id = ? AND content_hash = ?",
                (q.id, digest),
            )
            if existing:
                return existing, False
            stamp = now()
            self.db.execute(
                "INSERT OR IGNORE INTO questionnaires (id, created_at) VALUES (?, ?)", (q.id, stamp)
            )
            row = self._one(
                "SELECT COALESCE(MAX(version), 0) + 1 AS next FROM questionnaire_versions "
                "WHERE questionnaire_id = ?",
                (q.id,),
            )
            assert row is not None
            cursor = self.db.execute(
                "INSERT INTO questionnaire_versions "
                "(questionnaire_id, version, title_sv, title_en, content_hash, source, imported_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (q.id, row["next"], q.title["sv"], q.title["en"], digest, source, stamp),
            )
            version_id = cursor.lastrowid
            for question in q.questions():
                self.db.execute(
                    "INSERT INTO questions (version_id, qid, position, page, type, required, "
                    "stance_hint, text_sv, text_en) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        version_id,
                        question.id,
                        question.position,
                        question.page,
                        question.type,
                        int(question.required),
                        question.stance_hint,
                        question.text["sv"],
                        question.text["en"],
                    ),
                )
            created = self._one("SELECT * FROM questionnaire_versions WHERE id = ?", (version_id,))
            assert created is not None
            return created, True

    def questionnaire_summaries(self) -> list[dict[str, Any]]:
        """Each questionnaire with its latest version and how many versions exist."""
        return self._all(
            "SELECT v.questionnaire_id, v.version AS latest_version, v.id AS version_id, "
            "v.title_sv, v.title_en, v.imported_at, "
            "(SELECT COUNT(*) FROM questionnaire_versions w "
            " WHERE w.questionnaire_id = v.questionnaire_id) AS versions "
            "FROM questionnaire_versions v "
            "WHERE v.version = (SELECT MAX(version) FROM questionnaire_versions u "
            "                   WHERE u.questionnaire_id = v.questionnaire_id) "
            "ORDER BY v.questionnaire_id"
        )

    def latest_version(self, questionnaire_id: str) -> dict[str, Any] | None:
        return self._one(
            "SELECT * FROM questionnaire_versions WHERE questionnaire_id = ? "
            "ORDER BY version DESC LIMIT 1",
            (questionnaire_id,),
        )

    def version(self, version_id: int) -> dict[str, Any] | None:
        cached = self._versions.get(version_id)
        if cached is None:
            cached = self._one("SELECT * FROM questionnaire_versions WHERE id = ?", (version_id,))
            if cached is not None:
                self._versions[version_id] = cached
        return cached

    def load_version(self, version_id: int) -> Questionnaire:
        """The definition exactly as it was imported for that version."""
        row = self.version(version_id)
        if row is None:
            raise KeyError(version_id)
        return self.parse_version(row)

    @staticmethod
    def parse_version(row: Mapping[str, Any]) -> Questionnaire:
        """The definition of a version row already at hand."""
        return _parse_version(row["content_hash"], row["source"], row["questionnaire_id"])

    def question_ids(self, version_id: int) -> dict[str, int]:
        """Map from a definition's question id to the stored question row of that version."""
        cached = self._question_ids.get(version_id)
        if cached is None:
            rows = self._all("SELECT id, qid FROM questions WHERE version_id = ?", (version_id,))
            cached = {r["qid"]: r["id"] for r in rows}
            if cached:
                self._question_ids[version_id] = cached
        return dict(cached)

    # --- surveys --------------------------------------------------------------------

    def create_survey(
        self,
        *,
        slug: str,
        version_id: int,
        title: str,
        audience: str | None = None,
        anonymous: bool = True,
        opens_at: str | None = None,
        closes_at: str | None = None,
        attributes: list[str] | tuple[str, ...] = (),
    ) -> dict[str, Any]:
        with self.transaction():
            cursor = self.db.execute(
                "INSERT INTO surveys (slug, version_id, title, audience, anonymous, opens_at, "
                "closes_at, status, created_at, attributes) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?, ?)",
                (
                    slug,
                    version_id,
                    title,
                    audience,
                    int(anonymous),
                    opens_at,
                    closes_at,
                    now(),
                    json.dumps(list(attributes), ensure_ascii=False),
                ),
            )
            row = self._one("SELECT * FROM surveys WHERE id = ?", (cursor.lastrowid,))
        assert row is not None
        return row

    def survey(self, ref: str | int) -> dict[str, Any] | None:
        """A survey by id or by slug, as every command that takes a survey accepts both."""
        if isinstance(ref, int) or (isinstance(ref, str) and ref.isdigit()):
            row = self._one("SELECT * FROM surveys WHERE id = ?", (int(ref),))
            if row is not None:
                return row
        return self.survey_by_slug(str(ref))

    def survey_by_slug(self, slug: str) -> dict[str, Any] | None:
        return self._one("SELECT * FROM surveys WHERE slug = ?", (slug,))

    def survey_overview(self) -> list[dict[str, Any]]:
        """Every survey with its questionnaire and response counts, newest first."""
        return self._all(
            "SELECT s.*, v.questionnaire_id, v.version, "
            "(SELECT COUNT(*) FROM responses r WHERE r.survey_id = s.id) AS started, "
            "(SELECT COUNT(*) FROM responses r WHERE r.survey_id = s.id "
            " AND r.status = 'complete') AS completed, "
            "(SELECT COUNT(*) FROM invitations i WHERE i.survey_id = s.id) AS invited "
            "FROM surveys s JOIN questionnaire_versions v ON v.id = s.version_id "
            "ORDER BY s.created_at DESC, s.id DESC"
        )

    # --- responses ------------------------------------------------------------------

    def create_response(
        self,
        survey_id: int,
        lang: str,
        *,
        invitation_id: int | None = None,
        attributes: Mapping[str, str] | None = None,
        consent_version: str | None = None,
        resume_hash: str | None = None,
    ) -> int:
        stamp = now()
        with self.transaction():
            cursor = self.db.execute(
                "INSERT INTO responses (survey_id, invitation_id, lang, status, attributes, "
                "started_at, updated_at, consent_version, consent_at, resume_hash) "
                "VALUES (?, ?, ?, 'partial', ?, ?, ?, ?, ?, ?)",
                (
                    survey_id,
                    invitation_id,
                    lang,
                    json.dumps(dict(attributes or {}), ensure_ascii=False),
                    stamp,
                    stamp,
                    consent_version,
                    stamp if consent_version else None,
                    resume_hash,
                ),
            )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def response(self, response_id: int) -> dict[str, Any] | None:
        return self._one("SELECT * FROM responses WHERE id = ?", (response_id,))

    def response_by_resume_hash(self, survey_id: int, resume_hash: str) -> dict[str, Any] | None:
        return self._one(
            "SELECT * FROM responses WHERE survey_id = ? AND resume_hash = ? "
            "AND invitation_id IS NULL",
            (survey_id, resume_hash),
        )

    def open_response_for_invitation(self, invitation_id: int) -> dict[str, Any] | None:
        """The invitation's unfinished response, which its link resumes on any device."""
        return self._one(
            "SELECT * FROM responses WHERE invitation_id = ? AND status = 'partial' "
            "ORDER BY id DESC LIMIT 1",
            (invitation_id,),
        )

    def save_answers(
        self, response_id: int, values: Mapping[int, str | None], *, page: int = 0
    ) -> None:
        """Store one page's answers in one transaction; None removes an answer.

        Keyed by stored question id, so an answer is always tied to its version.
        """
        stamp = now()
        removed = [(response_id, q) for q, v in values.items() if v is None]
        kept = [(response_id, q, v, stamp) for q, v in values.items() if v is not None]
        with self.transaction():
            conn = self.db.conn
            if removed:
                conn.executemany(
                    "DELETE FROM answers WHERE response_id = ? AND question_id = ?", removed
                )
            if kept:
                conn.executemany(
                    "INSERT INTO answers (response_id, question_id, value, updated_at) "
                    "VALUES (?, ?, ?, ?) ON CONFLICT (response_id, question_id) "
                    "DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                    kept,
                )
            self.db.execute(
                "UPDATE responses SET updated_at = ?, last_page = MAX(last_page, ?) WHERE id = ?",
                (stamp, page, response_id),
            )

    def complete_response(self, response_id: int) -> None:
        """Mark complete and count a use of its invitation, once, whatever the retries."""
        stamp = now()
        with self.transaction():
            changed = self.db.execute(
                "UPDATE responses SET status = 'complete', updated_at = ?, completed_at = ? "
                "WHERE id = ? AND status = 'partial'",
                (stamp, stamp, response_id),
            ).rowcount
            if changed:
                self.db.execute(
                    "UPDATE invitations SET uses = uses + 1 WHERE id = "
                    "(SELECT invitation_id FROM responses WHERE id = ?)",
                    (response_id,),
                )

    # --- idempotency ----------------------------------------------------------------

    def submission(self, key: str) -> dict[str, Any] | None:
        """A submit already handled under this idempotency key, with where it led."""
        return self._one(
            "SELECT s.key, s.response_id, s.target, r.survey_id, r.invitation_id, "
            "r.resume_hash FROM submissions s "
            "JOIN responses r ON r.id = s.response_id WHERE s.key = ?",
            (key,),
        )

    def record_submission(self, key: str, response_id: int, target: str) -> None:
        self.db.execute(
            "INSERT INTO submissions (key, response_id, target, created_at) VALUES (?, ?, ?, ?)",
            (key, response_id, target, now()),
        )

    # --- invitations ----------------------------------------------------------------

    def create_invitation(
        self,
        survey_id: int,
        token_hash: str,
        *,
        name: str = "",
        email: str = "",
        attributes: Mapping[str, str] | None = None,
        max_uses: int = 1,
        expires_at: str | None = None,
    ) -> int:
        with self.transaction():
            cursor = self.db.execute(
                "INSERT INTO invitations (survey_id, token_hash, name, email, attributes, "
                "max_uses, uses, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)",
                (
                    survey_id,
                    token_hash,
                    name,
                    email,
                    json.dumps(dict(attributes or {}), ensure_ascii=False),
                    max_uses,
                    expires_at,
                    now(),
                ),
            )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def invitation_by_token_hash(self, token_hash: str) -> dict[str, Any] | None:
        return self._one("SELECT * FROM invitations WHERE token_hash = ?", (token_hash,))

    def live_invitations(self, survey_id: int) -> list[dict[str, Any]]:
        """Invitations not revoked whose link can be made again (they have a nonce)."""
        return self._all(
            "SELECT id, name, email, attributes, nonce FROM invitations "
            "WHERE survey_id = ? AND revoked_at IS NULL AND nonce IS NOT NULL ORDER BY id",
            (survey_id,),
        )

    def reissue_invitation(self, invitation_id: int, token_hash: str, nonce: str) -> None:
        """A new link for the same person: the old link's hash is replaced, so the old
        link stops working; the response so far stays with the invitation."""
        with self.transaction():
            self.db.execute(
                "UPDATE invitations SET token_hash = ?, nonce = ? WHERE id = ?",
                (token_hash, nonce, invitation_id),
            )

    def revoke_invitation(self, invitation_id: int) -> None:
        with self.transaction():
            self.db.execute(
                "UPDATE invitations SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?",
                (now(), invitation_id),
            )

    def answers(self, response_id: int) -> dict[str, str]:
        """A response's answers keyed by the definition's question id."""
        rows = self._all(
            "SELECT q.qid, a.value FROM answers a JOIN questions q ON q.id = a.question_id "
            "WHERE a.response_id = ?",
            (response_id,),
        )
        return {r["qid"]: r["value"] for r in rows}

    def count_responses(self, survey_id: int, status: str | None = None) -> int:
        row = self._one(
            "SELECT COUNT(*) AS n FROM responses WHERE survey_id = ? AND (? IS NULL OR status = ?)",
            (survey_id, status, status),
        )
        return row["n"] if row else 0

    # --- accounts -------------------------------------------------------------------

    def count_users(self, role: str | None = None) -> int:
        row = self._one(
            "SELECT COUNT(*) AS n FROM users WHERE disabled = 0 AND (? IS NULL OR role = ?)",
            (role, role),
        )
        return row["n"] if row else 0

    def create_user(self, email: str, password_hash: str, role: str, name: str = "") -> int:
        with self.transaction():
            cursor = self.db.execute(
                "INSERT INTO users (email, name, password_hash, role, disabled, created_at) "
                "VALUES (?, ?, ?, ?, 0, ?)",
                (email.strip().lower(), name, password_hash, role, now()),
            )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def user(self, user_id: int) -> UserRow | None:
        return cast(
            UserRow | None,
            self._one("SELECT * FROM users WHERE id = ? AND disabled = 0", (user_id,)),
        )

    def user_by_email(self, email: str) -> UserRow | None:
        return cast(
            UserRow | None,
            self._one(
                "SELECT * FROM users WHERE email = ? AND disabled = 0", (email.strip().lower(),)
            ),
        )

    def add_setup_token(self, token_hash: str, expires_at: str) -> None:
        """A new first-run link replaces any earlier unused one."""
        with self.transaction():
            self.db.execute("DELETE FROM setup_tokens WHERE used_at IS NULL")
            self.db.execute(
                "INSERT INTO setup_tokens (token_hash, created_at, expires_at) VALUES (?, ?, ?)",
                (token_hash, now(), expires_at),
            )

    def setup_token_valid(self, token_hash: str) -> bool:
        row = self._one(
            "SELECT 1 AS ok FROM setup_tokens WHERE token_hash = ? AND used_at IS NULL "
            "AND expires_at > ?",
            (token_hash, now()),
        )
        return row is not None

    def create_first_admin(self, token_hash: str, email: str, password_hash: str) -> int | None:
        """Use the setup token and create the admin in one step; None if the token is spent."""
        with self.transaction():
            if not self.setup_token_valid(token_hash) or self.count_users("admin"):
                return None
            self.db.execute(
                "UPDATE setup_tokens SET used_at = ? WHERE token_hash = ?", (now(), token_hash)
            )
            return self.create_user(email, password_hash, "admin")

    # --- coding engine --------------------------------------------------------------

    def import_codebook(self, name: str, language: str, content_hash: str, source: str) -> int:
        """The stored codebook version for this content, created on first sight."""
        with self.transaction():
            row = self._one("SELECT id FROM codebooks WHERE content_hash = ?", (content_hash,))
            if row:
                return row["id"]
            cursor = self.db.execute(
                "INSERT INTO codebooks (name, language, content_hash, source, imported_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (name, language, content_hash, source, now()),
            )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def open_answers(self, survey_id: int) -> list[dict[str, Any]]:
        """Every open-text answer of a survey, with its question id, for coding."""
        return self._all(
            "SELECT a.id, a.value AS text, q.qid AS question, q.stance_hint, q.text_sv AS question_sv, "
            "q.text_en AS question_en, r.id AS response_id "
            "FROM answers a JOIN questions q ON q.id = a.question_id "
            "JOIN responses r ON r.id = a.response_id "
            "WHERE r.survey_id = ? AND q.type IN ('text', 'textarea') ORDER BY a.id",
            (survey_id,),
        )

    def replace_suggestions(
        self, codebook_id: int, answer_ids: list[int], rows: list[tuple[Any, ...]]
    ) -> None:
        """Store fresh suggestions for these answers in one transaction. A suggestion
        found again (same answer, theme and span) keeps its id, so a page showing it can
        still accept it; the rest of the old unreviewed ones go. Reviewed suggestions
        always stay: their decisions are the engine's training data.

        Each row: (answer_id, theme, start, end, stance, score, source, evidence).
        """
        stamp = now()
        with self.transaction():
            old = {
                (r["answer_id"], r["theme"], r["start"], r["end"]): r["id"]
                for r in self._all(
                    "SELECT s.id, s.answer_id, s.theme, s.start, s.end FROM suggestions s "
                    "WHERE s.answer_id IN (SELECT value FROM json_each(?)) "
                    "AND +s.codebook_id = ? AND NOT EXISTS "
                    "(SELECT 1 FROM suggestion_reviews v WHERE v.suggestion_id = s.id)",
                    (json.dumps(answer_ids), codebook_id),
                )
            }
            kept: list[tuple[Any, ...]] = []
            fresh: list[tuple[Any, ...]] = []
            for r in rows:
                same = old.pop((r[0], r[1], r[2], r[3]), None)
                if same is None:
                    fresh.append((r[0], codebook_id, *r[1:], stamp))
                else:
                    kept.append((r[4], r[5], r[6], r[7], stamp, same))
            self.db.conn.executemany(
                "DELETE FROM suggestions WHERE id = ?", [(i,) for i in old.values()]
            )
            self.db.conn.executemany(
                "UPDATE suggestions SET stance = ?, score = ?, source = ?, evidence = ?, "
                "created_at = ? WHERE id = ?",
                kept,
            )
            self.db.conn.executemany(
                "INSERT INTO suggestions (answer_id, codebook_id, theme, start, end, stance, "
                "score, source, evidence, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                fresh,
            )

    def analyze(self) -> None:
        """Refresh the query planner's statistics after a large write (a coding run):
        without them SQLite may walk every suggestion instead of one answer's."""
        self.db.conn.execute("ANALYZE")

    def count_suggestions(self, codebook_id: int) -> int:
        row = self._one(
            "SELECT COUNT(*) AS n FROM suggestions WHERE codebook_id = ?", (codebook_id,)
        )
        return row["n"] if row else 0

    # --- administration -------------------------------------------------------------

    def users(self) -> list[StaffListing]:
        return cast(
            list[StaffListing],
            self._all(
                "SELECT id, email, name, role, disabled, created_at FROM users ORDER BY email"
            ),
        )

    def disable_user(self, email: str) -> bool:
        """Disabled, and every session of the account ended (also if enabled again)."""
        with self.transaction():
            changed = self.db.execute(
                "UPDATE users SET disabled = 1, session_generation = session_generation + 1 "
                "WHERE email = ? AND disabled = 0",
                (email.strip().lower(),),
            ).rowcount
        return bool(changed)

    def end_sessions(self, user_id: int) -> int:
        """Every session of the account ends: its cookies carry an older generation.
        Returns the new generation."""
        with self.transaction():
            self.db.execute(
                "UPDATE users SET session_generation = session_generation + 1 WHERE id = ?",
                (user_id,),
            )
            row = self._one("SELECT session_generation FROM users WHERE id = ?", (user_id,))
        return int(row["session_generation"]) if row else 0

    def any_user_by_email(self, email: str) -> dict[str, Any] | None:
        """Also disabled accounts: an e-mail address is never reused for a new account."""
        return self._one("SELECT * FROM users WHERE email = ?", (email.strip().lower(),))

    def set_survey_status(self, survey_id: int, status: str) -> None:
        with self.transaction():
            self.db.execute("UPDATE surveys SET status = ? WHERE id = ?", (status, survey_id))

    def invitation_emails(self, survey_id: int) -> set[str]:
        rows = self._all("SELECT email FROM invitations WHERE survey_id = ?", (survey_id,))
        return {r["email"].lower() for r in rows if r["email"]}

    def create_invitations(
        self, survey_id: int, rows: list[tuple[str, str, str, str, str | None]]
    ) -> None:
        """Many invitations in one transaction: (token_hash, name, email, attributes JSON,
        nonce)."""
        stamp = now()
        with self.transaction():
            self.db.conn.executemany(
                "INSERT INTO invitations (survey_id, token_hash, name, email, attributes, "
                "nonce, max_uses, uses, created_at) VALUES (?, ?, ?, ?, ?, ?, 1, 0, ?)",
                [(survey_id, *row, stamp) for row in rows],
            )

    def mail_recipients(self, survey_id: int, kind: str, *, reminder: bool) -> list[dict[str, Any]]:
        """Invitations still to receive message `kind`; reminders skip those who completed."""
        return self._all(
            "SELECT i.* FROM invitations i WHERE i.survey_id = ? AND i.revoked_at IS NULL "
            "AND i.email != '' AND i.nonce IS NOT NULL "
            "AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.invitation_id = i.id AND m.kind = ?) "
            "AND (? = 0 OR NOT EXISTS (SELECT 1 FROM responses r WHERE r.invitation_id = i.id "
            "    AND r.status = 'complete')) ORDER BY i.id",
            (survey_id, kind, int(reminder)),
        )

    def record_message(self, invitation_id: int, kind: str) -> None:
        with self.transaction():
            self.db.execute(
                "INSERT OR IGNORE INTO messages (invitation_id, kind, sent_at) VALUES (?, ?, ?)",
                (invitation_id, kind, now()),
            )

    def reminder_rounds(self, survey_id: int) -> list[str]:
        rows = self._all(
            "SELECT DISTINCT m.kind FROM messages m JOIN invitations i ON i.id = m.invitation_id "
            "WHERE i.survey_id = ? AND m.kind LIKE 'remind-%' ORDER BY m.kind",
            (survey_id,),
        )
        return [r["kind"] for r in rows]

    def response_rows(self, survey_id: int, status: str | None = None) -> list[dict[str, Any]]:
        """Responses with their attributes, oldest first, for exports."""
        return self._all(
            "SELECT id, status, lang, attributes, started_at, completed_at FROM responses "
            "WHERE survey_id = ? AND (? IS NULL OR status = ?) ORDER BY id",
            (survey_id, status, status),
        )

    def answers_by_response(self, survey_id: int) -> dict[int, dict[str, str]]:
        """Every answer of a survey: response id → question id → stored value."""
        rows = self._all(
            "SELECT a.response_id, q.qid, a.value FROM answers a "
            "JOIN responses r ON r.id = a.response_id JOIN questions q ON q.id = a.question_id "
            "WHERE r.survey_id = ?",
            (survey_id,),
        )
        result: dict[int, dict[str, str]] = {}
        for row in rows:
            result.setdefault(row["response_id"], {})[row["qid"]] = row["value"]
        return result

    # --- sign-in throttling and assignments -------------------------------------------

    def record_login_failure(self, email: str, ip: str) -> None:
        with self.transaction():
            self.db.execute(
                "INSERT INTO login_failures (email, ip, at) VALUES (?, ?, ?)",
                (email.strip().lower()[:MAX_EMAIL], ip[:MAX_ADDRESS], now()),
            )
            # Nothing older than a day is needed; keep the table small.
            day_ago = (datetime.now(UTC) - timedelta(days=1)).replace(microsecond=0).isoformat()
            self.db.execute("DELETE FROM login_failures WHERE at < ?", (day_ago,))

    def login_failures_since(
        self, since: str, *, email: str | None = None, ip: str | None = None
    ) -> int:
        row = self._one(
            "SELECT COUNT(*) AS n FROM login_failures WHERE at >= ? "
            "AND (? IS NULL OR email = ?) AND (? IS NULL OR ip = ?)",
            (since, email, email, ip, ip),
        )
        return row["n"] if row else 0

    def last_login_failure(self, email: str, ip: str) -> str | None:
        row = self._one(
            "SELECT MAX(at) AS at FROM login_failures WHERE email = ? AND ip = ?",
            (email.strip().lower()[:MAX_EMAIL], ip[:MAX_ADDRESS]),
        )
        return row["at"] if row else None

    def clear_login_failures(self, email: str, ip: str | None = None) -> None:
        """After a good sign-in: the failures for this account from this address (all
        addresses if none given); others' failures from elsewhere still count."""
        with self.transaction():
            self.db.execute(
                "DELETE FROM login_failures WHERE email = ? AND (? IS NULL OR ip = ?)",
                (email.strip().lower(), ip, ip),
            )

    def set_password(self, user_id: int, password_hash: str) -> None:
        """A new password ends every session of the account (see `end_sessions`)."""
        with self.transaction():
            self.db.execute(
                "UPDATE users SET password_hash = ?, session_generation = session_generation + 1 "
                "WHERE id = ?",
                (password_hash, user_id),
            )

    def assign(self, user_id: int, survey_id: int) -> None:
        with self.transaction():
            self.db.execute(
                "INSERT OR IGNORE INTO survey_assignments (user_id, survey_id, created_at) "
                "VALUES (?, ?, ?)",
                (user_id, survey_id, now()),
            )

    def assigned_survey_ids(self, user_id: int) -> set[int]:
        rows = self._all("SELECT survey_id FROM survey_assignments WHERE user_id = ?", (user_id,))
        return {r["survey_id"] for r in rows}

    def monitoring_rows(self, survey_id: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """(invitations, responses) with what monitoring needs, nothing more."""
        invited = self._all(
            "SELECT id, attributes FROM invitations WHERE survey_id = ? AND revoked_at IS NULL",
            (survey_id,),
        )
        responses = self._all(
            "SELECT id, invitation_id, status, attributes, started_at, completed_at, last_page "
            "FROM responses WHERE survey_id = ?",
            (survey_id,),
        )
        return invited, responses

    def survey_by_id(self, survey_id: int) -> dict[str, Any] | None:
        return self._one("SELECT * FROM surveys WHERE id = ?", (survey_id,))

    def assignments(self, survey_id: int) -> list[dict[str, Any]]:
        return self._all(
            "SELECT u.id, u.email, u.role FROM survey_assignments a JOIN users u ON u.id = a.user_id "
            "WHERE a.survey_id = ? AND u.disabled = 0 ORDER BY u.email",
            (survey_id,),
        )

    def unassign(self, user_id: int, survey_id: int) -> None:
        with self.transaction():
            self.db.execute(
                "DELETE FROM survey_assignments WHERE user_id = ? AND survey_id = ?",
                (user_id, survey_id),
            )

    # --- response browser -------------------------------------------------------------

    def browse_answers(
        self,
        survey_id: int,
        *,
        question: str | None = None,
        search: str | None = None,
        status: str | None = None,
        limit: int = 200,
        masked: bool = True,
    ) -> list[dict[str, Any]]:
        """Answers with their response's attributes, newest first; `search` is matched
        word by word (each word also as a prefix, so "samverkan" finds "samverkansmöten"),
        over the pseudonymised text unless `masked` is False (administrators only)."""
        match = fts_query(search) if search else None
        return self._all(
            "SELECT a.id, a.value, a.response_id, q.qid, q.text_sv, q.text_en, q.type, "  # noqa: S608
            "r.status, r.attributes FROM answers a "
            "JOIN responses r ON r.id = a.response_id JOIN questions q ON q.id = a.question_id "
            "WHERE r.survey_id = :survey AND (:qid IS NULL OR q.qid = :qid) "
            "AND (:status IS NULL OR r.status = :status) AND (:match IS NULL OR a.id IN ("
            + SEARCH_IDS
            + ")) ORDER BY a.response_id DESC, q.position LIMIT :limit",
            {
                "survey": survey_id,
                "qid": question,
                "status": status,
                "match": match,
                "masked": int(masked),
                "limit": limit,
            },
        )

    def response_detail(
        self, response_id: int
    ) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
        response = self.response(response_id)
        if response is None:
            return None, []
        answers = self._all(
            "SELECT q.qid, q.text_sv, q.text_en, q.type, a.value FROM answers a "
            "JOIN questions q ON q.id = a.question_id WHERE a.response_id = ? ORDER BY q.position",
            (response_id,),
        )
        return response, answers
