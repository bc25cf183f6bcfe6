"""Coding a survey's stored open answers with the engine and storing its suggestions —
the one place the app hands answers to `analysis`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis import starter_examples
from analysis.borrowing import Lender, described
from analysis.codebook import Codebook
from analysis.engine import Answer, Engine
from analysis.question_leaning import leaning
from survey.store import Store

BATCH = 500  # answers per transaction: short write locks while people code


@dataclass(frozen=True)
class CodingRun:
    codebook_id: int
    answers: int
    suggestions: int


def stance_hint(row: Mapping[str, Any]) -> str | None:
    """An answer's stance hint: its question's, else what the question's text asks for
    (an imported survey's "Vad var bäst med stödet?" leans to successes)."""
    return (
        row["stance_hint"]
        or leaning(row.get("question_sv"))
        or leaning(row.get("question_en"))
        or None
    )


def code_survey(
    store: Store,
    survey_id: int,
    codebook: Codebook,
    engine: Engine | None = None,
    *,
    source_text: str | None = None,
    progress: Callable[[float], None] | None = None,
    background: bool = False,
) -> CodingRun:
    """Suggest themes for every open answer of a survey, replacing earlier unreviewed
    suggestions of the same codebook version, batch by batch (each batch one
    transaction). A theme already reviewed or coded on an answer is not suggested again.
    The survey's queue then shows this codebook version's suggestions.

    Answers to background questions (role, workplace: `stance_hint = "background"` or
    `identifying = true`) are left out unless `background` is set: a role names its
    holder in a small group, and is not a success factor or a challenge."""
    engine = engine or Engine(codebook)
    if source_text is None:
        path = Path(codebook.source)
        source_text = path.read_text(encoding="utf-8") if path.is_file() else ""
    codebook_id = store.import_codebook(
        codebook.name, codebook.language, codebook.content_hash, source_text
    )
    settled = store.settled_pairs(survey_id)
    rows = store.open_answers(survey_id)
    if not background:
        hidden = _background_questions(store, survey_id)
        rows = [r for r in rows if r["question"] not in hidden]
    total = 0
    for begin in range(0, len(rows), BATCH):
        batch = rows[begin : begin + BATCH]
        answers = [Answer(str(r["id"]), r["text"], r["question"], stance_hint(r)) for r in batch]
        coded = engine.code(answers)
        found = [
            (
                int(s.answer_id),
                s.theme,
                s.start,
                s.end,
                s.stance,
                s.score,
                s.source,
                s.evidence_json(),
            )
            for item in coded
            for s in item.suggestions
            if (int(s.answer_id), s.theme) not in settled
        ]
        store.replace_suggestions(codebook_id, [r["id"] for r in batch], found)
        total += len(found)
        if progress is not None:
            progress(min(1.0, (begin + len(batch)) / len(rows)))
    store.set_suggestion_codebook(survey_id, codebook_id)
    store.set_codebook_borrowed(codebook_id, engine.lenders)
    store.analyze()
    return CodingRun(codebook_id, len(rows), total)


def borrowed_words(store: Store, survey_id: int, code_key: str, lang: str) -> list[Lender]:
    """The starter codebook's themes whose keywords the engine also read as this code's
    in the survey's current suggestions (a codebook written elsewhere borrows where its
    codes meet the starter codebook's): the words a suggestion's evidence may show that
    the code itself does not list."""
    ids = store.suggestion_borrowed(survey_id).get(code_key, [])
    return described(starter_examples.starter(), ids, lang) if ids else []


def _background_questions(store: Store, survey_id: int) -> set[str]:
    survey = store.survey_by_id(survey_id)
    if survey is None:
        return set()
    return {q.id for q in store.load_version(survey["version_id"]).questions() if q.is_background}
