"""SQL for data protection: the audit log, retention and erasure of respondents' data,
a respondent's data for an access request, and the names to pseudonymise. Mixed into
`Store`."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any

from survey.store.parts import StoreParts

# Rows that hang off a response's answers, deleted child first. Each statement takes
# the JSON list of answer ids as its only parameter.
_ANSWER_CHILDREN = (
    "DELETE FROM memos WHERE target = 'coding' AND target_id IN "
    "(SELECT id FROM codings WHERE answer_id IN (SELECT value FROM json_each(?)))",
    "DELETE FROM memos WHERE target = 'answer' AND target_id IN (SELECT value FROM json_each(?))",
    "DELETE FROM suggestion_reviews WHERE suggestion_id IN "
    "(SELECT id FROM suggestions WHERE answer_id IN (SELECT value FROM json_each(?)))",
    "DELETE FROM suggestions WHERE answer_id IN (SELECT value FROM json_each(?))",
    "DELETE FROM coding_log WHERE answer_id IN (SELECT value FROM json_each(?))",
    "DELETE FROM codings WHERE answer_id IN (SELECT value FROM json_each(?))",
    "DELETE FROM sample_answers WHERE answer_id IN (SELECT value FROM json_each(?))",
    "DELETE FROM sample_done WHERE answer_id IN (SELECT value FROM json_each(?))",
    "DELETE FROM answers WHERE id IN (SELECT value FROM json_each(?))",
)


# The answers a search matches (`:match`): in the pseudonymised index for anyone but an
# administrator (`:masked`), so that prefixes of hidden text find nothing.
SEARCH_IDS = (
    "SELECT rowid FROM answers_fts WHERE :masked = 0 AND answers_fts MATCH :match "
    "UNION ALL SELECT rowid FROM answers_masked_fts "
    "WHERE :masked = 1 AND answers_masked_fts MATCH :match"
)


class PrivacyQueries(StoreParts):
    """Mixed into `Store`; relies on its `db`, `_all`, `_one` and `transaction`."""

    # --- audit ----------------------------------------------------------------------

    def add_audit(
        self,
        stamp: str,
        user_id: int | None,
        actor: str,
        action: str,
        target: str,
        detail: Mapping[str, Any],
    ) -> None:
        self.db.conn.execute(
            "INSERT INTO audit_log (at, user_id, actor, action, target, detail) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (stamp, user_id, actor, action, target, json.dumps(detail, ensure_ascii=False)),
        )

    def audit_entries(
        self, action: str | None = None, limit: int = 200, offset: int = 0
    ) -> list[dict[str, Any]]:
        return self._all(
            "SELECT * FROM audit_log WHERE (? IS NULL OR action = ?) ORDER BY id DESC "
            "LIMIT ? OFFSET ?",
            (action, action, limit, offset),
        )

    def audit_actions(self) -> list[str]:
        return [r["action"] for r in self._all("SELECT DISTINCT action FROM audit_log ORDER BY 1")]

    def last_audit(self, action: str) -> dict[str, Any] | None:
        return self._one(
            "SELECT * FROM audit_log WHERE action = ? ORDER BY id DESC LIMIT 1", (action,)
        )

    # --- retention and erasure ----------------------------------------------------------

    def set_retention(self, survey_id: int, delete_after: str | None) -> None:
        self.db.conn.execute(
            "UPDATE surveys SET delete_after = ? WHERE id = ?", (delete_after, survey_id)
        )

    def expired_surveys(self, today: str) -> list[dict[str, Any]]:
        return self._all(
            "SELECT * FROM surveys WHERE delete_after IS NOT NULL AND delete_after != '' "
            "AND delete_after < ? AND (EXISTS (SELECT 1 FROM responses r WHERE r.survey_id "
            "= surveys.id) OR EXISTS (SELECT 1 FROM invitations i WHERE i.survey_id = surveys.id))",
            (today,),
        )

    def response_ids(self, survey_id: int) -> list[int]:
        rows = self._all("SELECT id FROM responses WHERE survey_id = ?", (survey_id,))
        return [r["id"] for r in rows]

    def delete_responses(self, response_ids: Sequence[int]) -> int:
        """Every trace of these responses: answers (and their search index, by trigger),
        codings, suggestions, memos on them, samples, submissions. One transaction."""
        ids = json.dumps(list(response_ids))
        with self.transaction():
            answers = json.dumps(
                [
                    r["id"]
                    for r in self._all(
                        "SELECT id FROM answers WHERE response_id IN (SELECT value FROM json_each(?))",
                        (ids,),
                    )
                ]
            )
            for statement in _ANSWER_CHILDREN:
                self.db.conn.execute(statement, (answers,))
            self.db.conn.execute(
                "DELETE FROM submissions WHERE response_id IN (SELECT value FROM json_each(?))",
                (ids,),
            )
            return self.db.conn.execute(
                "DELETE FROM responses WHERE id IN (SELECT value FROM json_each(?))", (ids,)
            ).rowcount

    def forget_deleted_text(self) -> None:
        """After a deletion: the search indexes rewritten without what was deleted (an
        FTS5 delete only marks a row; its words stay in the index's segments until
        they are merged), and the write-ahead log emptied of the pages that held it.
        With `secure_delete` every freed byte is zeroed on the way. Called after the
        deleting transaction has committed."""
        with self.transaction():
            self.db.conn.execute("INSERT INTO answers_fts (answers_fts) VALUES ('rebuild')")
            self.db.conn.execute(
                "INSERT INTO answers_masked_fts (answers_masked_fts) VALUES ('optimize')"
            )
        # A reader may hold the log: then the next checkpoint overwrites it.
        with contextlib.suppress(sqlite3.OperationalError):
            self.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def delete_invitations(self, invitation_ids: Sequence[int]) -> int:
        ids = json.dumps(list(invitation_ids))
        with self.transaction():
            self.db.conn.execute(
                "DELETE FROM messages WHERE invitation_id IN (SELECT value FROM json_each(?))",
                (ids,),
            )
            return self.db.conn.execute(
                "DELETE FROM invitations WHERE id IN (SELECT value FROM json_each(?))", (ids,)
            ).rowcount

    def invitation_ids(self, survey_id: int) -> list[int]:
        rows = self._all("SELECT id FROM invitations WHERE survey_id = ?", (survey_id,))
        return [r["id"] for r in rows]

    def invitations_by_email(self, survey_id: int, email: str) -> list[dict[str, Any]]:
        return self._all(
            "SELECT * FROM invitations WHERE survey_id = ? AND lower(email) = lower(?)",
            (survey_id, email.strip()),
        )

    def responses_of_invitation(self, invitation_id: int) -> list[dict[str, Any]]:
        return self._all("SELECT * FROM responses WHERE invitation_id = ?", (invitation_id,))

    def respondent_answers(self, response_id: int) -> list[dict[str, Any]]:
        return self._all(
            "SELECT q.qid, q.text_sv, q.text_en, a.value, a.updated_at FROM answers a "
            "JOIN questions q ON q.id = a.question_id WHERE a.response_id = ? ORDER BY q.position",
            (response_id,),
        )

    def respondent_codings(self, response_id: int) -> list[dict[str, Any]]:
        return self._all(
            "SELECT q.qid, k.label, c.start, c.end, c.stance, c.created_at FROM codings c "
            "JOIN codes k ON k.id = c.code_id JOIN answers a ON a.id = c.answer_id "
            "JOIN questions q ON q.id = a.question_id WHERE a.response_id = ? "
            "AND c.deleted_at IS NULL ORDER BY q.position, c.id",
            (response_id,),
        )

    # --- names to pseudonymise ------------------------------------------------------------

    def set_pseudonym_names(self, survey_id: int, names: Sequence[str]) -> None:
        self.db.conn.execute(
            "UPDATE surveys SET pseudonym_names = ? WHERE id = ?",
            (json.dumps(list(names), ensure_ascii=False), survey_id),
        )

    def pseudonym_names(self, survey_id: int) -> list[str]:
        """The invitation list's names and the names an administrator added."""
        row = self._one("SELECT pseudonym_names FROM surveys WHERE id = ?", (survey_id,)) or {}
        try:
            added = [str(n) for n in json.loads(row.get("pseudonym_names") or "[]")]
        except ValueError:
            added = []
        listed = self._all(
            "SELECT DISTINCT name FROM invitations WHERE survey_id = ? AND trim(name) != ''",
            (survey_id,),
        )
        return list(dict.fromkeys([*(r["name"] for r in listed), *added]))

    def name_salt(self, survey_id: int) -> str | None:
        row = self._one("SELECT name_salt FROM surveys WHERE id = ?", (survey_id,)) or {}
        return row.get("name_salt") or None

    def set_name_salt(self, survey_id: int, salt: str) -> str:
        """The survey's salt for hashed names, set once: a salt already there wins."""
        with self.transaction():
            self.db.conn.execute(
                "UPDATE surveys SET name_salt = ? WHERE id = ? AND name_salt IS NULL",
                (salt, survey_id),
            )
            return self.name_salt(survey_id) or salt

    def names_of_invitations(self, invitation_ids: Sequence[int]) -> list[str]:
        rows = self._all(
            "SELECT name FROM invitations WHERE id IN (SELECT value FROM json_each(?)) "
            "AND trim(name) != ''",
            (json.dumps(list(invitation_ids)),),
        )
        return [r["name"] for r in rows]

    def add_hidden_names(
        self, survey_id: int, forms: Sequence[tuple[str, bool, bool, Sequence[str]]]
    ) -> None:
        """Spellings of a name kept only as hashes: (digest, ambiguous, full, base digests)."""
        with self.transaction():
            self.db.conn.executemany(
                "INSERT OR IGNORE INTO hidden_names (survey_id, digest, ambiguous, full, bases) "
                "VALUES (?, ?, ?, ?, ?)",
                [(survey_id, d, int(a), int(f), " ".join(b)) for d, a, f, b in forms],
            )

    def hidden_names(self, survey_id: int) -> list[tuple[str, bool, bool, tuple[str, ...]]]:
        rows = self._all(
            "SELECT digest, ambiguous, full, bases FROM hidden_names WHERE survey_id = ? "
            "ORDER BY digest",
            (survey_id,),
        )
        return [
            (r["digest"], bool(r["ambiguous"]), bool(r["full"]), tuple(r["bases"].split()))
            for r in rows
        ]

    # --- search over pseudonymised text ---------------------------------------------------

    def survey_answer_values(self, survey_id: int) -> list[dict[str, Any]]:
        """Every answer of a survey (id, value), for the pseudonymised search index."""
        return self._all(
            "SELECT a.id, a.value FROM answers a JOIN responses r ON r.id = a.response_id "
            "WHERE r.survey_id = ? ORDER BY a.id",
            (survey_id,),
        )

    def survey_answers_state(self, survey_id: int) -> str:
        """Changes whenever an answer of the survey is added, edited or removed."""
        row = (
            self._one(
                "SELECT COUNT(*) AS n, MAX(a.id) AS last, MAX(a.updated_at) AS edited, "
                "TOTAL(a.id) AS ids FROM answers a JOIN responses r ON r.id = a.response_id "
                "WHERE r.survey_id = ?",
                (survey_id,),
            )
            or {}
        )
        return f"{row.get('n')}:{row.get('last')}:{row.get('edited')}:{row.get('ids')}"

    def masked_search_signature(self, survey_id: int) -> str | None:
        row = self._one(
            "SELECT signature FROM masked_search_state WHERE survey_id = ?", (survey_id,)
        )
        return row["signature"] if row else None

    def replace_masked_search(
        self, survey_id: int, signature: str, rows: Sequence[tuple[int, str]]
    ) -> None:
        """The survey's rows of the pseudonymised index, all replaced in one transaction
        (checked again under the write lock: another worker may have just done it)."""
        with self.transaction():
            if self.masked_search_signature(survey_id) == signature:
                return
            self.db.conn.execute(
                "DELETE FROM answers_masked_fts WHERE rowid IN (SELECT a.id FROM answers a "
                "JOIN responses r ON r.id = a.response_id WHERE r.survey_id = ?)",
                (survey_id,),
            )
            self.db.conn.executemany(
                "INSERT INTO answers_masked_fts (rowid, value) VALUES (?, ?)", rows
            )
            self.db.conn.execute(
                "INSERT INTO masked_search_state (survey_id, signature) VALUES (?, ?) "
                "ON CONFLICT (survey_id) DO UPDATE SET signature = excluded.signature",
                (survey_id, signature),
            )
