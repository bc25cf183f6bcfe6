"""Shared helpers of the hostile-input tests: the hostile questionnaire and a survey of it,
signed-in staff, the checks that a page holds no injected markup and shows each payload
escaped, snapshots of the database, the corpus answered through the respondent pages and
coded through the workbench, downloaded spreadsheets, invitation uploads and links, and
the two surveys of the IDOR tests. Plain functions, imported by name; the fixtures built
on them are in conftest.py.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape
from werkzeug.test import TestResponse

from survey.fielding.questionnaire import loads
from survey.store import Store
from survey.workbench import codebook_editor as edit
from tests.conftest import PASSWORD, PASSWORD_HASH

from ..conftest import form_tokens, new_survey, post_form
from ..hostile import ANSWERS, FORMULA_START, cleaned, injected_markup

JSON = {"Accept": "application/json"}
ADMIN = "forvaltare@example.org"  # not the team fixture's admin, whose password is unusable

QUESTIONNAIRE = """
id = "hostil"
languages = ["sv", "en"]
title = { sv = "Samverkan kring barnet", en = "Collaboration around the child" }

[[pages]]
id = "svar"
title = { sv = "Dina svar", en = "Your answers" }

  [[pages.questions]]
  id = "fritext"
  type = "text"
  text = { sv = "Vilken är din roll?", en = "What is your role?" }

  [[pages.questions]]
  id = "beskrivning"
  type = "textarea"
  text = { sv = "Beskriv samverkan kring barnet.", en = "Describe the collaboration." }

  [[pages.questions]]
  id = "val"
  type = "single"
  text = { sv = "Fick barnet stöd?", en = "Did the child get support?" }
  choices = [
    { value = "ja", label = { sv = "Ja", en = "Yes" } },
    { value = "nej", label = { sv = "Nej", en = "No" } },
  ]

  [[pages.questions]]
  id = "flera"
  type = "multi"
  text = { sv = "Var fick barnet stöd?", en = "Where did the child get support?" }
  choices = [
    { value = "skolan", label = { sv = "I skolan", en = "At school" } },
    { value = "hemma", label = { sv = "Hemma", en = "At home" } },
  ]

[[pages]]
id = "mer"
title = { sv = "Något mer", en = "Anything else" }

  [[pages.questions]]
  id = "mer"
  type = "textarea"
  max_length = 2000
  text = { sv = "Vill du lägga till något?", en = "Anything to add?" }
"""

TEXT_QUESTIONS = ("fritext", "beskrivning")
KEYWORD = "samverkan"  # ends every description, so the engine suggests a code for each


def staff(app: Flask, db: Store, email: str, role: str, *surveys: int) -> FlaskClient:
    """A signed-in browser of a staff member assigned to `surveys`."""
    if db.user_by_email(email) is None:
        db.create_user(email, PASSWORD_HASH, role)
    user = db.user_by_email(email)
    for survey_id in surveys:
        db.assign(user["id"], survey_id)
    client = app.test_client()
    reply = post_form(client, "/login", {"email": email, "password": PASSWORD})
    assert reply.status_code == 302, reply.status_code
    return client


def token(client: FlaskClient) -> str:
    """The signed-in session's CSRF token (one per session, good for every form)."""
    return form_tokens(client, "/account/password")["csrf_token"]


def page_of(reply: TestResponse) -> str:
    return reply.get_data(as_text=True)


def assert_inert(html: str, where: str) -> None:
    found = injected_markup(html)
    assert not found, f"{where}: injected markup {found[:5]}"


def assert_escaped(html: str, texts: Iterable[str], where: str) -> None:
    """No injected markup, and each text present in its escaped form."""
    assert_inert(html, where)
    for text in texts:
        assert str(escape(text)) in html, f"{where}: {text[:60]!r} not shown escaped"


def db_snapshot(db: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, to prove nothing changed (bookkeeping of sign-ins and
    the append-only audit log aside: recording an attempt is not changing the data)."""
    skip = {"login_failures", "audit_log"}
    return {
        name: [tuple(row) for row in db.db.execute(f"SELECT * FROM [{name}] ORDER BY rowid")]
        for name in db.db.table_names()
        if name not in skip and not name.startswith(("answers_fts", "answers_masked_fts"))
    }


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def all_text_values(db: Store) -> Iterator[tuple[str, str, str]]:
    """(table, column, value) of every stored text, and of every text inside stored JSON
    (attributes, details), where an escaped "\\u0000" is a NUL byte all the same."""
    for name in db.db.table_names():
        if name.startswith("answers_fts"):
            continue
        cursor = db.db.execute(f"SELECT * FROM [{name}]")
        columns = [c[0] for c in cursor.description]
        for row in cursor:
            for column, value in zip(columns, row, strict=True):
                if not isinstance(value, str):
                    continue
                yield name, column, value
                if value.startswith(("{", "[")):
                    try:
                        decoded = json.loads(value)
                    except ValueError:
                        continue
                    for text in _strings(decoded):
                        yield name, column, text


def latest_response_id(db: Store, survey_id: int) -> int:
    rows = db.db.execute(
        "SELECT id FROM responses WHERE survey_id = ? ORDER BY id DESC LIMIT 1", (survey_id,)
    )
    return int(rows.fetchone()[0])


def hostile_questionnaire_survey(db: Store, slug: str = "hostil", **fields: Any) -> dict:
    db.import_questionnaire(loads(QUESTIONNAIRE), QUESTIONNAIRE)
    return new_survey(db, "hostil", slug, **fields)


@dataclass
class Corpus:
    """The hostile survey after every payload was answered through the respondent pages."""

    survey: dict
    responses: dict[str, int] = field(default_factory=dict)  # payload name → response id
    answers: dict[str, dict[str, int]] = field(default_factory=dict)  # name → qid → answer
    stored: dict[int, str] = field(default_factory=dict)  # answer id → stored text

    @property
    def id(self) -> int:
        return int(self.survey["id"])

    def texts(self, qid: str) -> list[str]:
        """The stored answers to one question, a payload each."""
        return [self.stored[ids[qid]] for ids in self.answers.values()]


def answer_everything(app: Flask, db: Store, survey: dict, payloads: dict[str, str]) -> Corpus:
    """One respondent per payload, typed into the text and the textarea question, sent."""
    corpus = Corpus(survey)
    for name, payload in payloads.items():
        respondent = app.test_client()
        slug = survey["slug"]
        answers = {"fritext": payload, "beskrivning": f"{payload} {KEYWORD}"}
        reply = post_form(respondent, f"/s/{slug}/1", {**answers, "val": "ja", "flera": "skolan"})
        assert reply.status_code == 302, (name, reply.status_code)
        post_form(respondent, f"/s/{slug}/2", {"mer": ""})
        done = post_form(respondent, f"/s/{slug}/review", {})
        assert done.headers["Location"].endswith("/done"), name
        corpus.responses[name] = latest_response_id(db, survey["id"])
    for row in db.open_answers(survey["id"]):
        name = next(n for n, r in corpus.responses.items() if r == row["response_id"])
        corpus.answers.setdefault(name, {})[row["question"]] = row["id"]
        corpus.stored[row["id"]] = row["text"]
    return corpus


@dataclass
class Coded:
    """The corpus coded through the workbench by an evaluator: a code per payload (its
    label and description the payload), the text answer coded whole and the payload part
    of the description as a span, a memo on each answer, coding and code, and the engine's
    suggestion of a keyword code on every description."""

    corpus: Corpus
    evaluator: FlaskClient
    csrf: str
    codes: dict[str, int] = field(default_factory=dict)  # payload name → code id
    codings: dict[str, int] = field(default_factory=dict)  # payload name → span coding id
    cell_json: list[str] = field(default_factory=list)  # `html` of every coding reply


def code_everything(app: Flask, db: Store, corpus: Corpus) -> Coded:
    from survey.workbench.suggestions import code_survey
    from survey.workbench.training import CODEBOOK_LANGUAGE

    sid = corpus.id
    evaluator = staff(app, db, "eva@example.org", "evaluator", sid)
    coded = Coded(corpus, evaluator, token(evaluator))
    base = f"/coding/surveys/{sid}"
    names_used: set[str] = set()
    for name, payload in ANSWERS.items():
        label = payload[: edit.MAX_LABEL]
        same = " ".join(cleaned(label).split()).casefold()
        if same in names_used:
            # Two payloads that clean to one name ("\t=1+2", "\r=1+2"): a codebook
            # refuses a second code with a name it has, so this one says which it is.
            label = f"{label[: edit.MAX_LABEL - len(name) - 3]} ({name})"
        names_used.add(same)
        added = evaluator.post(
            f"{base}/codebook/codes",
            data={
                "csrf_token": coded.csrf,
                "label": label,
                "description": payload[: edit.MAX_DESCRIPTION],
            },
        )
        assert added.status_code == 302, (name, added.status_code)
        coded.codes[name] = int(added.headers["Location"].rsplit("/", 1)[1])
        ids = corpus.answers[name]
        whole = evaluator.post(
            f"{base}/answers/{ids['fritext']}/codings",
            data={"csrf_token": coded.csrf, "code_id": coded.codes[name]},
            headers=JSON,
        )
        quote = cleaned(payload)
        span = evaluator.post(
            f"{base}/answers/{ids['beskrivning']}/codings",
            data={
                "csrf_token": coded.csrf,
                "code_id": coded.codes[name],
                "start": 0,
                "end": len(quote),
                "quote": quote,
            },
            headers=JSON,
        )
        for reply in (whole, span):
            assert reply.status_code == 200 and reply.json["ok"], (name, reply.json)
            coded.cell_json.append(reply.json["html"])
        chip = next(c for c in db.visible_codings([ids["beskrivning"]], 0) if c["start"] == 0)
        coded.codings[name] = chip["id"]
        for target, target_id in (
            ("answer", ids["fritext"]),
            ("coding", coded.codings[name]),
            ("code", coded.codes[name]),
        ):
            memo = evaluator.post(
                f"{base}/memos",
                data={
                    "csrf_token": coded.csrf,
                    "target": target,
                    "target_id": target_id,
                    "body": payload,
                },
            )
            assert memo.status_code == 302, (name, target, memo.status_code)
    edit.add_code(db, sid, None, "Samverkan", keywords={"sv": [KEYWORD]})
    survey = db.survey_by_id(sid)
    code_survey(db, sid, edit.to_codebook(db, survey, CODEBOOK_LANGUAGE))
    return coded


def every_page(client: FlaskClient, url: str) -> list[str]:
    """Every page of a paged workbench view, following its "next page" links."""
    path = url.split("?", 1)[0]
    pages = [page_of(client.get(url))]
    while found := re.search(r'<a href="(\?[^"]*)" rel="next">', pages[-1]):
        pages.append(page_of(client.get(path + found.group(1).replace("&amp;", "&"))))
        assert len(pages) < 20, "the pager ends"
    return pages


def link_paths(text: str) -> list[str]:
    """The paths of a links file: from the web in Swedish (semicolons, "länk") or from the
    command line (commas, "link")."""
    text = text.lstrip("\ufeff")
    delimiter = ";" if text.split("\n", 1)[0].rstrip().endswith(";länk") else ","
    rows = list(csv.DictReader(io.StringIO(text), delimiter=delimiter))
    for row in rows:  # the links file opens in Excel: no cell may start a formula
        assert not any(v.startswith(FORMULA_START) for v in row.values()), row
    return [urlsplit(row.get("länk") or row["link"]).path for row in rows]


def spreadsheet(reply: TestResponse, fmt: str) -> list[list[Any]]:
    """The rows of a downloaded CSV (for Swedish Excel: semicolons) or XLSX, header first."""
    assert reply.status_code == 200, reply.status_code
    if fmt == "csv":
        text = reply.get_data(as_text=True).lstrip("\ufeff")
        return [list(row) for row in csv.reader(io.StringIO(text), delimiter=";")]
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(reply.get_data())).active
    rows = []
    for row in sheet.iter_rows():
        assert not any(c.data_type == "f" for c in row), [c.value for c in row]
        rows.append([c.value for c in row])
    return rows


def formula_cells(rows: list[list[Any]]) -> list[str]:
    return [v for row in rows for v in row if isinstance(v, str) and v.startswith(FORMULA_START)]


def upload_people(admin: FlaskClient, survey_id: int, content: bytes) -> TestResponse:
    """Upload an invitation file and confirm it, as the admin page does."""
    url = f"/admin/surveys/{survey_id}/invitations"
    tokens = form_tokens(admin, f"/admin/surveys/{survey_id}")
    preview = admin.post(
        url,
        data={**tokens, "people": (io.BytesIO(content), "personer.csv")},
        content_type="multipart/form-data",
    )
    hidden = re.search(r'name="content" value="([^"]+)"', page_of(preview))
    assert hidden, "the preview accepts the file"
    return admin.post(url, data={**tokens, "content": hidden.group(1)})


SECRET = "HEMLIGT-B"  # in every text of the other survey, so a leak is easy to see


@dataclass
class TwoSurveys:
    """Survey A (the demo, where the evaluator works) and survey B (someone else's), each
    with answers, codes, codings, suggestions, memos, a sample and a pending merge."""

    a: dict[str, int]
    b: dict[str, int]
    evaluator: FlaskClient
    viewer: FlaskClient
    admin: FlaskClient


ROUTE_VALUES = {
    "user_id": 1,
    "fmt": "csv",
    "what": "codings",
    "decision": "accept",
    "name": "figur.png",
    "report_lang": "sv",
}
FORMATS = {"reports.download": "docx", "codebook.export": "toml"}
