"""Fixtures of the hostile-input tests: the corpus (every payload answered through the
respondent pages), the corpus coded by an evaluator, and two surveys with everything an
id can name, one the evaluator's and one someone else's.
"""

from __future__ import annotations

import pytest
from flask import Flask

from survey import codebook_editor as edit
from survey import coding_actions
from survey.db import Store, now

from ..conftest import new_survey
from ..hostile import ANSWERS
from .support import (
    ADMIN,
    SECRET,
    Coded,
    Corpus,
    TwoSurveys,
    answer_everything,
    code_everything,
    hostile_questionnaire_survey,
    staff,
)


@pytest.fixture
def corpus(app: Flask, db: Store) -> Corpus:
    return answer_everything(app, db, hostile_questionnaire_survey(db), ANSWERS)


@pytest.fixture
def coded(app: Flask, db: Store, corpus: Corpus) -> Coded:
    return code_everything(app, db, corpus)


def _populate(db: Store, survey: dict, team: dict, prefix: str) -> dict[str, int]:
    from analysis.codebook import bundled
    from survey.suggest import code_survey
    from survey.training import CODEBOOK_LANGUAGE

    sid = survey["id"]
    if not db.codes(sid):
        edit.import_toml(db, sid, team["admin"], bundled().read_bytes(), "codebook_sst.toml")
    if not db.open_answers(sid):
        ids = db.question_ids(survey["version_id"])
        for answer in team["answers"][:6]:
            response = db.create_response(sid, "sv", attributes={"stadsdel": prefix})
            db.save_answers(
                response, {ids[answer["question"]]: f"{prefix} {answer['text']}"}, page=3
            )
    answers = db.open_answers(sid)
    codes = db.codes(sid)
    coding_actions.add_coding(db, sid, team["admin"], answers[0]["id"], codes[0]["id"])
    coding = db.visible_codings([answers[0]["id"]], team["admin"])[0]["id"]
    code_survey(db, sid, edit.to_codebook(db, db.survey_by_id(sid), CODEBOOK_LANGUAGE))
    suggestion = db.db.execute(
        "SELECT s.id FROM suggestions s JOIN answers a ON a.id = s.answer_id "
        "JOIN responses r ON r.id = a.response_id WHERE r.survey_id = ? LIMIT 1",
        (sid,),
    ).fetchone()[0]
    memo = db.add_memo(sid, "answer", answers[0]["id"], team["admin"], f"{prefix} memo", now())
    sample = db.create_sample(
        sid, f"{prefix} prov", 0.5, team["admin"], [answers[1]["id"]], [team["admin"]], now()
    )
    entry = edit.merge(db, sid, team["admin"], codes[-1]["id"], codes[-2]["id"])
    return {
        "survey_id": sid,
        "answer_id": answers[1]["id"],
        "response_id": answers[1]["response_id"],
        "coding_id": coding,
        "suggestion_id": suggestion,
        "code_id": codes[0]["id"],
        "memo_id": memo,
        "sample_id": sample,
        "entry_id": entry,
    }


@pytest.fixture
def two(app: Flask, db: Store, team: dict) -> TwoSurveys:
    other = new_survey(db, "chefsenkat", "hemlig")
    b = _populate(db, other, team, SECRET)
    a = _populate(db, team["survey"], team, "Demo")
    return TwoSurveys(
        a,
        b,
        staff(app, db, "eva@example.org", "evaluator", a["survey_id"]),
        staff(app, db, "vera@example.org", "viewer", a["survey_id"]),
        staff(app, db, ADMIN, "admin"),
    )
