"""Fixtures of the hostile-input tests: the corpus (every payload answered through the
respondent pages), the corpus coded by an evaluator, and two surveys with everything an
id can name, one the evaluator's and one someone else's.

Answering and coding the corpus through the pages is the slow part, and no test changes
what it built but its own copy: each is done once per module into a template database,
and every test gets a fresh copy of that (SQLite's backup API) and signs its evaluator in
again on its own app.
"""

from __future__ import annotations

import copy
import dataclasses
from pathlib import Path

import pytest
from flask import Flask

from survey import create_app
from survey.store import Store, connect, now
from survey.workbench import actions as coding_actions
from survey.workbench import codebook_editor as edit

from ..conftest import copy_database, make_team, new_survey
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
    token,
)


def _template_app(folder: Path, source: Path) -> tuple[Flask, Path]:
    path = folder / "survey.db"
    copy_database(source, path)
    app = create_app(
        {"DATABASE": str(path), "TESTING": True, "INSTANCE_PATH": folder, "SECRET_KEY": "t"}
    )
    return app, path


@pytest.fixture(scope="module")
def corpus_template(
    tmp_path_factory: pytest.TempPathFactory, seeded_template: Path
) -> tuple[Path, Corpus]:
    app, path = _template_app(tmp_path_factory.mktemp("corpus"), seeded_template)
    store = connect(path)
    try:
        return path, answer_everything(app, store, hostile_questionnaire_survey(store), ANSWERS)
    finally:
        store.close()


@pytest.fixture(scope="module")
def coded_template(
    tmp_path_factory: pytest.TempPathFactory, corpus_template: tuple[Path, Corpus]
) -> tuple[Path, Coded]:
    app, path = _template_app(tmp_path_factory.mktemp("coded"), corpus_template[0])
    store = connect(path)
    try:
        return path, code_everything(app, store, copy.deepcopy(corpus_template[1]))
    finally:
        store.close()


@pytest.fixture
def corpus(app: Flask, db_path: Path, corpus_template: tuple[Path, Corpus]) -> Corpus:
    copy_database(corpus_template[0], db_path)
    return copy.deepcopy(corpus_template[1])


@pytest.fixture
def coded(app: Flask, db: Store, db_path: Path, coded_template: tuple[Path, Coded]) -> Coded:
    copy_database(coded_template[0], db_path)
    built = coded_template[1]
    evaluator = staff(app, db, "eva@example.org", "evaluator", built.corpus.id)
    return dataclasses.replace(
        copy.deepcopy(dataclasses.replace(built, evaluator=None)),  # type: ignore[arg-type]
        evaluator=evaluator,
        csrf=token(evaluator),
    )


def _populate(db: Store, survey: dict, team: dict, prefix: str) -> dict[str, int]:
    from analysis.codebook import bundled
    from survey.workbench.suggestions import code_survey
    from survey.workbench.training import CODEBOOK_LANGUAGE

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


@pytest.fixture(scope="module")
def two_template(
    tmp_path_factory: pytest.TempPathFactory, seeded_template: Path
) -> tuple[Path, dict[str, int], dict[str, int]]:
    _, path = _template_app(tmp_path_factory.mktemp("two"), seeded_template)
    store = connect(path)
    try:
        team = make_team(store)
        other = new_survey(store, "chefsenkat", "hemlig")
        b = _populate(store, other, team, SECRET)
        a = _populate(store, team["survey"], team, "Demo")
    finally:
        store.close()
    return path, a, b


@pytest.fixture
def two(
    app: Flask,
    db: Store,
    db_path: Path,
    team: dict,
    two_template: tuple[Path, dict[str, int], dict[str, int]],
) -> TwoSurveys:
    """Built once per module (`two_template`); `team` made the same users and codebook in
    this test's database, so its ids are the template's too."""
    path, a, b = two_template
    copy_database(path, db_path)
    return TwoSurveys(
        dict(a),
        dict(b),
        staff(app, db, "eva@example.org", "evaluator", a["survey_id"]),
        staff(app, db, "vera@example.org", "viewer", a["survey_id"]),
        staff(app, db, ADMIN, "admin"),
    )
