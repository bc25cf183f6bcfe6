"""Shared fixtures: an app on a fresh database with the bundled questionnaires and the
demo survey, its test client, a CLI runner bound to the same database, and the store."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from flask import Flask
from flask.testing import FlaskClient

from survey import create_app
from survey.bootstrap import import_directory
from survey.config import QUESTIONNAIRE_DIR
from survey.db import Store, connect
from survey.demo import seed_demo

CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
KEY_RE = re.compile(r'name="submit_key" type="hidden" value="([^"]+)"')


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "instance" / "survey.db"


@pytest.fixture
def app(tmp_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Flask:
    monkeypatch.delenv("SURVEY_DB", raising=False)
    monkeypatch.delenv("SURVEY_SECRET_KEY", raising=False)
    monkeypatch.setenv("SURVEY_INSTANCE", str(db_path.parent))
    db_path.parent.mkdir(parents=True)
    app = create_app({"DATABASE": str(db_path), "TESTING": True})
    store = connect(db_path)
    try:
        import_directory(store, QUESTIONNAIRE_DIR)
        seed_demo(store)
    finally:
        store.close()
    return app


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def db(app: Flask, db_path: Path) -> Iterator[Store]:
    store = connect(db_path)
    yield store
    store.close()


class SurveyRunner:
    """Runs `survey …` commands against the test database unless told otherwise."""

    def __init__(self, db_path: Path):
        self.db_path = db_path
        self.cli = CliRunner()

    def __call__(self, *args: str, db: Path | None | bool = True) -> Result:
        from survey.cli import main

        argv = list(args)
        if db is True:
            argv += ["--db", str(self.db_path)]
        elif db:
            argv += ["--db", str(db)]
        return self.cli.invoke(main, argv, prog_name="survey", catch_exceptions=False)


@pytest.fixture
def runner(app: Flask, db_path: Path) -> SurveyRunner:
    return SurveyRunner(db_path)


def csrf_token(client: FlaskClient, url: str) -> str:
    """The CSRF token of the form on a page, as a browser would submit it."""
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    match = CSRF_RE.search(page.get_data(as_text=True))
    assert match, f"no form with a CSRF token on {url}"
    return match.group(1)


def form_tokens(client: FlaskClient, url: str) -> dict[str, str]:
    """The hidden fields a browser would send back: CSRF token and idempotency key."""
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    html = page.get_data(as_text=True)
    tokens = {"csrf_token": CSRF_RE.search(html).group(1)}  # type: ignore[union-attr]
    key = KEY_RE.search(html)
    if key:
        tokens["submit_key"] = key.group(1)
    return tokens


def post_form(client: FlaskClient, url: str, data: dict[str, object], **kwargs: object):
    """Submit a form the way a browser does: fetch the page, then post with its tokens."""
    return client.post(url, data={**form_tokens(client, url), **data}, **kwargs)


def new_survey(db: Store, questionnaire: str, slug: str, *, anonymous: bool = True, **fields):
    version = db.latest_version(questionnaire)
    return db.create_survey(
        slug=slug, version_id=version["id"], title=slug.title(), anonymous=anonymous, **fields
    )


def invite(db: Store, survey: dict, **fields) -> str:
    """A personal link token for a survey, stored hashed as the app stores it."""
    from survey.tokens import hash_token, new_token

    token = new_token()
    db.create_invitation(survey["id"], hash_token(token), **fields)
    return token


@pytest.fixture
def team(db: Store) -> dict:
    """The demo survey with the bundled codebook in it, and three staff: an admin and two
    evaluators assigned to the survey."""
    from analysis.codebook import bundled
    from survey.codebook_editor import import_toml

    survey = db.survey("demo")
    users = {}
    for name, role in (("admin", "admin"), ("anna", "evaluator"), ("bo", "evaluator")):
        user_id = db.create_user(f"{name}@example.org", "x", role)
        if role != "admin":
            db.assign(user_id, survey["id"])
        users[name] = user_id
    import_toml(db, survey["id"], users["admin"], bundled().read_bytes(), "codebook_sst.toml")
    answers = db.open_answers(survey["id"])
    return {"survey": db.survey_by_id(survey["id"]), "answers": answers, **users}
