"""SQL of the evaluators' workbench: codes, codings, the action log, suggestion
reviews, memos, double-coding samples and training runs.

Part of the store: `Store` (store/database.py) inherits these queries, so callers still
ask one object for everything and no SQL lives outside this package. Split off only to
keep each module readable.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, cast

from survey.store.parts import StoreParts
from survey.store.privacy import SEARCH_IDS

# Statements below are built only from these constant fragments (S608 is silenced for
# them); every value goes in as a parameter.
# A coding the viewer may see: not deleted, and in a blind double-coding sample only
# the viewer's own (`:me` is the viewer's user id).
_VISIBLE = (
    "c.deleted_at IS NULL AND (c.coder_id = :me OR NOT EXISTS ("
    "SELECT 1 FROM sample_answers sa JOIN sample_coders sc ON sc.sample_id = sa.sample_id "
    "WHERE sa.answer_id = c.answer_id AND sc.user_id = :me))"
)
# A memo the viewer may read (the same blindness as `_VISIBLE`): their own, and of the
# others' only those not on an answer the viewer codes blind, nor on another coder's
# coding of one. No viewer (`:me` NULL, the command line): every memo.
_MEMO_VISIBLE = (
    "(:me IS NULL OR m.user_id = :me OR NOT EXISTS ("
    "SELECT 1 FROM sample_answers sa JOIN sample_coders sc ON sc.sample_id = sa.sample_id "
    "WHERE sc.user_id = :me AND ((m.target = 'answer' AND sa.answer_id = m.target_id) OR "
    "(m.target = 'coding' AND EXISTS (SELECT 1 FROM codings c WHERE c.id = m.target_id "
    "AND c.answer_id = sa.answer_id AND c.coder_id != :me)))))"
)

_FILTERED_ANSWERS = (
    "SELECT a.id, a.response_id FROM answers a "  # noqa: S608
    "JOIN responses r ON r.id = a.response_id JOIN questions q ON q.id = a.question_id "
    "WHERE r.survey_id = :survey AND q.type IN ('text', 'textarea') AND a.value != '' "
    "AND (:qid IS NULL OR q.qid = :qid) "
    "AND (:sample IS NULL OR a.id IN (SELECT answer_id FROM sample_answers WHERE sample_id = :sample)) "
    "AND (:match IS NULL OR a.id IN (" + SEARCH_IDS + ")) "
    "AND (:code IS NULL OR EXISTS (SELECT 1 FROM codings c WHERE c.answer_id = a.id "
    "AND c.code_id = :code AND " + _VISIBLE + ")) "
    "AND (:uncoded = 0 OR NOT EXISTS (SELECT 1 FROM codings c WHERE c.answer_id = a.id AND "
    + _VISIBLE
    + ")) "
    "AND (:suggested = 0 OR EXISTS (SELECT 1 FROM suggestions s JOIN codes k "
    "ON k.survey_id = :survey AND k.key = s.theme AND k.active = 1 "
    "WHERE s.answer_id = a.id AND +s.codebook_id = :cbid AND NOT EXISTS "
    "(SELECT 1 FROM suggestion_reviews v WHERE v.suggestion_id = s.id))) "
    "AND NOT EXISTS (SELECT 1 FROM json_each(:attrs) f "
    "WHERE json_extract(r.attributes, '$.\"' || f.key || '\"') IS NOT f.value) "
)


class WorkbenchQueries(StoreParts):
    """Mixed into `Store`; relies on its `db`, `_all`, `_one` and `transaction`."""

    def _insert(self, sql: str, params: Sequence[Any] | Mapping[str, Any]) -> int:
        cursor = self.db.conn.execute(sql, params)
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    # --- codes ------------------------------------------------------------------------

    def codes(self, survey_id: int, *, inactive: bool = False) -> list[dict[str, Any]]:
        return self._all(
            "SELECT * FROM codes WHERE survey_id = ? AND (? OR active = 1) ORDER BY position, id",
            (survey_id, int(inactive)),
        )

    def code(self, code_id: int) -> dict[str, Any] | None:
        return self._one("SELECT * FROM codes WHERE id = ?", (code_id,))

    def code_by_key(self, survey_id: int, key: str) -> dict[str, Any] | None:
        return self._one("SELECT * FROM codes WHERE survey_id = ? AND key = ?", (survey_id, key))

    def add_code(self, survey_id: int, row: Mapping[str, Any], stamp: str) -> int:
        return self._insert(
            "INSERT INTO codes (survey_id, key, guid, label, description, color, parent_id, "
            "keywords, position, active, created_at, updated_at) VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, COALESCE(?, (SELECT COALESCE(MAX(position), 0) + 1 "
            "FROM codes WHERE survey_id = ?)), 1, ?, ?)",
            (
                survey_id,
                row["key"],
                row["guid"],
                row["label"],
                row.get("description") or "",
                row.get("color"),
                row.get("parent_id"),
                json.dumps(row.get("keywords") or {}, ensure_ascii=False),
                row.get("position"),
                survey_id,
                stamp,
                stamp,
            ),
        )

    def update_code(self, code_id: int, row: Mapping[str, Any], stamp: str) -> None:
        self.db.conn.execute(
            "UPDATE codes SET label = ?, description = ?, color = ?, parent_id = ?, "
            "keywords = ?, updated_at = ? WHERE id = ?",
            (
                row["label"],
                row.get("description") or "",
                row.get("color"),
                row.get("parent_id"),
                row["keywords"]
                if isinstance(row["keywords"], str)
                else json.dumps(row["keywords"], ensure_ascii=False),
                stamp,
                code_id,
            ),
        )

    def set_code_active(self, code_id: int, active: bool, merged_into: int | None) -> None:
        self.db.conn.execute(
            "UPDATE codes SET active = ?, merged_into = ? WHERE id = ?",
            (int(active), merged_into, code_id),
        )

    def child_code_ids(self, code_id: int) -> list[int]:
        rows = self._all("SELECT id FROM codes WHERE parent_id = ? AND active = 1", (code_id,))
        return [r["id"] for r in rows]

    def set_parents(self, code_ids: Sequence[int], parent_id: int | None) -> None:
        self.db.conn.executemany(
            "UPDATE codes SET parent_id = ? WHERE id = ?", [(parent_id, c) for c in code_ids]
        )

    def code_counts(self, survey_id: int) -> dict[int, int]:
        rows = self._all(
            "SELECT c.code_id, COUNT(DISTINCT c.answer_id) AS n FROM codings c "
            "JOIN codes k ON k.id = c.code_id WHERE k.survey_id = ? AND c.deleted_at IS NULL "
            "GROUP BY c.code_id",
            (survey_id,),
        )
        return {r["code_id"]: r["n"] for r in rows}

    def codebook_rev(self, survey_id: int) -> int:
        row = self._one("SELECT codebook_rev FROM surveys WHERE id = ?", (survey_id,))
        return row["codebook_rev"] if row else 0

    def log_codebook(
        self,
        survey_id: int,
        user_id: int | None,
        action: str,
        detail: Mapping[str, Any],
        stamp: str,
        status: str = "done",
    ) -> int:
        """Record a codebook change and count it in the survey's codebook revision."""
        self.db.conn.execute(
            "UPDATE surveys SET codebook_rev = codebook_rev + 1 WHERE id = ?", (survey_id,)
        )
        self.db.conn.execute(
            "INSERT INTO audit_log (at, user_id, actor, action, target, detail) VALUES "
            "(?, ?, COALESCE((SELECT email FROM users WHERE id = ?), 'cli'), 'codebook_change', "
            "?, ?)",
            (
                stamp,
                user_id,
                user_id,
                f"survey:{survey_id}",
                json.dumps({"action": action, **detail}, ensure_ascii=False)[:4000],
            ),
        )
        return self._insert(
            "INSERT INTO codebook_log (survey_id, user_id, action, detail, status, at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (survey_id, user_id, action, json.dumps(detail, ensure_ascii=False), status, stamp),
        )

    def codebook_log(self, survey_id: int, limit: int = 50) -> list[dict[str, Any]]:
        return self._all(
            "SELECT l.*, u.email FROM codebook_log l LEFT JOIN users u ON u.id = l.user_id "
            "WHERE l.survey_id = ? ORDER BY l.id DESC LIMIT ?",
            (survey_id, limit),
        )

    def codebook_log_entry(self, entry_id: int) -> dict[str, Any] | None:
        return self._one("SELECT * FROM codebook_log WHERE id = ?", (entry_id,))

    def set_codebook_log_status(self, entry_id: int, status: str) -> None:
        self.db.conn.execute("UPDATE codebook_log SET status = ? WHERE id = ?", (status, entry_id))

    def coding_ids_of_code(self, code_id: int) -> list[int]:
        rows = self._all(
            "SELECT id FROM codings WHERE code_id = ? AND deleted_at IS NULL", (code_id,)
        )
        return [r["id"] for r in rows]

    def move_codings(self, coding_ids: Sequence[int], code_id: int) -> None:
        self.db.conn.executemany(
            "UPDATE codings SET code_id = ? WHERE id = ?", [(code_id, c) for c in coding_ids]
        )

    def live_codings_of_code(self, code_id: int) -> list[dict[str, Any]]:
        return self._all(
            "SELECT id, answer_id, coder_id, start, end, consensus FROM codings "
            "WHERE code_id = ? AND deleted_at IS NULL ORDER BY id",
            (code_id,),
        )

    def set_deleted(self, coding_ids: Sequence[int], stamp: str | None) -> None:
        self.db.conn.executemany(
            "UPDATE codings SET deleted_at = ? WHERE id = ?", [(stamp, c) for c in coding_ids]
        )

    def coding_export_rows(self, survey_id: int) -> list[dict[str, Any]]:
        return self._all(
            "SELECT c.*, a.response_id, q.qid, r.attributes, u.email AS coder FROM codings c "
            "JOIN codes k ON k.id = c.code_id JOIN answers a ON a.id = c.answer_id "
            "JOIN questions q ON q.id = a.question_id JOIN responses r ON r.id = a.response_id "
            "JOIN users u ON u.id = c.coder_id WHERE k.survey_id = ? AND c.deleted_at IS NULL "
            "ORDER BY a.response_id, q.position, c.id",
            (survey_id,),
        )

    def codings_of_code(self, code_id: int, me: int, limit: int = 500) -> list[dict[str, Any]]:
        return self._all(
            "SELECT c.*, a.value AS answer, q.qid, u.email AS coder FROM codings c "  # noqa: S608
            "JOIN answers a ON a.id = c.answer_id JOIN questions q ON q.id = a.question_id "
            "JOIN users u ON u.id = c.coder_id WHERE c.code_id = :code AND "
            + _VISIBLE
            + " ORDER BY c.id LIMIT :limit",
            {"code": code_id, "me": me, "limit": limit},
        )

    # --- answers on the grid ------------------------------------------------------------

    def filtered_answers(
        self,
        survey_id: int,
        me: int,
        *,
        qid: str | None = None,
        match: str | None = None,
        code_id: int | None = None,
        uncoded: bool = False,
        suggested: bool = False,
        codebook_id: int | None = None,
        attributes: Mapping[str, str] | None = None,
        sample_id: int | None = None,
        masked: bool = True,
    ) -> list[dict[str, Any]]:
        """(answer id, response id) of the open answers that pass every filter, in
        respondent then question order; `match` runs over the pseudonymised text unless
        `masked` is False (administrators only)."""
        return self._all(
            _FILTERED_ANSWERS + "ORDER BY a.response_id, q.position",
            {
                "survey": survey_id,
                "me": me,
                "qid": qid,
                "match": match,
                "code": code_id,
                "uncoded": int(uncoded),
                "suggested": int(suggested),
                "cbid": codebook_id,
                "attrs": json.dumps(dict(attributes or {}), ensure_ascii=False),
                "sample": sample_id,
                "masked": int(masked),
            },
        )

    def sort_keys(
        self, survey_id: int, me: int, codebook_id: int | None
    ) -> tuple[dict[int, str], dict[int, float]]:
        """Per answer: the label of its first visible code (alphabetically) and its most
        confident open suggestion — what the grid can be sorted by."""
        labels = self._all(
            "SELECT c.answer_id, MIN(k.label) AS label FROM codings c "  # noqa: S608
            "JOIN codes k ON k.id = c.code_id WHERE k.survey_id = :survey AND "
            + _VISIBLE
            + " GROUP BY c.answer_id",
            {"survey": survey_id, "me": me},
        )
        scores = self._all(
            "SELECT s.answer_id, MAX(s.score) AS score FROM suggestions s "
            "JOIN codes k ON k.survey_id = ? AND k.key = s.theme AND k.active = 1 "
            "WHERE s.codebook_id = ? AND NOT EXISTS "
            "(SELECT 1 FROM suggestion_reviews v WHERE v.suggestion_id = s.id) "
            "GROUP BY s.answer_id",
            (survey_id, codebook_id),
        )
        return (
            {r["answer_id"]: r["label"] for r in labels},
            {r["answer_id"]: r["score"] for r in scores},
        )

    def answers_signature(self, survey_id: int) -> tuple[int, int, str]:
        """Changes whenever an open answer is added or edited: (count, last id, last edit)."""
        row = (
            self._one(
                "SELECT COUNT(*) AS n, MAX(a.id) AS last, MAX(a.updated_at) AS edited "
                "FROM answers a JOIN responses r ON r.id = a.response_id "
                "JOIN questions q ON q.id = a.question_id "
                "WHERE r.survey_id = ? AND q.type IN ('text', 'textarea')",
                (survey_id,),
            )
            or {}
        )
        return (row.get("n") or 0, row.get("last") or 0, row.get("edited") or "")

    def attribute_values(self, survey_id: int) -> dict[str, list[str]]:
        """Every respondent attribute of a survey with the values it takes."""
        rows = self._all(
            "SELECT DISTINCT j.key, j.value FROM responses r, json_each(r.attributes) j "
            "WHERE r.survey_id = ? AND j.type = 'text' ORDER BY j.key, j.value",
            (survey_id,),
        )
        values: dict[str, list[str]] = {}
        for r in rows:
            values.setdefault(r["key"], []).append(r["value"])
        return values

    def answers_by_ids(self, answer_ids: Sequence[int]) -> list[dict[str, Any]]:
        if not answer_ids:
            return []
        return self._all(
            "SELECT a.id, a.value, a.response_id, q.qid, q.position, q.stance_hint, "
            "r.survey_id, r.attributes FROM answers a "
            "JOIN questions q ON q.id = a.question_id JOIN responses r ON r.id = a.response_id "
            "WHERE a.id IN (SELECT value FROM json_each(?)) ORDER BY a.response_id, q.position",
            (json.dumps(list(answer_ids)),),
        )

    def open_answers_of_responses(self, response_ids: Sequence[int]) -> list[dict[str, Any]]:
        return self._all(
            "SELECT a.id, a.value, a.response_id, q.qid, q.position, q.stance_hint, "
            "r.survey_id, r.attributes FROM answers a "
            "JOIN questions q ON q.id = a.question_id JOIN responses r ON r.id = a.response_id "
            "WHERE a.response_id IN (SELECT value FROM json_each(?)) "
            "AND q.type IN ('text', 'textarea') AND a.value != '' "
            "ORDER BY a.response_id, q.position",
            (json.dumps(list(response_ids)),),
        )

    def answer_for_coding(self, answer_id: int) -> dict[str, Any] | None:
        return self._one(
            "SELECT a.id, a.value, a.response_id, q.qid, q.type, q.stance_hint, r.survey_id, "
            "q.text_sv AS question_sv, q.text_en AS question_en "
            "FROM answers a JOIN questions q ON q.id = a.question_id "
            "JOIN responses r ON r.id = a.response_id WHERE a.id = ?",
            (answer_id,),
        )

    # --- codings ------------------------------------------------------------------------

    def visible_codings(self, answer_ids: Sequence[int], me: int) -> list[dict[str, Any]]:
        if not answer_ids:
            return []
        return self._all(
            "SELECT c.*, u.email AS coder FROM codings c JOIN users u ON u.id = c.coder_id "  # noqa: S608
            "WHERE c.answer_id IN (SELECT value FROM json_each(:ids)) AND "
            + _VISIBLE
            + " ORDER BY c.answer_id, c.id",
            {"ids": json.dumps(list(answer_ids)), "me": me},
        )

    def coding(self, coding_id: int) -> dict[str, Any] | None:
        return self._one("SELECT * FROM codings WHERE id = ?", (coding_id,))

    def add_coding(self, row: Mapping[str, Any], stamp: str) -> int:
        return self._insert(
            "INSERT INTO codings (answer_id, code_id, coder_id, start, end, quote, stance, "
            "source, suggestion_id, consensus, created_at) VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                row["answer_id"],
                row["code_id"],
                row["coder_id"],
                row.get("start"),
                row.get("end"),
                row["quote"],
                row.get("stance") or "",
                row.get("source") or "human",
                row.get("suggestion_id"),
                int(bool(row.get("consensus"))),
                stamp,
            ),
        )

    def same_coding(
        self, answer_id: int, code_id: int, coder_id: int, start: int | None, end: int | None
    ) -> dict[str, Any] | None:
        return self._one(
            "SELECT * FROM codings WHERE answer_id = ? AND code_id = ? AND coder_id = ? "
            "AND start IS ? AND end IS ? AND deleted_at IS NULL AND consensus = 0",
            (answer_id, code_id, coder_id, start, end),
        )

    def set_stance(self, coding_id: int, stance: str) -> None:
        self.db.conn.execute("UPDATE codings SET stance = ? WHERE id = ?", (stance, coding_id))

    def answer_rev(self, answer_id: int, me: int) -> int:
        """The last action on an answer that the viewer can see (the revision a page
        was built from; an older one sent back means someone changed it meanwhile)."""
        row = self._one(
            "SELECT MAX(l.id) AS rev FROM coding_log l WHERE l.answer_id = :answer AND "
            "(l.user_id = :me OR NOT EXISTS (SELECT 1 FROM sample_answers sa "
            "JOIN sample_coders sc ON sc.sample_id = sa.sample_id "
            "WHERE sa.answer_id = l.answer_id AND sc.user_id = :me))",
            {"answer": answer_id, "me": me},
        )
        return (row or {}).get("rev") or 0

    def answer_revs(self, answer_ids: Sequence[int], me: int) -> dict[int, int]:
        if not answer_ids:
            return {}
        rows = self._all(
            "SELECT l.answer_id, MAX(l.id) AS rev FROM coding_log l "
            "WHERE l.answer_id IN (SELECT value FROM json_each(:ids)) AND "
            "(l.user_id = :me OR NOT EXISTS (SELECT 1 FROM sample_answers sa "
            "JOIN sample_coders sc ON sc.sample_id = sa.sample_id "
            "WHERE sa.answer_id = l.answer_id AND sc.user_id = :me)) GROUP BY l.answer_id",
            {"ids": json.dumps(list(answer_ids)), "me": me},
        )
        return {r["answer_id"]: r["rev"] for r in rows}

    def log_action(
        self,
        survey_id: int,
        answer_id: int,
        user_id: int,
        action: str,
        stamp: str,
        coding_id: int | None = None,
        suggestion_id: int | None = None,
        detail: str | None = None,
    ) -> int:
        return self._insert(
            "INSERT INTO coding_log (survey_id, answer_id, user_id, action, coding_id, "
            "suggestion_id, detail, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (survey_id, answer_id, user_id, action, coding_id, suggestion_id, detail, stamp),
        )

    def last_action(self, survey_id: int, user_id: int) -> dict[str, Any] | None:
        return self._one(
            "SELECT * FROM coding_log WHERE survey_id = ? AND user_id = ? AND undone = 0 "
            "AND action != 'undo' ORDER BY id DESC LIMIT 1",
            (survey_id, user_id),
        )

    def mark_undone(self, log_id: int) -> None:
        self.db.conn.execute("UPDATE coding_log SET undone = 1 WHERE id = ?", (log_id,))

    # --- suggestions --------------------------------------------------------------------

    def set_suggestion_codebook(self, survey_id: int, codebook_id: int) -> None:
        self.db.conn.execute(
            "UPDATE surveys SET suggestion_codebook_id = ? WHERE id = ?", (codebook_id, survey_id)
        )

    def set_codebook_borrowed(
        self, codebook_id: int, borrowed: Mapping[str, Sequence[str]]
    ) -> None:
        """What the codebook version's codes borrowed when last suggested with."""
        self.db.conn.execute(
            "UPDATE codebooks SET borrowed = ? WHERE id = ?",
            (json.dumps({k: list(v) for k, v in sorted(borrowed.items())}), codebook_id),
        )

    def suggestion_borrowed(self, survey_id: int) -> dict[str, list[str]]:
        """Per code key, the starter themes whose keywords the survey's current
        suggestions could rest on (empty before any run, or where nothing was borrowed)."""
        row = self._one(
            "SELECT c.borrowed FROM surveys s JOIN codebooks c ON c.id = s.suggestion_codebook_id "
            "WHERE s.id = ?",
            (survey_id,),
        )
        if not row or not row["borrowed"]:
            return {}
        return cast(dict[str, list[str]], json.loads(row["borrowed"]))

    def suggestion(self, suggestion_id: int) -> dict[str, Any] | None:
        return self._one(
            "SELECT s.*, r.survey_id, v.decision FROM suggestions s "
            "JOIN answers a ON a.id = s.answer_id JOIN responses r ON r.id = a.response_id "
            "LEFT JOIN suggestion_reviews v ON v.suggestion_id = s.id WHERE s.id = ?",
            (suggestion_id,),
        )

    def open_suggestions(
        self, survey_id: int, codebook_id: int | None, answer_ids: Sequence[int]
    ) -> list[dict[str, Any]]:
        """Unreviewed suggestions for these answers, with their code."""
        if codebook_id is None or not answer_ids:
            return []
        return self._all(
            "SELECT s.*, k.id AS code_id, k.label, k.color FROM suggestions s "
            "JOIN codes k ON k.survey_id = ? AND k.key = s.theme AND k.active = 1 "
            "WHERE +s.codebook_id = ? AND s.answer_id IN (SELECT value FROM json_each(?)) "
            "AND NOT EXISTS (SELECT 1 FROM suggestion_reviews v WHERE v.suggestion_id = s.id) "
            "ORDER BY s.answer_id, s.start",
            (survey_id, codebook_id, json.dumps(list(answer_ids))),
        )

    def suggestion_queue(
        self,
        survey_id: int,
        codebook_id: int | None,
        me: int,
        qid: str | None,
        limit: int,
        order: str = "confident",
    ) -> list[dict[str, Any]]:
        """The next unreviewed suggestions, most confident first (or, `order` =
        "uncertain", those nearest the engine's threshold of 0.5 first: they teach the
        model most); answers in a blind sample the viewer codes are left out
        (suggestions would steer both coders)."""
        if codebook_id is None:
            return []
        return self._all(
            "SELECT s.id FROM suggestions s JOIN answers a ON a.id = s.answer_id "
            "JOIN responses r ON r.id = a.response_id JOIN questions q ON q.id = a.question_id "
            "JOIN codes k ON k.survey_id = :survey AND k.key = s.theme AND k.active = 1 "
            "WHERE r.survey_id = :survey AND s.codebook_id = :cbid "
            "AND (:qid IS NULL OR q.qid = :qid) "
            "AND NOT EXISTS (SELECT 1 FROM suggestion_reviews v WHERE v.suggestion_id = s.id) "
            "AND NOT EXISTS (SELECT 1 FROM sample_answers sa JOIN sample_coders sc "
            "ON sc.sample_id = sa.sample_id WHERE sa.answer_id = a.id AND sc.user_id = :me) "
            "ORDER BY CASE WHEN :order = 'uncertain' THEN ABS(s.score - 0.5) ELSE -s.score END, "
            "s.id LIMIT :limit",
            {
                "survey": survey_id,
                "cbid": codebook_id,
                "me": me,
                "qid": qid,
                "limit": limit,
                "order": order,
            },
        )

    def count_open_suggestions(self, survey_id: int, codebook_id: int | None) -> int:
        if codebook_id is None:
            return 0
        row = self._one(
            "SELECT COUNT(*) AS n FROM suggestions s JOIN answers a ON a.id = s.answer_id "
            "JOIN responses r ON r.id = a.response_id "
            "JOIN codes k ON k.survey_id = r.survey_id AND k.key = s.theme AND k.active = 1 "
            "WHERE r.survey_id = ? AND s.codebook_id = ? AND NOT EXISTS "
            "(SELECT 1 FROM suggestion_reviews v WHERE v.suggestion_id = s.id)",
            (survey_id, codebook_id),
        )
        return row["n"] if row else 0

    def settled_pairs(self, survey_id: int) -> set[tuple[int, str]]:
        """(answer, theme) pairs a human has already decided: reviewed or coded."""
        rows = self._all(
            "SELECT s.answer_id, s.theme FROM suggestions s "
            "JOIN suggestion_reviews v ON v.suggestion_id = s.id "
            "JOIN answers a ON a.id = s.answer_id JOIN responses r ON r.id = a.response_id "
            "WHERE r.survey_id = :s UNION SELECT c.answer_id, k.key FROM codings c "
            "JOIN codes k ON k.id = c.code_id WHERE k.survey_id = :s AND c.deleted_at IS NULL",
            {"s": survey_id},
        )
        return {(r["answer_id"], r["theme"]) for r in rows}

    def review_suggestion(
        self, suggestion_id: int, user_id: int, decision: str, coding_id: int | None, stamp: str
    ) -> bool:
        """Record a decision once; False when someone decided first."""
        try:
            self.db.conn.execute(
                "INSERT INTO suggestion_reviews (suggestion_id, user_id, decision, coding_id, at) "
                "VALUES (?, ?, ?, ?, ?)",
                (suggestion_id, user_id, decision, coding_id, stamp),
            )
        except sqlite3.IntegrityError:
            return False
        return True

    def unreview_suggestion(self, suggestion_id: int) -> None:
        self.db.conn.execute(
            "DELETE FROM suggestion_reviews WHERE suggestion_id = ?", (suggestion_id,)
        )

    def machine_review(self, survey_id: int) -> list[dict[str, Any]]:
        """Per code: suggestions accepted and rejected, answers humans coded with it, and
        how many of those the engine had suggested (for precision and recall)."""
        return self._all(
            "SELECT k.id, k.key, k.label, "
            "(SELECT COUNT(*) FROM suggestion_reviews v JOIN suggestions s ON s.id = v.suggestion_id "
            " JOIN answers a ON a.id = s.answer_id JOIN responses r ON r.id = a.response_id "
            " WHERE r.survey_id = k.survey_id AND s.theme = k.key AND v.decision = 'accepted') "
            "AS accepted, "
            "(SELECT COUNT(*) FROM suggestion_reviews v JOIN suggestions s ON s.id = v.suggestion_id "
            " JOIN answers a ON a.id = s.answer_id JOIN responses r ON r.id = a.response_id "
            " WHERE r.survey_id = k.survey_id AND s.theme = k.key AND v.decision = 'rejected') "
            "AS rejected, "
            "(SELECT COUNT(DISTINCT c.answer_id) FROM codings c WHERE c.code_id = k.id "
            " AND c.deleted_at IS NULL) AS coded, "
            # Found: the coding came from a suggestion, or the engine suggested the code
            # there under any codebook version. A retrain makes a new version that no
            # longer suggests what is already coded, so the current version alone would
            # find nothing.
            "(SELECT COUNT(DISTINCT c.answer_id) FROM codings c WHERE c.code_id = k.id "
            " AND c.deleted_at IS NULL AND (c.suggestion_id IS NOT NULL OR EXISTS "
            " (SELECT 1 FROM suggestions s WHERE s.answer_id = c.answer_id AND s.theme = k.key))) "
            "AS found "
            "FROM codes k WHERE k.survey_id = :survey AND k.active = 1 ORDER BY k.position, k.id",
            {"survey": survey_id},
        )

    def training_examples(self, survey_id: int) -> list[dict[str, Any]]:
        """Answers humans have decided on: their codes (with stance), and the answers
        whose suggestions were only rejected (negative examples)."""
        return self._all(
            "SELECT a.id, a.value, q.qid, q.stance_hint, q.text_sv AS question_sv, "
            "q.text_en AS question_en, k.key, c.stance FROM answers a "
            "JOIN questions q ON q.id = a.question_id JOIN responses r ON r.id = a.response_id "
            "LEFT JOIN codings c ON c.answer_id = a.id AND c.deleted_at IS NULL "
            "LEFT JOIN codes k ON k.id = c.code_id AND k.active = 1 "
            "WHERE r.survey_id = ? AND (c.id IS NOT NULL OR EXISTS (SELECT 1 FROM suggestions s "
            "JOIN suggestion_reviews v ON v.suggestion_id = s.id WHERE s.answer_id = a.id "
            "AND v.decision = 'rejected')) ORDER BY a.id",
            (survey_id,),
        )

    def count_decisions(self, survey_id: int) -> int:
        row = self._one(
            "SELECT COUNT(*) AS n FROM coding_log WHERE survey_id = ? AND undone = 0 "
            "AND action IN ('add', 'accept', 'reject')",
            (survey_id,),
        )
        return row["n"] if row else 0

    # --- memos --------------------------------------------------------------------------

    def add_memo(
        self, survey_id: int, target: str, target_id: int, user_id: int, body: str, stamp: str
    ) -> int:
        return self._insert(
            "INSERT INTO memos (survey_id, target, target_id, user_id, body, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (survey_id, target, target_id, user_id, body, stamp, stamp),
        )

    def memos(
        self,
        survey_id: int,
        target: str | None = None,
        target_ids: Sequence[int] | None = None,
        *,
        viewer: int | None = None,
    ) -> list[dict[str, Any]]:
        """The survey's memos, of one kind of target and some targets if given; with a
        `viewer`, only those that person may read (blind double coding)."""
        return self._all(
            "SELECT m.*, u.email AS author FROM memos m JOIN users u ON u.id = m.user_id "  # noqa: S608
            "WHERE m.survey_id = :survey AND (:target IS NULL OR m.target = :target) "
            "AND (:ids IS NULL OR m.target_id IN (SELECT value FROM json_each(:ids))) AND "
            + _MEMO_VISIBLE
            + " ORDER BY m.id",
            {
                "survey": survey_id,
                "target": target,
                "ids": None if target_ids is None else json.dumps(list(target_ids)),
                "me": viewer,
            },
        )

    def memo(self, memo_id: int) -> dict[str, Any] | None:
        return self._one("SELECT * FROM memos WHERE id = ?", (memo_id,))

    def delete_memo(self, memo_id: int) -> None:
        self.db.conn.execute("DELETE FROM memos WHERE id = ?", (memo_id,))

    # --- double coding ------------------------------------------------------------------

    def create_sample(
        self,
        survey_id: int,
        name: str,
        fraction: float,
        user_id: int,
        answer_ids: Sequence[int],
        coder_ids: Sequence[int],
        stamp: str,
    ) -> int:
        sample_id = self._insert(
            "INSERT INTO samples (survey_id, name, fraction, created_by, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (survey_id, name, fraction, user_id, stamp),
        )
        self.db.conn.executemany(
            "INSERT INTO sample_answers (sample_id, answer_id) VALUES (?, ?)",
            [(sample_id, a) for a in answer_ids],
        )
        self.db.conn.executemany(
            "INSERT INTO sample_coders (sample_id, user_id) VALUES (?, ?)",
            [(sample_id, u) for u in coder_ids],
        )
        return sample_id

    def samples(self, survey_id: int) -> list[dict[str, Any]]:
        return self._all(
            "SELECT s.*, (SELECT COUNT(*) FROM sample_answers a WHERE a.sample_id = s.id) "
            "AS answers FROM samples s WHERE s.survey_id = ? ORDER BY s.id",
            (survey_id,),
        )

    def sample(self, sample_id: int) -> dict[str, Any] | None:
        return self._one("SELECT * FROM samples WHERE id = ?", (sample_id,))

    def sample_answer_ids(self, sample_id: int) -> list[int]:
        rows = self._all(
            "SELECT answer_id FROM sample_answers WHERE sample_id = ? ORDER BY answer_id",
            (sample_id,),
        )
        return [r["answer_id"] for r in rows]

    def sample_coders(self, sample_id: int) -> list[dict[str, Any]]:
        return self._all(
            "SELECT u.id, u.email, u.name FROM sample_coders c JOIN users u ON u.id = c.user_id "
            "WHERE c.sample_id = ? ORDER BY u.id",
            (sample_id,),
        )

    def blind_answer_ids(self, survey_id: int, user_id: int) -> set[int]:
        rows = self._all(
            "SELECT sa.answer_id FROM sample_answers sa JOIN samples s ON s.id = sa.sample_id "
            "JOIN sample_coders sc ON sc.sample_id = s.id WHERE s.survey_id = ? AND sc.user_id = ?",
            (survey_id, user_id),
        )
        return {r["answer_id"] for r in rows}

    def sample_codings(self, sample_id: int) -> Iterator[tuple[int, int, str | None]]:
        """(answer, coder, code key or None) for the sample's coders: every code they
        gave a sample answer, and None for answers they marked done without a code."""
        rows = self._all(
            "SELECT c.answer_id, c.coder_id, k.key FROM codings c "
            "JOIN codes k ON k.id = c.code_id "
            "JOIN sample_answers sa ON sa.answer_id = c.answer_id AND sa.sample_id = :s "
            "JOIN sample_coders sc ON sc.user_id = c.coder_id AND sc.sample_id = :s "
            "WHERE c.deleted_at IS NULL AND c.consensus = 0 "
            "UNION ALL SELECT d.answer_id, d.user_id, NULL FROM sample_done d "
            "JOIN sample_answers sa ON sa.answer_id = d.answer_id AND sa.sample_id = :s "
            "JOIN sample_coders sc ON sc.user_id = d.user_id AND sc.sample_id = :s",
            {"s": sample_id},
        )
        for r in rows:
            yield r["answer_id"], r["coder_id"], r["key"]

    def survey_codings(self, survey_id: int) -> Iterator[tuple[int, int, str | None]]:
        """(answer, coder, code key or None) over the whole survey: every coder's codes
        (consensus codes left out) and answers marked done, as for a sample."""
        rows = self._all(
            "SELECT c.answer_id, c.coder_id, k.key FROM codings c "
            "JOIN codes k ON k.id = c.code_id "
            "WHERE k.survey_id = :s AND c.deleted_at IS NULL AND c.consensus = 0 "
            "UNION ALL SELECT d.answer_id, d.user_id, NULL FROM sample_done d "
            "JOIN answers a ON a.id = d.answer_id JOIN responses r ON r.id = a.response_id "
            "WHERE r.survey_id = :s",
            {"s": survey_id},
        )
        for r in rows:
            yield r["answer_id"], r["coder_id"], r["key"]

    def survey_coders(self, survey_id: int) -> list[dict[str, Any]]:
        return self._all(
            "SELECT DISTINCT u.id, u.email, u.name FROM codings c JOIN codes k ON k.id = c.code_id "
            "JOIN users u ON u.id = c.coder_id WHERE k.survey_id = ? AND c.deleted_at IS NULL "
            "AND c.consensus = 0 ORDER BY u.id",
            (survey_id,),
        )

    def consensus_keys(self, answer_ids: Sequence[int]) -> dict[int, set[str]]:
        rows = self._all(
            "SELECT c.answer_id, k.key FROM codings c JOIN codes k ON k.id = c.code_id "
            "WHERE c.consensus = 1 AND c.deleted_at IS NULL "
            "AND c.answer_id IN (SELECT value FROM json_each(?))",
            (json.dumps(list(answer_ids)),),
        )
        found: dict[int, set[str]] = {}
        for r in rows:
            found.setdefault(r["answer_id"], set()).add(r["key"])
        return found

    def mark_done(self, answer_id: int, user_id: int, stamp: str) -> None:
        self.db.conn.execute(
            "INSERT OR IGNORE INTO sample_done (answer_id, user_id, at) VALUES (?, ?, ?)",
            (answer_id, user_id, stamp),
        )

    def unmark_done(self, answer_id: int, user_id: int) -> None:
        self.db.conn.execute(
            "DELETE FROM sample_done WHERE answer_id = ? AND user_id = ?", (answer_id, user_id)
        )

    def done_answer_ids(self, answer_ids: Sequence[int], user_id: int) -> set[int]:
        rows = self._all(
            "SELECT answer_id FROM sample_done WHERE user_id = ? "
            "AND answer_id IN (SELECT value FROM json_each(?))",
            (user_id, json.dumps(list(answer_ids))),
        )
        return {r["answer_id"] for r in rows}

    # --- training runs ------------------------------------------------------------------

    def start_training(self, survey_id: int, user_id: int | None, stamp: str) -> int | None:
        """A new run, unless one is already running for this survey."""
        with self.transaction():
            running = self._one(
                "SELECT id FROM training_runs WHERE survey_id = ? AND status = 'running'",
                (survey_id,),
            )
            if running:
                return None
            return self._insert(
                "INSERT INTO training_runs (survey_id, user_id, status, progress, message, "
                "started_at) VALUES (?, ?, 'running', 0, '', ?)",
                (survey_id, user_id, stamp),
            )

    def update_training(
        self,
        run_id: int,
        progress: float,
        message: str,
        *,
        status: str = "running",
        examples: int | None = None,
        finished_at: str | None = None,
    ) -> None:
        self.db.conn.execute(
            "UPDATE training_runs SET progress = ?, message = ?, status = ?, "
            "examples = COALESCE(?, examples), finished_at = ? WHERE id = ?",
            (progress, message, status, examples, finished_at, run_id),
        )

    def latest_training(self, survey_id: int) -> dict[str, Any] | None:
        return self._one(
            "SELECT * FROM training_runs WHERE survey_id = ? ORDER BY id DESC LIMIT 1",
            (survey_id,),
        )

    def last_trained_decisions(self, survey_id: int) -> int:
        row = self._one(
            "SELECT examples FROM training_runs WHERE survey_id = ? AND status = 'done' "
            "ORDER BY id DESC LIMIT 1",
            (survey_id,),
        )
        return (row or {}).get("examples") or 0
