"""Shared fixtures: an app on a fresh database with the bundled questionnaires and the
demo survey, its test client, a CLI runner bound to the same database, the store, and
`auth` for signing staff in.

Importing the questionnaires and seeding the demo takes most of a test's set-up, so it is
done once per session into a template database, which each test gets its own copy of
(SQLite's backup API): every test still starts from a fresh, private database."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.security import generate_password_hash

from survey import create_app
from survey.config import QUESTIONNAIRE_DIR
from survey.fielding.bootstrap import import_directory
from survey.fielding.demo import seed_demo
from survey.store import Store, connect
from survey.workbench.codebook_editor import to_codebook
from survey.workbench.suggestions import code_survey
from survey.workbench.training import CODEBOOK_LANGUAGE

CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
KEY_RE = re.compile(r'name="submit_key" type="hidden" value="([^"]+)"')


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "instance" / "survey.db"


PASSWORD = "en lång mening som lösenord"
# Test accounts use a cheap hash (the app checks any werkzeug method); the real cost of
# scrypt is paid where a test needs it, in the sign-in timing tests.
FAST_HASH = "pbkdf2:sha256:1000"
PASSWORD_HASH = generate_password_hash(PASSWORD, method=FAST_HASH)
Suggest = Callable[[], list[dict]]


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with the bundled questionnaires and the demo survey, built once."""
    path = tmp_path_factory.mktemp("template") / "survey.db"
    store = connect(path, create=True)
    try:
        store.migrate()
        import_directory(store, QUESTIONNAIRE_DIR)
        seed_demo(store)
    finally:
        store.close()
    return path


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy through SQLite's online backup (WAL contents included)."""
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


@pytest.fixture
def app(
    tmp_path: Path, db_path: Path, seeded_template: Path, monkeypatch: pytest.MonkeyPatch
) -> Flask:
    monkeypatch.delenv("SURVEY_DB", raising=False)
    monkeypatch.delenv("SURVEY_SECRET_KEY", raising=False)
    monkeypatch.setenv("SURVEY_INSTANCE", str(db_path.parent))
    db_path.parent.mkdir(parents=True)
    copy_database(seeded_template, db_path)
    return create_app(
        {"DATABASE": str(db_path), "TESTING": True, "PASSWORD_HASH_METHOD": FAST_HASH}
    )


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def db(app: Flask, db_path: Path) -> Iterator[Store]:
    store = connect(db_path)
    yield store
    store.close()


# A manager's answers to the demo's pages 2 and 3, for flows that walk the questionnaire.
PAGE2 = {
    "q2_framgang": "Det tvärprofessionella teamet.",
    "q3_utmaning": "Samordningen mellan förvaltningarna.",
    "q4_organisation": "",
    "q5_samverkan": "Tätare kontakt.",
}
PAGE3 = {"q6_lardomar": "Kartläggningen.", "q7_forutsattningar": "", "q8_tips": ""}


def latest_response(db: Store, slug: str) -> dict:
    survey = db.survey(slug)
    rows = db.db.query(
        "SELECT * FROM responses WHERE survey_id = ? ORDER BY id DESC LIMIT 1", (survey["id"],)
    )
    return next(rows)


class Auth:
    """Staff accounts and sign-in for tests: one place, so no test module imports another."""

    password = PASSWORD

    def __init__(self, client: FlaskClient, db: Store):
        self.client = client
        self.db = db

    def user(self, role: str, email: str | None = None) -> dict:
        """The account for `role` (created with the shared password the first time)."""
        email = email or f"{role}@example.org"
        if self.db.user_by_email(email) is None:
            self.db.create_user(email, PASSWORD_HASH, role)
        return self.db.user_by_email(email)

    def sign_in(self, role: str, email: str | None = None) -> dict:
        user = self.user(role, email)
        reply = post_form(self.client, "/login", {"email": user["email"], "password": PASSWORD})
        assert reply.status_code == 302, reply.status_code
        return user


@pytest.fixture
def auth(client: FlaskClient, db: Store) -> Auth:
    return Auth(client, db)


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


def make_team(db: Store) -> dict:
    """The demo survey with the bundled codebook in it, and three staff: an admin and two
    evaluators assigned to the survey. Deterministic, so a template built with it has the
    same ids as a test database given the same treatment."""
    from analysis.codebook import bundled
    from survey.workbench.codebook_editor import import_toml

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


@pytest.fixture
def team(db: Store) -> dict:
    """See `make_team`."""
    return make_team(db)


@pytest.fixture
def suggest(db: Store, team: dict) -> Suggest:
    """Run the engine over the team's survey and return the open suggestions on its answers."""

    def run() -> list[dict]:
        survey = team["survey"]
        code_survey(db, survey["id"], to_codebook(db, survey, CODEBOOK_LANGUAGE))
        survey = db.survey_by_id(survey["id"])
        ids = [a["id"] for a in team["answers"]]
        return db.open_suggestions(survey["id"], survey["suggestion_codebook_id"], ids)

    return run


def free_port() -> int:
    """A port nothing listens on, for a server a test starts itself."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch_when_up(url: str, server, seconds: float = 60) -> str:
    """The page at `url` once the server process answers; fails if it dies or never does."""
    import time
    import urllib.request

    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=3) as reply:
                return reply.read().decode("utf-8")
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                raise
            time.sleep(0.2)
