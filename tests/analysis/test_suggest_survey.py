"""The app codes a survey's stored answers and keeps the suggestions in SQLite."""

from __future__ import annotations

import json

from analysis.codebook import bundled, load
from survey.store import Store
from survey.workbench.suggestions import code_survey


def test_demo_answers_are_coded_and_stored_with_offsets_into_the_stored_text(
    db: Store, engine
) -> None:
    survey = db.survey("demo")
    run = code_survey(db, survey["id"], load(bundled()), engine)
    assert run.answers >= 20 and run.suggestions >= 10
    rows = list(
        db.db.query("SELECT s.*, a.value FROM suggestions s JOIN answers a ON a.id = s.answer_id")
    )
    assert len(rows) == run.suggestions == db.count_suggestions(run.codebook_id)
    for row in rows:
        for ev in json.loads(row["evidence"]):
            if "start" in ev:
                assert row["value"][ev["start"] : ev["end"]] == ev["text"]
    again = code_survey(db, survey["id"], load(bundled()), engine)
    assert again.codebook_id == run.codebook_id
    assert db.count_suggestions(run.codebook_id) == run.suggestions, (
        "recoding replaces, never doubles"
    )
