"""SQL for reports: every answer with its respondent's group, the codings and the
unreviewed suggestions a report counts. Mixed into `Store`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from survey.store.parts import StoreParts

_ATTRIBUTES = (
    "CASE WHEN r.attributes IS NULL OR r.attributes IN ('', '{}') "
    "THEN COALESCE(i.attributes, '{}') ELSE r.attributes END AS attributes "
)


class ReportQueries(StoreParts):
    """Mixed into `Store`; relies on its `_all`."""

    def report_answers(self, survey_id: int) -> list[dict[str, Any]]:
        """Open answers with text, their question and their respondent's attributes (the
        response's own, else its invitation's)."""
        return self._all(
            "SELECT a.id, a.value, a.response_id, q.qid, r.status, "
            + _ATTRIBUTES
            + "FROM answers a JOIN responses r ON r.id = a.response_id "
            "JOIN questions q ON q.id = a.question_id "
            "LEFT JOIN invitations i ON i.id = r.invitation_id "
            "WHERE r.survey_id = ? AND q.type IN ('text', 'textarea') AND trim(a.value) != '' "
            "ORDER BY a.response_id, q.position",
            (survey_id,),
        )

    def report_values(self, survey_id: int) -> list[dict[str, Any]]:
        """Every non-empty answer of every question but consent, with its question's id
        and type and the respondent's attributes, for closed and open questions alike."""
        return self._all(
            "SELECT a.id, a.value, a.response_id, q.qid, q.type, r.status, "
            + _ATTRIBUTES
            + "FROM answers a JOIN responses r ON r.id = a.response_id "
            "JOIN questions q ON q.id = a.question_id "
            "LEFT JOIN invitations i ON i.id = r.invitation_id "
            "WHERE r.survey_id = ? AND q.type != 'consent' AND trim(a.value) != '' "
            "ORDER BY a.response_id, q.position",
            (survey_id,),
        )

    def report_codings(self, survey_id: int) -> list[dict[str, Any]]:
        """Every live coding with its code and coder."""
        return self._all(
            "SELECT c.id, c.answer_id, c.start, c.end, c.stance, c.source, c.consensus, "
            "c.coder_id, k.key, k.label, k.label_en, k.color, k.keywords, u.email AS coder, "
            "u.name AS coder_name "
            "FROM codings c JOIN codes k ON k.id = c.code_id JOIN users u ON u.id = c.coder_id "
            "WHERE k.survey_id = ? AND c.deleted_at IS NULL ORDER BY c.id",
            (survey_id,),
        )

    def report_suggestions(self, survey_id: int, codebook_id: int | None) -> list[dict[str, Any]]:
        """The suggestions nobody has reviewed, for questions no one has coded yet."""
        if codebook_id is None:
            return []
        return self._all(
            "SELECT s.answer_id, s.start, s.end, s.stance, s.score, s.theme AS key, k.label, "
            "k.label_en, k.color, k.keywords "
            "FROM suggestions s JOIN answers a ON a.id = s.answer_id "
            "JOIN responses r ON r.id = a.response_id "
            "JOIN codes k ON k.survey_id = r.survey_id AND k.key = s.theme AND k.active = 1 "
            "WHERE r.survey_id = ? AND s.codebook_id = ? AND NOT EXISTS "
            "(SELECT 1 FROM suggestion_reviews v WHERE v.suggestion_id = s.id)",
            (survey_id, codebook_id),
        )

    def invitation_names(self, survey_id: int) -> list[str]:
        rows = self._all(
            "SELECT DISTINCT name FROM invitations WHERE survey_id = ? AND name IS NOT NULL "
            "AND trim(name) != ''",
            (survey_id,),
        )
        return [r["name"] for r in rows]

    def set_english_labels(self, survey_id: int, labels: Mapping[str, str]) -> None:
        """Codes' English labels by key (from a codebook's `label_en`)."""
        self.db.conn.executemany(
            "UPDATE codes SET label_en = ? WHERE survey_id = ? AND key = ?",
            [(label, survey_id, key) for key, label in labels.items()],
        )
