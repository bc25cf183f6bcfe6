"""SQL for exchanging whole projects with other QDA tools (REFI-QDA .qdpx): mixed into
`Store` like the other query mixins, so every statement stays in the store."""

from __future__ import annotations

from typing import Any

from survey.store.parts import StoreParts


class ExchangeQueries(StoreParts):
    """Mixed into `Store`; relies on its `db`, `_all`, `_one` and `transaction`."""

    # --- project exchange (survey/exchange/qdpx/) ------------------------------------------------

    def exchange_answers(self, survey_id: int) -> list[dict[str, Any]]:
        """Every open-text answer of a survey with its respondent and question id, in
        respondent then question order: the sources of a project."""
        return self._all(
            "SELECT a.id, a.value, a.response_id, q.qid, q.stance_hint FROM answers a "
            "JOIN questions q ON q.id = a.question_id JOIN responses r ON r.id = a.response_id "
            "WHERE r.survey_id = ? AND q.type IN ('text', 'textarea') "
            "ORDER BY a.response_id, q.position",
            (survey_id,),
        )

    def exchange_codings(self, survey_id: int, *, active_codes_only: bool) -> list[dict[str, Any]]:
        """Live codings of a survey with their code's guid; `active_codes_only` leaves out
        codings of retired codes (an export has no code to point them at)."""
        return self._all(
            "SELECT c.id, c.answer_id, c.code_id, c.coder_id, c.start, c.end, c.quote, "
            "c.stance, c.source, c.consensus, c.created_at, k.guid AS code_guid FROM codings c "
            "JOIN codes k ON k.id = c.code_id WHERE k.survey_id = ? AND c.deleted_at IS NULL "
            "AND (? = 0 OR k.active = 1) ORDER BY c.answer_id, c.id",
            (survey_id, int(active_codes_only)),
        )

    def exchange_people(self, survey_id: int) -> list[dict[str, Any]]:
        """Everyone who coded in a survey or wrote one of its memos: a project's users."""
        return self._all(
            "SELECT u.id, u.email, u.name FROM users u WHERE u.id IN ("
            "SELECT c.coder_id FROM codings c JOIN codes k ON k.id = c.code_id "
            "WHERE k.survey_id = :survey AND c.deleted_at IS NULL "
            "UNION SELECT m.user_id FROM memos m WHERE m.survey_id = :survey) ORDER BY u.id",
            {"survey": survey_id},
        )

    def add_imported_coder(self, email: str, name: str, stamp: str) -> int:
        """An account for a coder of an imported project who is not a user here: disabled,
        with no password that can match, so their codings keep their own coder (and
        agreement its two sides) without anyone being able to sign in as them."""
        cursor = self.db.conn.execute(
            "INSERT INTO users (email, name, password_hash, role, disabled, created_at) "
            "VALUES (?, ?, '!', 'evaluator', 1, ?)",
            (email.strip().lower(), name, stamp),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def log_imported_coding(
        self, survey_id: int, answer_id: int, user_id: int, coding_id: int, stamp: str
    ) -> None:
        """Count an imported coding as a change of its answer, so pages built before the
        import see a new revision; stored as already undone because an import is not an
        evaluator's click that the workbench's undo should take back."""
        self.db.conn.execute(
            "INSERT INTO coding_log (survey_id, answer_id, user_id, action, coding_id, undone, "
            "at) VALUES (?, ?, ?, 'import', ?, 1, ?)",
            (survey_id, answer_id, user_id, coding_id, stamp),
        )
